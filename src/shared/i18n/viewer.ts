import type { Catalogue } from './catalogue';

/**
 * The explanation view (i18n-ui): Viewer.tsx, OptionsForm.tsx, the prediction panel's sentences
 * (predictionText.ts) and how result checks read (resultText.ts).
 */
const viewer = {
  en: {
    numberError: { enter: 'Enter a number.', range: 'Must be between {{min}} and {{max}}.', whole: 'Must be a whole number.' },
    legend: {
      label: 'Colour scale',
      signed: 'blue: against the class, red: for it',
      unsigned: 'brighter: more evidence for the class',
      rescaled: 'Rescaled.',
    },
    progress: {
      working: 'working',
      stage: '{{stage}} {{pct}}',
      computing: 'computing…',
      method: '{{method}}: {{text}}',
      stop: 'Stop',
      stopTitle: 'Stop and keep what has been computed so far',
    },
    controls: { opacity: 'Heatmap opacity', colormap: 'Colormap', show: 'Show heatmap' },
    emptyState: 'Pick an image on the left, or drop your own anywhere on the page.',
    label: 'Explanation',
    compareLabel: 'Compare explanations',
    tabs: { single: 'One method', compare: 'Compare methods' },
    classN: 'class {{n}}',
    compareHeading: 'Why <cls>{{label}}</cls>? Methods side by side',
    heading: '{{method}} for <cls>{{label}}</cls>',
    heatmapLabel: '{{method}} heatmap for {{label}}',
    partial: 'Stopped early: this map uses {{done}} of {{total}} {{unit}}, so it is noisier than a full run.',
    run: {
      layer: 'Layer {{layer}}',
      computed: 'computed in {{ms}} ms on {{backend}}',
      batches: 'batches of {{n}}',
      seed: 'seed {{seed}}',
      background: 'transparent parts over {{background}}',
    },
    options: { legend: 'Options', reset: 'Reset to defaults', defaultLayer: 'default ({{layer}})', noLayer: 'default (none)' },
    colormap: { viridis: 'Viridis (colour-blind safe)', cividis: 'Cividis (colour-blind safe)', inferno: 'Inferno', magma: 'Magma', turbo: 'Turbo (not colour-blind safe)', grayscale: 'Grayscale' },
    saturation: {
      head: 'The probability of “{{label}}” is saturated ({{p}}, within 0.001 of {{where}}): changing parts of the image barely moves it, so a change in probability is close to zero everywhere.',
      readsLogit: '{{head}} This method reads the logit (log-odds), which still moves.',
      measuresLogit: '{{head}} So the explanation measures the logit (log-odds), which still moves.',
      measuresProbability: '{{head}} The explanation measures the probability, as chosen below; choose the logit (log-odds) to see what moves the model.',
    },
    ood: { out: 'Unlike the training images', unknown: 'Out of distribution: cannot judge' },
    empty: {
      saturated:
        'The map is empty because the probability of “{{label}}” is saturated ({{p}}): hiding parts of the image did not move it measurably. That is not evidence that nothing matters: choose Explain: logit (log-odds) in the prediction panel to see what moves the model.',
      logit: 'The map is empty: no part of the image moved the logit of “{{label}}” measurably with this method and these settings. The model may see no evidence for this class here, or the settings may hide too little to matter.',
      probability:
        'The map is empty: no part of the image moved the probability of “{{label}}” measurably with this method and these settings. The model may see no evidence for this class here, or the settings may hide too little to matter.',
      score: 'The map is empty: no part of the image moved the score of “{{label}}” measurably with this method and these settings. The model may see no evidence for this class here, or the settings may hide too little to matter.',
    },
    strength: {
      asStrong: 'On the scale of the map of “{{top}}” (the top class), so its brightness compares: this map’s strongest value is as strong as that map’s.',
      share: 'On the scale of the map of “{{top}}” (the top class), so its brightness compares: this map’s strongest value is {{share}}% of that map’s.',
      rescaled:
        'Rescaled to its own maximum: it looks as bright as the map of “{{top}}” (the top class) whatever its real strength. Explain “{{top}}” with the same method and settings to draw both on one scale.',
    },
    check: {
      countOf: '{{value}} of {{of}}',
      status: { ok: 'ok', warn: 'look closer', fail: 'failed' },
      line: '{{label}} = {{value}}',
      lineStatus: '{{label}} = {{value}} ({{status}})',
      detail: '{{line}}. {{detail}}',
    },
    // Attribution units: legends, captions, reports (shared/attribution.ts unitsLabel); the English is also UNITS, for data files.
    units: {
      'logit-gradient': { label: 'logit gradient (magnitude)', reading: 'How much the class logit would move if the pixel changed slightly.' },
      'logit-x-input': { label: 'logit gradient × input', reading: 'The pixel value times how much the class logit moves with it.' },
      'logit-change': { label: 'change in logit from the baseline', reading: 'Each pixel’s share of the logit difference between the image and the baseline.' },
      logit: { label: 'logit (log-odds)', reading: 'The class logit (log-odds) the model gave, on average, when this pixel was visible.' },
      probability: { label: 'probability', reading: 'The class probability the model gave, on average, when this pixel was visible.' },
      'probability-change': { label: 'change in probability', reading: 'How much the class probability moves when this part is shown instead of hidden.' },
      'activation-x-logit-gradient': { label: 'activation × logit gradient (relative)', reading: 'Relative strength of the layer’s evidence for the class; compare within a map, not across maps.' },
      'activation-x-probability': { label: 'activation × probability (relative)', reading: 'Layer features weighted by how sure the model is of the class when it sees only them.' },
      activation: { label: 'activation (first principal component)', reading: 'The strongest common pattern of the layer’s features, the same for every class.' },
    },
  },
  zh: {
    numberError: { enter: '请输入一个数字。', range: '必须在 {{min}} 到 {{max}} 之间。', whole: '必须是整数。' },
    legend: {
      label: '色标',
      signed: '蓝色：不利于该类别，红色：支持该类别',
      unsigned: '越亮：支持该类别的证据越多',
      rescaled: '已重新缩放。',
    },
    progress: {
      working: '处理中',
      stage: '{{stage}} {{pct}}',
      computing: '计算中…',
      method: '{{method}}：{{text}}',
      stop: '停止',
      stopTitle: '停止，并保留目前已计算的结果',
    },
    controls: { opacity: '热力图不透明度', colormap: '配色', show: '显示热力图' },
    emptyState: '在左侧选择一张图像，或将你自己的图像拖放到页面任意位置。',
    label: '解释',
    compareLabel: '比较解释',
    tabs: { single: '单一方法', compare: '比较方法' },
    classN: '类别 {{n}}',
    compareHeading: '为什么是 <cls>{{label}}</cls>？各方法并排比较',
    heading: '<cls>{{label}}</cls> 的 {{method}}',
    heatmapLabel: '{{label}} 的 {{method}} 热力图',
    partial: '提前停止：此图只用了 {{total}} 次{{unit}}中的 {{done}} 次，因此比完整运行的噪声更大。',
    run: {
      layer: '层 {{layer}}',
      computed: '在 {{backend}} 上计算，用时 {{ms}} 毫秒',
      batches: '批大小 {{n}}',
      seed: '随机种子 {{seed}}',
      background: '透明部分以{{background}}填充',
    },
    options: { legend: '选项', reset: '恢复默认值', defaultLayer: '默认（{{layer}}）', noLayer: '默认（无）' },
    colormap: { viridis: 'Viridis（色盲友好）', cividis: 'Cividis（色盲友好）', inferno: 'Inferno', magma: 'Magma', turbo: 'Turbo（对色盲不友好）', grayscale: '灰度' },
    saturation: {
      head: '“{{label}}”的概率已饱和（{{p}}，与 {{where}} 相差不到 0.001）：改变图像的局部几乎不会让它变化，所以各处的概率变化都接近于零。',
      readsLogit: '{{head}}此方法读取的是 logit（对数几率），它仍会变化。',
      measuresLogit: '{{head}}因此解释度量的是 logit（对数几率），它仍会变化。',
      measuresProbability: '{{head}}按下方的选择，解释度量的是概率；选择 logit（对数几率）才能看到是什么在影响模型。',
    },
    ood: { out: '与训练图像不同', unknown: '分布外检测：无法判断' },
    empty: {
      saturated:
        '此图为空，因为“{{label}}”的概率已饱和（{{p}}）：遮住图像的局部并未使它产生可测的变化。这并不能证明一切都无关紧要：请在预测面板中选择“解释：logit（对数几率）”，看看是什么在影响模型。',
      logit: '此图为空：用此方法和这些设置，图像的任何部分都没有使“{{label}}”的 logit 产生可测的变化。可能是模型在这里看不到该类别的证据，也可能是设置遮住的部分太少，不足以产生影响。',
      probability: '此图为空：用此方法和这些设置，图像的任何部分都没有使“{{label}}”的概率产生可测的变化。可能是模型在这里看不到该类别的证据，也可能是设置遮住的部分太少，不足以产生影响。',
      score: '此图为空：用此方法和这些设置，图像的任何部分都没有使“{{label}}”的分数产生可测的变化。可能是模型在这里看不到该类别的证据，也可能是设置遮住的部分太少，不足以产生影响。',
    },
    strength: {
      asStrong: '与“{{top}}”（最高类别）的图使用同一色标，因此亮度可以比较：此图的最强值与那张图的一样强。',
      share: '与“{{top}}”（最高类别）的图使用同一色标，因此亮度可以比较：此图的最强值是那张图的 {{share}}%。',
      rescaled: '已按自身最大值重新缩放：无论实际强度如何，它看起来都和“{{top}}”（最高类别）的图一样亮。用相同的方法和设置解释“{{top}}”，即可在同一色标上绘制两者。',
    },
    check: {
      countOf: '{{value}} / {{of}}',
      status: { ok: '正常', warn: '需仔细查看', fail: '未通过' },
      line: '{{label}} = {{value}}',
      lineStatus: '{{label}} = {{value}}（{{status}}）',
      detail: '{{line}}。{{detail}}',
    },
    units: {
      'logit-gradient': { label: 'logit 梯度（幅值）', reading: '像素稍有变化时，该类别的 logit 会变化多少。' },
      'logit-x-input': { label: 'logit 梯度 × 输入', reading: '像素值乘以该类别 logit 随它变化的幅度。' },
      'logit-change': { label: '相对基线的 logit 变化', reading: '图像与基线之间的 logit 差值中，每个像素所占的份额。' },
      logit: { label: 'logit（对数几率）', reading: '该像素可见时，模型给出的该类别 logit（对数几率）的平均值。' },
      probability: { label: '概率', reading: '该像素可见时，模型给出的该类别概率的平均值。' },
      'probability-change': { label: '概率变化', reading: '显示而不是遮挡这一部分时，该类别的概率变化多少。' },
      'activation-x-logit-gradient': { label: '激活 × logit 梯度（相对值）', reading: '该层支持该类别的证据的相对强度；请在同一张图内比较，不要跨图比较。' },
      'activation-x-probability': { label: '激活 × 概率（相对值）', reading: '按模型只看到这些特征时对该类别的把握程度加权的层特征。' },
      activation: { label: '激活（第一主成分）', reading: '该层特征中最强的共同模式，对每个类别都相同。' },
    },
  },
} satisfies Catalogue;
export default viewer;
