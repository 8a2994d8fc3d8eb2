// SmoothGrad — Smilkov, Thorat, Kim, Viégas & Wattenberg, "SmoothGrad: removing noise by adding
// noise", 2017 (arXiv:1706.03825).
//   M̂_c(x) = 1/n * sum_{i=1..n} dS_c/dx (x + N(0, σ²)),   σ = noise * (max(x) - min(x))
//   map_ij = sum_ch |M̂_c(x)_{ij,ch}|
// S_c is the pre-softmax class score. The noise is drawn from a seeded generator, sample after sample,
// so the same seed gives the same map whatever the batch size.

import { gaussian, hashSeed, mulberry32 } from '../../data/rng';
import { BatchBuffer } from '../compose';
import type { ExplainMethod } from '../types';
import { validateOptions, seedOption } from '../types';
import { checkTarget, imageInputCompatible, inputValues, reduceChannels, sumGradients } from '../gradients';
import { evaluationsCheck, figure, startRun } from '../result';
import { t } from '../../../shared/i18n';

export interface SmoothGradOptions {
  [key: string]: number;
  samples: number;
  noise: number;
  seed: number;
}

export const smoothGrad: ExplainMethod<SmoothGradOptions> = {
  id: 'smoothgrad',
  label: 'SmoothGrad',
  summary: 'Averages the gradient map over many slightly noisy copies of the image, which removes most of the speckle.',
  about:
    'A plain gradient map is sharp but speckled, because tiny changes to the image flip many small details inside the model. ' +
    'SmoothGrad adds a little random noise to the image many times, computes the gradient map for each noisy copy, and averages them. ' +
    'What survives the averaging is what the model is consistently sensitive to: bright areas are pixels whose change would move the class score most. ' +
    'More samples give a smoother, more stable map at the cost of time; the seed fixes the random noise so the map can be reproduced.',
  kind: 'gradient',
  signed: false,
  defaultOptions: { samples: 50, noise: 0.15, seed: 0 },
  options: [
    { key: 'samples', label: 'Noisy samples', type: 'number', min: 1, max: 1000, step: 1, integer: true, help: 'How many noisy copies to average (the paper finds 50 enough)' },
    { key: 'noise', label: 'Noise level', type: 'number', min: 0, max: 1, step: 0.01, help: 'Standard deviation of the noise as a fraction of the image value range (the paper suggests 0.1 to 0.2)' },
    seedOption('Same seed, same map'),
  ],
  isCompatible: imageInputCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(smoothGrad, raw);
    checkTarget(ctx, target);
    const finish = startRun(ctx, smoothGrad.id, target, o);
    const [, H, W, C] = input.shape;
    const n = H * W * C;
    const { values: x, min, max } = await inputValues(input);
    const sigma = o.noise * (max - min);
    const rng = mulberry32(hashSeed(o.seed, 0x5300));
    // The noisy copies are written in JS into one reused array per batch (compose.ts): a float32 sum
    // rounds exactly as the backend's add would, without a broadcast add on the backend.
    const batch = new BatchBuffer(H, W, C);
    ctx.onProgress?.({ done: 0, total: o.samples, stage: t('methods:checks.stages.noisy') });
    const r = await sumGradients(ctx, input, {
      count: o.samples,
      target,
      stage: t('methods:checks.stages.noisy'),
      makeBatch: (_start, size) => {
        const out = batch.array(size);
        for (let b = 0; b < size; b++) {
          const o0 = b * n;
          for (let i = 0; i < n; i++) out[o0 + i] = x[i] + Math.fround(sigma * gaussian(rng));
        }
        return { x: batch.tensor(out, size) };
      },
    });
    const mean = r.sum.map((v) => (r.done > 0 ? v / r.done : 0));
    const values = reduceChannels(mean, H, W, C, 'sumAbs');
    return {
      values,
      width: W,
      height: H,
      signed: false,
      units: 'logit-gradient',
      checks: [
        figure('noise-sd', t('methods:checks.figures.noiseSd'), sigma),
        evaluationsCheck(r.done, o.samples, 'noisy', r.cancelled),
      ],
      run: finish({ done: r.done, total: o.samples, unit: 'gradients of noisy copies' }, { cancelled: r.cancelled, batched: true }),
    };
  },
};
