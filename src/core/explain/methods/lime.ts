// LIME — Ribeiro, Singh & Guestrin, "'Why Should I Trust You?': Explaining the Predictions of Any
// Classifier", KDD 2016. The image explainer, over superpixels:
//   z ∈ {0,1}^M             which superpixels stay visible (each with p = 0.5; the first sample keeps all)
//   π(z) = sqrt( exp( -d(z, 1)^2 / σ^2 ) ),   d = cosine distance,  σ = kernel width (0.25)
//   g = argmin_g  Σ_z π(z) ( f(x_z) - g(z) )^2 + α ||w||^2,   g(z) = b + w·z   (weighted ridge, α = 1)
// f is the softmax probability of the target class; x_z is the image with the hidden superpixels filled.
// The weight w_i of superpixel i is the explanation; R^2 of the weighted fit says how far a linear story
// holds around this image (lime's `score`). Defaults follow lime's LimeImageExplainer; unlike lime, the
// sampling is seeded, so the same seed gives the same explanation. Superpixels and the baseline of hidden
// regions come from ../perturb.ts and ../baselines.ts, the ridge from ../linalg.ts.
// Results: units 'probability-change' (a region's weight), checks R² and the local prediction.

import { hashSeed, mulberry32 } from '../../data/rng';
import { batchedScores, batchSizeOf, measuredScore } from '../batching';
import { checkTarget, imageInputCompatible } from '../gradients';
import { WeightedRidge } from '../linalg';
import { paintSegments, ScoreRange, SUPERPIXEL_DEFAULTS, SUPERPIXEL_OPTION_SPECS, superpixels, type SuperpixelOptions } from '../perturb';
import { evaluationsCheck, figure, startRun } from '../result';
import type { ExplainMethod } from '../types';
import { validateOptions, seedOption } from '../types';

/** lime's kernel on the cosine distance between a 0/1 sample with k of M ones and the all-ones row. */
export function limeKernel(k: number, M: number, width: number): number {
  const d = k === 0 ? 1 : 1 - Math.sqrt(k / M);
  return Math.sqrt(Math.exp(-(d * d) / (width * width)));
}

export interface LimeOptions extends SuperpixelOptions {
  [key: string]: number | string;
  samples: number;
  kernelWidth: number;
  ridgeAlpha: number;
  seed: number;
}

export const lime: ExplainMethod<LimeOptions> = {
  id: 'lime',
  label: 'LIME',
  summary: 'Hides random groups of superpixels, fits a simple weighted linear model to the answers, and shows each region’s weight.',
  about:
    'LIME cuts the image into regions (superpixels) and asks the model about many copies of the image with random regions hidden. ' +
    'It then fits a straight-line model that predicts the class probability from which regions were visible, paying most attention to copies close to the original. ' +
    'Each region’s weight is how much showing it raised (positive) or lowered (negative) the probability in that simple model. ' +
    'R² says how well the simple model fits: when it is low, the model’s behaviour around this image is not linear in the regions and the weights are not to be trusted. The seed fixes the random copies.',
  kind: 'perturbation',
  signed: true,
  defaultOptions: { ...SUPERPIXEL_DEFAULTS, samples: 1000, kernelWidth: 0.25, ridgeAlpha: 1, seed: 0 },
  options: [
    ...SUPERPIXEL_OPTION_SPECS,
    { key: 'samples', label: 'Samples', type: 'number', min: 10, max: 20000, step: 10, integer: true, help: 'Perturbed copies the model sees (lime: 1000); the first keeps every region' },
    { key: 'kernelWidth', label: 'Kernel width', type: 'number', min: 0.01, max: 10, step: 0.01, help: 'How fast a copy’s weight falls with its cosine distance from the original (lime: 0.25)' },
    { key: 'ridgeAlpha', label: 'Ridge alpha', type: 'number', min: 0, max: 1000, step: 0.1, help: 'Strength of the ridge penalty on the weights (lime: 1)' },
    seedOption('Same seed, same copies, same explanation'),
  ],
  isCompatible: imageInputCompatible,
  followsScoreChoice: true,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(lime, raw);
    checkTarget(ctx, target);
    const finish = startRun(ctx, lime.id, target, o);
    const [, H, W] = input.shape;
    const N = o.samples;
    ctx.onProgress?.({ done: 0, total: N, stage: 'superpixels' });
    const sp = await superpixels(ctx, input, o, hashSeed(o.seed, 0xba5e));
    const M = sp.count;
    // Which superpixels each sample keeps: 1 = visible. Row 0 is the image itself.
    const rng = mulberry32(hashSeed(o.seed, 0x11ae));
    const Z = new Uint8Array(N * M);
    const keep = new Float32Array(N * M);
    const weight = new Float64Array(N);
    for (let s = 0; s < N; s++) {
      let k = 0;
      for (let i = 0; i < M; i++) {
        const on = s === 0 || rng() < 0.5 ? 1 : 0;
        Z[s * M + i] = on;
        keep[s * M + i] = on;
        k += on;
      }
      weight[s] = limeKernel(k, M, o.kernelWidth);
    }
    const ridge = new WeightedRidge(M);
    const measured = measuredScore(ctx);
    const range = new ScoreRange(measured.score);
    let fx = NaN;
    const r = await batchedScores(ctx.model, {
      count: N,
      target,
      output: measured.output,
      head: ctx.info.head,
      batchSize: batchSizeOf(ctx),
      signal: ctx.signal,
      independent: true, // (pool) batches may be built ahead and spread over the pool
      makeBatch: (start, size) => sp.compose(keep.subarray(start * M, (start + size) * M), size),
      onBatch: (done, scores) => {
        range.add(scores, ridge.rows, done);
        for (let s = ridge.rows; s < done; s++) ridge.add(Z.subarray(s * M, (s + 1) * M), scores[s], weight[s]);
        if (ridge.rows > 0) fx = scores[0];
        if (ctx.onProgress && done < N) {
          const fit = ridge.fit(o.ridgeAlpha);
          ctx.onProgress({ done, total: N, stage: 'perturbed copies', partial: { values: Float64Array.from(fit.weights) } });
        }
      },
    });
    const fit = ridge.fit(o.ridgeAlpha);
    const weights = Array.from(fit.weights);
    ctx.onProgress?.({ done: r.done, total: N, stage: 'perturbed copies', partial: { values: Float64Array.from(fit.weights) } });
    const localPrediction = fit.intercept + weights.reduce((a, b) => a + b, 0);
    const prediction = Number.isFinite(fx) ? fx : 0;
    return {
      values: paintSegments(fit.weights, sp.segmentation.labels),
      width: W,
      height: H,
      signed: true,
      segments: sp.segmentation.labels,
      units: measured.changeUnits,
      regions: {
        values: weights,
        start: { value: fit.intercept, label: 'intercept' },
        end: { value: localPrediction, label: 'local fit at x' },
        title: 'LIME weight per region',
      },
      checks: [
        {
          id: 'lime-r2',
          label: 'Local fit R²',
          value: fit.r2,
          format: 'number',
          status: fit.r2 < 0.5 ? 'warn' : 'ok',
          detail:
            fit.r2 < 0.5
              ? 'Low: a linear model over regions explains the model poorly here, so do not trust these weights much.'
              : 'The weights describe the model’s behaviour around this image reasonably well.',
        },
        figure('local-prediction', 'Local model’s prediction at x', localPrediction, 'number', 'Intercept plus every region’s weight: what the straight-line model says for the whole image.'),
        measured.score === 'logit' ? figure('prediction', 'Class logit f(x)', prediction) : figure('prediction', 'Class probability f(x)', prediction, 'probability'),
        evaluationsCheck(r.done, N, 'perturbed copies', r.cancelled),
        range.check(o.baseline),
      ],
      run: finish({ done: r.done, total: N, unit: 'perturbed copies' }, { cancelled: r.cancelled, batched: true, score: measured.score }),
    };
  },
};
