import type { Catalogue } from './catalogue';

/**
 * The "until stable" budget of LIME, SHAP and RISE (core/explain/stopping.ts): the result's "top k settled"
 * check, the units of evaluations it names, and the budget options' texts (the method files hold the English
 * of the options; these keys give them in every language).
 */
const stable = {
  en: {
    check: {
      label: { regions: 'Top {{k}} regions settled (confidence)', cells: 'Top {{k}} map cells settled (confidence)' },
      stopped: {
        regions: 'Stopped at {{used}} of {{budget}} {{unit}}: the top {{k}} regions were settled at {{required}} confidence. The fixed budget is one click away (Budget: Fixed).',
        cells: 'Stopped at {{used}} of {{budget}} {{unit}}: the top {{k}} cells of the map were settled at {{required}} confidence. The fixed budget is one click away (Budget: Fixed).',
      },
      fullSettled: {
        regions: 'Used the whole budget of {{budget}} {{unit}}; the top {{k}} regions are settled at {{reached}} confidence.',
        cells: 'Used the whole budget of {{budget}} {{unit}}; the top {{k}} cells of the map are settled at {{reached}} confidence.',
      },
      fullUnsettled: {
        regions: 'Used the whole budget of {{budget}} {{unit}}; the top {{k}} regions did not settle at {{required}} (reached {{reached}}): regions ranked near the {{k}}th may swap places with more samples.',
        cells: 'Used the whole budget of {{budget}} {{unit}}; the top {{k}} cells of the map did not settle at {{required}} (reached {{reached}}): cells ranked near the {{k}}th may swap places with more samples.',
      },
      fixedSettled: {
        regions: 'Fixed budget of {{budget}} {{unit}}; the top {{k}} regions are settled at {{reached}} confidence.',
        cells: 'Fixed budget of {{budget}} {{unit}}; the top {{k}} cells of the map are settled at {{reached}} confidence.',
      },
      fixedUnsettled: {
        regions: 'Fixed budget of {{budget}} {{unit}}; the top {{k}} regions reached {{reached}} confidence, below {{required}}: regions ranked near the {{k}}th may swap places with more samples.',
        cells: 'Fixed budget of {{budget}} {{unit}}; the top {{k}} cells of the map reached {{reached}} confidence, below {{required}}: cells ranked near the {{k}}th may swap places with more samples.',
      },
    },
    unit: { copies: 'perturbed copies', combinations: 'combinations of regions', masks: 'masked copies' },
    options: {
      budget: {
        label: 'Budget',
        help: 'Until stable: sample in rounds and stop as soon as the top regions are settled at 95% confidence (never more than the samples set here). Fixed: always use every sample.',
        choices: { stable: 'Until stable', fixed: 'Fixed' },
      },
      settleTop: { label: 'Regions to settle', help: 'Until stable stops when the set of this many highest regions is settled' },
      settleShare: { label: 'Share of the map to settle (%)', help: 'Until stable stops when the highest cells of the map (this share of the grid) are settled' },
    },
  },
  zh: {
    check: {
      label: { regions: '前 {{k}} 个区域已稳定（置信度）', cells: '图中前 {{k}} 个格子已稳定（置信度）' },
      stopped: {
        regions: '在 {{budget}} 个{{unit}}中用了 {{used}} 个即停止：前 {{k}} 个区域已在 {{required}} 置信度下确定。固定预算只需一步即可切换（预算：固定）。',
        cells: '在 {{budget}} 个{{unit}}中用了 {{used}} 个即停止：图中前 {{k}} 个格子已在 {{required}} 置信度下确定。固定预算只需一步即可切换（预算：固定）。',
      },
      fullSettled: {
        regions: '用完了全部 {{budget}} 个{{unit}}；前 {{k}} 个区域的置信度为 {{reached}}，已稳定。',
        cells: '用完了全部 {{budget}} 个{{unit}}；图中前 {{k}} 个格子的置信度为 {{reached}}，已稳定。',
      },
      fullUnsettled: {
        regions: '用完了全部 {{budget}} 个{{unit}}，前 {{k}} 个区域仍未达到 {{required}} 置信度（达到 {{reached}}）：排在第 {{k}} 位附近的区域再多采样可能会交换位置。',
        cells: '用完了全部 {{budget}} 个{{unit}}，图中前 {{k}} 个格子仍未达到 {{required}} 置信度（达到 {{reached}}）：排在第 {{k}} 位附近的格子再多采样可能会交换位置。',
      },
      fixedSettled: {
        regions: '固定预算 {{budget}} 个{{unit}}；前 {{k}} 个区域的置信度为 {{reached}}，已稳定。',
        cells: '固定预算 {{budget}} 个{{unit}}；图中前 {{k}} 个格子的置信度为 {{reached}}，已稳定。',
      },
      fixedUnsettled: {
        regions: '固定预算 {{budget}} 个{{unit}}；前 {{k}} 个区域的置信度为 {{reached}}，低于 {{required}}：排在第 {{k}} 位附近的区域再多采样可能会交换位置。',
        cells: '固定预算 {{budget}} 个{{unit}}；图中前 {{k}} 个格子的置信度为 {{reached}}，低于 {{required}}：排在第 {{k}} 位附近的格子再多采样可能会交换位置。',
      },
    },
    unit: { copies: '扰动副本', combinations: '区域组合', masks: '遮罩副本' },
    options: {
      budget: {
        label: '采样预算',
        help: '直到稳定：分轮采样，一旦前几个区域在 95% 置信度下确定就停止（不超过这里设定的样本数）。固定：始终用完全部样本。',
        choices: { stable: '直到稳定', fixed: '固定' },
      },
      settleTop: { label: '需稳定的区域数', help: '当这么多个最高的区域组成的集合确定后，“直到稳定”即停止' },
      settleShare: { label: '需稳定的图面比例（%）', help: '当图中最高的格子（网格的这一比例）确定后，“直到稳定”即停止' },
    },
  },
} satisfies Catalogue;
export default stable;
