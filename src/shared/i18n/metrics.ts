import type { Catalogue } from './catalogue';

// The trust figures' sentences, labels and badge rules (core/metrics/checks.ts, worker/trust.ts): what each
// figure measured, in plain words, and the rule that set its badge (good / weak / fails).

const en = {
  rules: {
    deletion: 'Good when the map’s deletion AUC is at least 0.05 below a random order’s (on the logit: 5% of the range between the baseline’s score and the image’s); scores past those two ends count as the ends, since partly hidden images can score past the image itself; weak when below by less; fails when no better than random.',
    insertion: 'Good when the map’s insertion AUC is at least 0.05 above a random order’s (on the logit: 5% of the range between the baseline’s score and the image’s); scores past those two ends count as the ends, since partly hidden images can score past the image itself; weak when above by less; fails when no better than random.',
    randomisation: 'Fails when the map keeps ρ ≥ 0.9 with the original at every step of randomising the model; weak when ρ ≥ 0.5 with every layer random; good otherwise (Adebayo et al. 2018).',
    stability: 'Good when two seeds give ρ ≥ 0.8; weak from 0.5 to 0.8; fails below 0.5.',
    energyPointing: 'Good when at least half of the map’s mass lies in the region; weak when more than the region’s share of the image; fails otherwise.',
    pointing: 'Good when the map’s strongest point lies in the region; fails otherwise.',
  },
  flat: {
    noFigure: 'No figure: the map is flat (every value the same), so it ranks no pixel above another.',
    pointing: 'No figure: the map is flat (every value the same), so it has no strongest point and points nowhere.',
    energy: 'No figure: the map is flat (every value the same), so its mass points nowhere.',
    stability: 'No figure: one of the two maps is flat (every value the same), so their rankings cannot be compared.',
    noPositive: 'No figure: the map has no positive value (every value is zero or below), so none of its mass points anywhere.',
  },
  labels: {
    deletion: 'Deletion AUC (lower is better)',
    insertion: 'Insertion AUC (higher is better)',
    pointing: 'Strongest point inside the region',
    energy: 'Map mass inside the region',
    randomisation: 'Rank correlation after randomising {{layer}}',
    stability: 'Rank correlation between seeds {{a}} and {{b}}',
    stabilityTwo: 'Rank correlation between two seeds',
  },
  stages: {
    map: 'the map',
    curve: { deletion: 'deletion curve', insertion: 'insertion curve' },
    seed: 'the map with seed {{seed}}',
    original: 'original map',
    randomised: 'randomised {{layer}}',
  },
  notMeasured: {
    detail: 'Stopped before {{what}} was measured; run the figures again for it.',
    deletion: 'the deletion curve',
    insertion: 'the insertion curve',
    stability: 'the map of a second seed',
  },
  randomisationModel: {
    label: 'Rank correlation after randomising the model',
    stopped: 'Stopped before one pass through the model’s {{layers}} layers was done; run it again for a figure. {{rule}}',
  },
  scores: { probability: 'probability', logit: 'logit' },
  curve: {
    stopped: 'The {{mode}} curve was stopped before the end ({{done}} of {{total}} evaluations); run it again for a figure.',
    modes: { deletion: 'deletion', insertion: 'insertion' },
    end: '.',
    deletion: {
      drops: 'Removing the {{percent}} most important pixels drops the {{score}} from {{from}} to {{to}}',
      moves: 'Removing the {{percent}} most important pixels moves the {{score}} from {{from}} to {{to}}',
    },
    insertion: {
      raises: 'Putting back the {{percent}} most important pixels raises the {{score}} from {{from}} to {{to}}',
      moves: 'Putting back the {{percent}} most important pixels moves the {{score}} from {{from}} to {{to}}',
    },
    random: {
      drops: '; a random order drops it to {{to}} (AUC {{auc}} against {{randomAuc}}). {{rule}}',
      raises: '; a random order raises it to {{to}} (AUC {{auc}} against {{randomAuc}}). {{rule}}',
      moves: '; a random order moves it to {{to}} (AUC {{auc}} against {{randomAuc}}). {{rule}}',
    },
  },
  randomisation: {
    unchanged: 'The map stays the same when the model’s weights are replaced by random ones: it shows the image, not what the model learned.',
    weak: 'The map changes when the model is randomised, but keeps much of its ranking even with every layer random.',
    good: 'The map changes when the model is randomised, as an explanation of the model should.',
    detail: '{{lead}} ρ = {{top}} after the top layer, {{last}} after {{layer}}{{stopped}}. {{rule}}',
    stoppedEarly: ' (stopped early)',
  },
  stability: {
    good: 'Another seed gives nearly the same ranking of pixels.',
    bad: 'Another seed ranks the pixels differently: use more samples before reading details.',
    sameMap: 'The seed does not change this map: nothing in it is sampled with these options. {{rule}}',
  },
  energy: { detail: '{{share}} of the map’s mass lies in the region, which covers {{area}} of the image. {{rule}}' },
  pointing: {
    inside: 'The map’s strongest point is inside the region. {{rule}}',
    outside: 'The map’s strongest point is outside the region. {{rule}}',
    many: 'The strongest point is inside the region on {{hits}} of {{of}} images.',
  },
};

const zh = {
  rules: {
    deletion: '显著性图的删除 AUC 比随机顺序的低至少 0.05 时为良好（对 logit 而言：基线得分与原图得分之间范围的 5%）；超出这两端的得分按两端计，因为部分遮挡的图像得分可能超过原图本身；低得更少时为偏弱；不比随机好时为不合格。',
    insertion: '显著性图的插入 AUC 比随机顺序的高至少 0.05 时为良好（对 logit 而言：基线得分与原图得分之间范围的 5%）；超出这两端的得分按两端计，因为部分遮挡的图像得分可能超过原图本身；高得更少时为偏弱；不比随机好时为不合格。',
    randomisation: '在把模型随机化的每一步中，显著性图与原图都保持 ρ ≥ 0.9 时为不合格；所有层都随机化后仍有 ρ ≥ 0.5 时为偏弱；否则为良好（Adebayo 等，2018）。',
    stability: '两个随机种子给出 ρ ≥ 0.8 时为良好；0.5 到 0.8 为偏弱；低于 0.5 为不合格。',
    energyPointing: '显著性图至少一半的能量落在区域内时为良好；超过区域占图像的比例时为偏弱；否则为不合格。',
    pointing: '显著性图的最强点落在区域内时为良好；否则为不合格。',
  },
  flat: {
    noFigure: '没有数值：这张图是平的（所有值都相同），因此没有哪个像素排在另一个前面。',
    pointing: '没有数值：这张图是平的（所有值都相同），因此没有最强点，也不指向任何地方。',
    energy: '没有数值：这张图是平的（所有值都相同），因此它的能量不指向任何地方。',
    stability: '没有数值：两张图中有一张是平的（所有值都相同），因此无法比较它们的排序。',
    noPositive: '没有数值：这张图没有正值（所有值都为零或更低），因此它的能量不指向任何地方。',
  },
  labels: {
    deletion: '删除 AUC（越低越好）',
    insertion: '插入 AUC（越高越好）',
    pointing: '最强点是否在区域内',
    energy: '区域内的图能量占比',
    randomisation: '随机化 {{layer}} 后的秩相关',
    stability: '种子 {{a}} 与 {{b}} 之间的秩相关',
    stabilityTwo: '两个种子之间的秩相关',
  },
  stages: {
    map: '显著性图',
    curve: { deletion: '删除曲线', insertion: '插入曲线' },
    seed: '种子 {{seed}} 的显著性图',
    original: '原始显著性图',
    randomised: '随机化 {{layer}}',
  },
  notMeasured: {
    detail: '在测量{{what}}之前就停止了；请重新计算这些指标以得到它。',
    deletion: '删除曲线',
    insertion: '插入曲线',
    stability: '第二个种子的显著性图',
  },
  randomisationModel: {
    label: '随机化模型后的秩相关',
    stopped: '在对模型的 {{layers}} 层完成一轮之前就停止了；请重新运行以得到结果。{{rule}}',
  },
  scores: { probability: '概率', logit: 'logit' },
  curve: {
    stopped: '{{mode}}曲线在结束前被停止了（已完成 {{total}} 次评估中的 {{done}} 次）；请再运行一次以得到数值。',
    modes: { deletion: '删除', insertion: '插入' },
    end: '。',
    deletion: {
      drops: '移除最重要的 {{percent}} 像素后，{{score}}从 {{from}} 降到 {{to}}',
      moves: '移除最重要的 {{percent}} 像素后，{{score}}从 {{from}} 变为 {{to}}',
    },
    insertion: {
      raises: '放回最重要的 {{percent}} 像素后，{{score}}从 {{from}} 升到 {{to}}',
      moves: '放回最重要的 {{percent}} 像素后，{{score}}从 {{from}} 变为 {{to}}',
    },
    random: {
      drops: '；随机顺序使它降到 {{to}}（AUC {{auc}}，随机为 {{randomAuc}}）。{{rule}}',
      raises: '；随机顺序使它升到 {{to}}（AUC {{auc}}，随机为 {{randomAuc}}）。{{rule}}',
      moves: '；随机顺序使它变为 {{to}}（AUC {{auc}}，随机为 {{randomAuc}}）。{{rule}}',
    },
  },
  randomisation: {
    unchanged: '把模型权重换成随机数后，显著性图仍然不变：它显示的是图像本身，而不是模型学到的东西。',
    weak: '模型随机化后显著性图会变，但即使所有层都随机化了，仍保留了大部分排序。',
    good: '模型随机化后显著性图随之改变，这正是对模型的解释应有的表现。',
    detail: '{{lead}} 随机化顶层后 ρ = {{top}}，随机化到 {{layer}} 后为 {{last}}{{stopped}}。{{rule}}',
    stoppedEarly: '（提前停止）',
  },
  stability: {
    good: '换一个种子，像素排序几乎相同。',
    bad: '换一个种子，像素排序就不同了：在细看之前请先增加样本数。',
    sameMap: '种子不会改变这张图：在这些选项下，其中没有任何随机抽样的部分。{{rule}}',
  },
  energy: { detail: '显著性图 {{share}} 的能量落在区域内，而该区域占图像的 {{area}}。{{rule}}' },
  pointing: {
    inside: '显著性图的最强点在区域内。{{rule}}',
    outside: '显著性图的最强点在区域外。{{rule}}',
    many: '在 {{of}} 幅图像中，有 {{hits}} 幅的最强点在区域内。',
  },
};

const metrics = { en, zh } satisfies Catalogue;
export default metrics;
