// Integrated Gradients — Sundararajan, Taly & Yan, "Axiomatic Attribution for Deep Networks", ICML 2017.
//   IG_i(x) = (x_i - x'_i) * ∫_0^1 dS_c/dx_i (x' + α (x - x')) dα
// approximated with m steps by the trapezoid rule (α_k = k/m, end points weighted 1/2) or the midpoint
// rule (α_k = (k + 1/2)/m), summed over colour channels into an H x W map. S_c is the pre-softmax score.
// Completeness: sum_i IG_i(x) = S_c(x) - S_c(x'); the gap between the two is the integration error and
// is the 'completeness' check. The 'noise' baseline averages IG over several uniform-noise baselines
// (each satisfies completeness, so their mean does too, against the mean baseline score).
// Baselines come from ../baselines.ts: 'black' is black in the model's input scale when the preprocessing
// is known (ctx.preprocessing), else the all-zeros input, the paper's baseline.
// Results: units 'logit-change'; checks completeness gap, sum of attributions, f(x), f(baseline).

import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../../data/rng';
import { runModel } from '../../model/graph';
import { baselineImage, baselineOptions, baselineRequest, baselineTensor, type BaselineOptionValues } from '../baselines';
import { checkTarget, imageInputCompatible, reduceChannels, sumGradients } from '../gradients';
import { evaluationsCheck, figure, startRun } from '../result';
import type { ExplainMethod } from '../types';
import { validateOptions, seedOption } from '../types';
import { t } from '../../../shared/i18n';

export interface IntegratedGradientsOptions extends BaselineOptionValues {
  [key: string]: number | string;
  steps: number;
  rule: 'trapezoid' | 'midpoint';
  draws: number;
  seed: number;
}

/** Above this relative completeness gap the map is flagged: more steps would make it more faithful. */
export const COMPLETENESS_WARN = 0.05;

/** Path positions α_k and quadrature weights for m steps. */
export function quadrature(m: number, rule: 'trapezoid' | 'midpoint'): { alphas: number[]; weights: number[] } {
  if (rule === 'midpoint') {
    return { alphas: Array.from({ length: m }, (_, k) => (k + 0.5) / m), weights: Array.from({ length: m }, () => 1 / m) };
  }
  return {
    alphas: Array.from({ length: m + 1 }, (_, k) => k / m),
    weights: Array.from({ length: m + 1 }, (_, k) => (k === 0 || k === m ? 0.5 / m : 1 / m)),
  };
}

export const integratedGradients: ExplainMethod<IntegratedGradientsOptions> = {
  id: 'intgrad',
  label: 'Integrated Gradients',
  summary: 'Splits the class score among the pixels by following a straight path from a plain reference image to this one.',
  about:
    'Integrated Gradients starts from a reference image that carries no information (black, blurred, a flat average colour, or random noise) and fades the real image in step by step. ' +
    'Along the way it adds up how much each pixel moved the score of the chosen class. ' +
    'Red pixels raised the score compared with the reference, blue pixels lowered it, and all the values add up to the difference in score between the image and the reference ' +
    '(the "completeness" check shown with the result tells how closely they did). The choice of reference matters: a pixel that already looks like the reference gets no credit.',
  kind: 'gradient',
  signed: true,
  defaultOptions: { steps: 50, rule: 'trapezoid', baseline: 'black', baselineColor: '#808080', draws: 4, seed: 0 },
  options: [
    { key: 'steps', label: 'Steps', type: 'number', min: 1, max: 1000, step: 1, integer: true, help: 'Points on the path from the reference to the image; more steps, smaller integration error' },
    {
      key: 'rule',
      label: 'Integration rule',
      type: 'select',
      choices: [
        { value: 'trapezoid', label: 'Trapezoid (includes both end points)' },
        { value: 'midpoint', label: 'Midpoint (centres of the steps)' },
      ],
    },
    ...baselineOptions(['black', 'blur', 'mean', 'noise', 'color'], 'Baseline (where the path starts)', 'What "no information" looks like; attributions are relative to it'),
    { key: 'draws', label: 'Noise draws', type: 'number', min: 1, max: 32, step: 1, integer: true, help: 'How many noise references to average over (noise reference only)' },
    seedOption('Fixes the noise references'),
  ],
  isCompatible: imageInputCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(integratedGradients, raw);
    checkTarget(ctx, target);
    const finish = startRun(ctx, integratedGradients.id, target, o);
    const [, H, W, C] = input.shape;
    const n = H * W * C;
    const { alphas, weights } = quadrature(o.steps, o.rule);
    const P = alphas.length;
    const draws = o.baseline === 'noise' ? o.draws : 1;
    const count = P * draws;

    // Baselines: one [1,H,W,C] tensor, or one array per noise draw.
    let base: tf.Tensor4D | null = null;
    const noiseBases: Float32Array[] = [];
    if (o.baseline === 'noise') {
      for (let d = 0; d < draws; d++) noiseBases.push(await baselineImage(ctx, input, { kind: 'noise', seed: hashSeed(o.seed, d, 0x1600) }));
    } else {
      base = await baselineTensor(ctx, input, baselineRequest(o));
    }

    try {
      // Scores at the image and at each baseline, for the completeness check.
      const ends = tf.tidy(() => {
        let bases = base;
        if (!bases) {
          const arr = new Float32Array(draws * n);
          noiseBases.forEach((b, d) => arr.set(b, d * n));
          bases = tf.tensor4d(arr, [draws, H, W, C]);
        }
        const out = runModel(ctx.model, tf.concat([input, bases], 0), { logits: true }).output as tf.Tensor2D;
        return tf.reshape(tf.slice(out, [0, target], [draws + 1, 1]), [draws + 1]);
      });
      const endScores = await ends.data();
      ends.dispose();
      const fx = endScores[0];
      let fBaseline = 0;
      for (let d = 1; d <= draws; d++) fBaseline += endScores[d] / draws;

      ctx.onProgress?.({ done: 0, total: count, stage: t('methods:checks.stages.path') });
      const r = await sumGradients(ctx, input, {
        count,
        target,
        stage: t('methods:checks.stages.path'),
        makeBatch: (start, size) => {
          const a = new Float32Array(size);
          const w = new Float32Array(size);
          for (let i = 0; i < size; i++) {
            const k = (start + i) % P;
            a[i] = alphas[k];
            w[i] = weights[k] / draws;
          }
          let b: tf.Tensor4D;
          if (base) b = base;
          else {
            const arr = new Float32Array(size * n);
            for (let i = 0; i < size; i++) arr.set(noiseBases[Math.floor((start + i) / P)], i * n);
            b = tf.tensor4d(arr, [size, H, W, C]);
          }
          const diff = tf.sub(input, b);
          const x = tf.add(b, tf.mul(tf.tensor4d(a, [size, 1, 1, 1]), diff)) as tf.Tensor4D;
          return { x, weight: tf.mul(tf.tensor4d(w, [size, 1, 1, 1]), diff) };
        },
      });
      let sumAttributions = 0;
      for (const v of r.sum) sumAttributions += v;
      const delta = fx - fBaseline;
      const gap = sumAttributions - delta;
      const values = reduceChannels(r.sum, H, W, C, 'sum');
      const relativeGap = Math.abs(delta) > 1e-12 ? Math.abs(gap) / Math.abs(delta) : Math.abs(gap);
      const warn = relativeGap > COMPLETENESS_WARN;
      return {
        values,
        width: W,
        height: H,
        signed: true,
        units: 'logit-change',
        checks: [
          {
            id: 'completeness',
            label: t('methods:checks.intgrad.completeness'),
            value: relativeGap,
            format: 'percent',
            status: warn ? 'warn' : 'ok',
            detail: t(`methods:checks.intgrad.${warn ? 'completenessWarn' : 'completenessOk'}`, { sum: sumAttributions.toPrecision(3), delta: delta.toPrecision(3) }),
          },
          figure('sum', t('methods:checks.intgrad.sum'), sumAttributions),
          figure('fx', t('methods:checks.figures.logitOfClass'), fx),
          figure('f-baseline', t('methods:checks.intgrad.fBaseline'), fBaseline, 'number', draws > 1 ? t('methods:checks.intgrad.fBaselineMean', { draws }) : undefined),
          evaluationsCheck(r.done, count, 'path', r.cancelled),
        ],
        run: finish({ done: r.done, total: count, unit: 'gradients along the path' }, { cancelled: r.cancelled, batched: true }),
      };
    } finally {
      base?.dispose();
    }
  },
};
