import type { Catalogue } from './catalogue';

/**
 * The "until stable" budget of LIME, SHAP and RISE (core/explain/stopping.ts): the result's "top k settled"
 * check and the units of evaluations it names. The budget options' texts (label, help, choices) are in the
 * methods catalogue (methods.ts) under each method's options, where core/explain/methodText.ts looks them up.
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
  },
} satisfies Catalogue;
export default stable;
