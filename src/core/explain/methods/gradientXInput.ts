// Gradient x Input — Shrikumar, Greenside, Shcherbina & Kundaje, "Not Just a Black Box: Learning
// Important Features Through Propagating Activation Differences", 2016 (arXiv:1605.01713).
//   R_ij = sum_ch x_{ij,ch} * dS_c / dx_{ij,ch}        (S_c: pre-softmax class score)
// For a linear model S_c = sum w x + b this is exactly each pixel's share of the score (minus bias).

import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { checkTarget, imageInputCompatible, inputValues, reduceChannels, sumGradients } from '../gradients';
import { figure, startRun } from '../result';
import { t } from '../../../shared/i18n';

export type GradientXInputOptions = Record<string, never>;

export const gradientXInput: ExplainMethod<GradientXInputOptions> = {
  id: 'gradxinput',
  label: 'Gradient × Input',
  summary: 'Multiplies each pixel by how sensitive the class score is to it: red pushed the score up, blue pushed it down.',
  about:
    'For every pixel this multiplies its value by the gradient, i.e. by how much the score of the chosen class would move if that pixel changed. ' +
    'For a simple linear model the result is exactly how much each pixel adds to or takes away from the score. ' +
    'Red areas supported the class, blue areas argued against it. Dark (near-zero) pixels always get little credit here, even if the model cares about them.',
  kind: 'gradient',
  signed: true,
  defaultOptions: {},
  options: [],
  isCompatible: imageInputCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(gradientXInput, raw);
    checkTarget(ctx, target);
    const finish = startRun(ctx, gradientXInput.id, target, o);
    const [, H, W, C] = input.shape;
    ctx.onProgress?.({ done: 0, total: 1, stage: t('methods:checks.stages.gradients') });
    const r = await sumGradients(ctx, input, { count: 1, target, makeBatch: () => ({ x: input }), stage: t('methods:checks.stages.gradients') });
    const { values: x } = await inputValues(input);
    const prod = new Float64Array(r.sum.length);
    for (let i = 0; i < prod.length; i++) prod[i] = r.sum[i] * x[i];
    const values = reduceChannels(prod, H, W, C, 'sum');
    let total = 0;
    for (const v of values) total += v;
    return {
      values,
      width: W,
      height: H,
      signed: true,
      units: 'logit-x-input',
      checks: [
        figure('logit', t('methods:checks.figures.logitOfClass'), r.scores[0]),
        figure('sum', t('methods:checks.figures.sumOfValues'), total, 'number', t('methods:checks.figures.sumOfValuesDetail')),
      ],
      run: finish({ done: r.done, total: 1, unit: 'gradients' }, { cancelled: r.cancelled }),
    };
  },
};
