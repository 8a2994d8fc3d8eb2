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
// Budget 'stable' (the default, ../stopping.ts): the samples are evaluated in rounds of a tenth of the budget,
// and the run stops after a round once the top-k regions (k = 5) are settled at 95% confidence, with standard
// errors from the weighted ridge fit's sandwich (heteroscedasticity-consistent, HC1) covariance; 'fixed' always
// evaluates every sample. The samples are drawn up front, so a stable run is a prefix of the fixed one.
// Results: units 'probability-change' (a region's weight), checks R², the local prediction, "top k settled".

import { hashSeed, mulberry32 } from '../../data/rng';
import { batchedScores, batchSizeOf, measuredScore } from '../batching';
import { checkTarget, imageInputCompatible } from '../gradients';
import { choleskyInPlace, choleskySolve, WeightedRidge } from '../linalg';
import { paintSegments, ScoreRange, SUPERPIXEL_DEFAULTS, SUPERPIXEL_OPTION_SPECS, superpixels, type SuperpixelOptions } from '../perturb';
import { evaluationsCheck, figure, startRun } from '../result';
import { BUDGET_OPTION, lookSchedule, SETTLE_TOP_OPTION, STABLE_CONFIDENCE, STABLE_ROUNDS, STABLE_TOP_K, stoppingCheck, stoppingUnit, topKSettled, type BudgetChoice } from '../stopping';
import type { ExplainMethod } from '../types';
import { validateOptions, seedOption } from '../types';
import { t } from '../../../shared/i18n';

/** lime's kernel on the cosine distance between a 0/1 sample with k of M ones and the all-ones row. */
export function limeKernel(k: number, M: number, width: number): number {
  const d = k === 0 ? 1 : 1 - Math.sqrt(k / M);
  return Math.sqrt(Math.exp(-(d * d) / (width * width)));
}

/**
 * Standard errors of the weighted ridge weights (sklearn's Ridge(alpha) with an intercept and sample weights,
 * as WeightedRidge) by the sandwich estimator (White 1980; HC1 scaling n / (n − M − 1), MacKinnon & White 1985):
 *   V = B⁻¹ [ Σ_i w_i² r_i² x̃_i x̃_iᵀ ] B⁻¹ · n / (n − M − 1),   B = Σ_i w_i x̃_i x̃_iᵀ + αI,   x̃_i = z_i − z̄_w,
 * r_i = y_i − b − z_i·w the residuals of the fit. `Z` holds n rows of M zeros and ones, `y` the n targets, `w`
 * the n kernel weights, `fit` the ridge's weights and intercept on the same rows. Returns M standard errors;
 * NaN when n <= M + 1 (too few rows to estimate them).
 */
export function ridgeStandardErrors(Z: Uint8Array, y: ArrayLike<number>, w: ArrayLike<number>, n: number, M: number, alpha: number, fit: { weights: ArrayLike<number>; intercept: number }): Float64Array {
  const se = new Float64Array(M);
  if (n <= M + 1) return se.fill(NaN);
  let sw = 0;
  const mean = new Float64Array(M);
  for (let i = 0; i < n; i++) {
    sw += w[i];
    for (let j = 0; j < M; j++) if (Z[i * M + j]) mean[j] += w[i];
  }
  if (!(sw > 0)) return se.fill(NaN);
  for (let j = 0; j < M; j++) mean[j] /= sw;
  const B = new Float64Array(M * M);
  const meat = new Float64Array(M * M);
  const v = new Float64Array(M);
  for (let i = 0; i < n; i++) {
    let pred = fit.intercept;
    for (let j = 0; j < M; j++) {
      const z = Z[i * M + j];
      if (z) pred += fit.weights[j];
      v[j] = z - mean[j];
    }
    const r = y[i] - pred;
    const a = w[i];
    const c = a * a * r * r;
    for (let j = 0; j < M; j++) {
      const aj = a * v[j];
      const cj = c * v[j];
      const row = j * M;
      for (let l = 0; l <= j; l++) {
        B[row + l] += aj * v[l];
        meat[row + l] += cj * v[l];
      }
    }
  }
  for (let j = 0; j < M; j++) {
    for (let l = 0; l < j; l++) {
      B[l * M + j] = B[j * M + l];
      meat[l * M + j] = meat[j * M + l];
    }
  }
  let scale = 0;
  for (let j = 0; j < M; j++) scale = Math.max(scale, B[j * M + j]);
  let ridge = alpha;
  let L: Float64Array | null = null;
  for (let attempt = 0; attempt < 12 && !L; attempt++) {
    const T = Float64Array.from(B);
    for (let j = 0; j < M; j++) T[j * M + j] += ridge;
    if (choleskyInPlace(T, M)) L = T;
    ridge = Math.max(ridge * 10, 1e-10 * (scale || 1));
  }
  if (!L) return se.fill(NaN);
  // Binv column by column, then diag(Binv · meat · Binv).
  const Binv = new Float64Array(M * M);
  const e = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    e.fill(0);
    e[j] = 1;
    Binv.set(choleskySolve(L, M, e), j * M); // column j (Binv is symmetric: also row j)
  }
  const hc1 = n / (n - M - 1);
  for (let j = 0; j < M; j++) {
    let q = 0;
    for (let k = 0; k < M; k++) {
      const bjk = Binv[j * M + k];
      if (bjk === 0) continue;
      let s = 0;
      for (let l = 0; l < M; l++) s += meat[k * M + l] * Binv[l * M + j];
      q += bjk * s;
    }
    se[j] = Math.sqrt(Math.max(0, q * hc1));
  }
  return se;
}

export interface LimeOptions extends SuperpixelOptions {
  [key: string]: number | string;
  samples: number;
  kernelWidth: number;
  ridgeAlpha: number;
  /** 'stable': stop once the top `settleTop` regions are settled (stopping.ts); 'fixed': every sample. */
  budget: BudgetChoice;
  settleTop: number;
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
  defaultOptions: { ...SUPERPIXEL_DEFAULTS, samples: 1000, kernelWidth: 0.25, ridgeAlpha: 1, budget: 'stable', settleTop: STABLE_TOP_K, seed: 0 },
  options: [
    ...SUPERPIXEL_OPTION_SPECS,
    { key: 'samples', label: 'Samples', type: 'number', min: 10, max: 20000, step: 10, integer: true, help: 'Perturbed copies the model sees (lime: 1000); the first keeps every region' },
    { key: 'kernelWidth', label: 'Kernel width', type: 'number', min: 0.01, max: 10, step: 0.01, help: 'How fast a copy’s weight falls with its cosine distance from the original (lime: 0.25)' },
    { key: 'ridgeAlpha', label: 'Ridge alpha', type: 'number', min: 0, max: 1000, step: 0.1, help: 'Strength of the ridge penalty on the weights (lime: 1)' },
    BUDGET_OPTION,
    SETTLE_TOP_OPTION,
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
    ctx.onProgress?.({ done: 0, total: N, stage: t('methods:checks.stages.superpixels') });
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
    const y = new Float64Array(N);
    let fx = NaN;
    // Rounds end at the looks of the stopping rule (none for 'fixed'), so where a run stops does not depend
    // on the batch size. A look needs three rows per weight for a usable sandwich covariance.
    const looks = STABLE_ROUNDS - 1;
    const schedule = o.budget === 'stable' ? lookSchedule(N, 3 * (M + 1)) : [];
    let done = 0;
    let cancelled = false;
    let stoppedEarly = false;
    for (const end of [...schedule, N]) {
      const first = done;
      const r = await batchedScores(ctx.model, {
        count: end - first,
        target,
        output: measured.output,
        head: ctx.info.head,
        batchSize: batchSizeOf(ctx),
        signal: ctx.signal,
        independent: true, // (pool) batches may be built ahead and spread over the pool
        makeBatch: (start, size) => sp.compose(keep.subarray((first + start) * M, (first + start + size) * M), size),
        onBatch: (roundDone, scores) => {
          range.add(scores, ridge.rows - first, roundDone);
          for (let s = ridge.rows; s < first + roundDone; s++) {
            y[s] = scores[s - first];
            ridge.add(Z.subarray(s * M, (s + 1) * M), y[s], weight[s]);
          }
          if (ridge.rows > 0) fx = y[0];
          if (ctx.onProgress && first + roundDone < N) {
            const fit = ridge.fit(o.ridgeAlpha);
            ctx.onProgress({ done: first + roundDone, total: N, stage: t('methods:checks.stages.perturbed'), partial: { values: Float64Array.from(fit.weights) } });
          }
        },
      });
      done = first + r.done;
      if (r.cancelled) {
        cancelled = true;
        break;
      }
      if (end < N) {
        const fit = ridge.fit(o.ridgeAlpha);
        const se = ridgeStandardErrors(Z, y, weight, done, M, o.ridgeAlpha, fit);
        if (topKSettled(fit.weights, se, o.settleTop, looks).settled) {
          stoppedEarly = true;
          break;
        }
      }
    }
    const r = { done, cancelled };
    const fit = ridge.fit(o.ridgeAlpha);
    const weights = Array.from(fit.weights);
    ctx.onProgress?.({ done: r.done, total: N, stage: t('methods:checks.stages.perturbed'), partial: { values: Float64Array.from(fit.weights) } });
    const localPrediction = fit.intercept + weights.reduce((a, b) => a + b, 0);
    const prediction = Number.isFinite(fx) ? fx : 0;
    const verdict = topKSettled(fit.weights, ridgeStandardErrors(Z, y, weight, done, M, o.ridgeAlpha, fit), o.settleTop, o.budget === 'stable' ? looks : 1);
    const stopping = { budget: o.budget, fixedBudget: N, used: done, k: verdict.top.length, required: STABLE_CONFIDENCE, confidence: verdict.confidence, stoppedEarly };
    return {
      values: paintSegments(fit.weights, sp.segmentation.labels),
      width: W,
      height: H,
      signed: true,
      segments: sp.segmentation.labels,
      units: measured.changeUnits,
      regions: {
        values: weights,
        start: { value: fit.intercept, label: t('methods:checks.lime.intercept') },
        end: { value: localPrediction, label: t('methods:checks.lime.localFit') },
        title: t('methods:checks.lime.title'),
      },
      checks: [
        {
          id: 'lime-r2',
          label: t('methods:checks.lime.r2'),
          value: fit.r2,
          format: 'number',
          status: fit.r2 < 0.5 ? 'warn' : 'ok',
          detail: t(fit.r2 < 0.5 ? 'methods:checks.lime.r2Low' : 'methods:checks.lime.r2Ok'),
        },
        figure('local-prediction', t('methods:checks.lime.localPrediction'), localPrediction, 'number', t('methods:checks.lime.localPredictionDetail')),
        measured.score === 'logit' ? figure('prediction', t('methods:checks.figures.classLogit'), prediction) : figure('prediction', t('methods:checks.figures.classProbability'), prediction, 'probability'),
        evaluationsCheck(r.done, N, 'perturbed', r.cancelled),
        ...(r.cancelled ? [] : [stoppingCheck(stopping, stoppingUnit('copies'), 'regions')]),
        range.check(o.baseline),
      ],
      run: { ...finish({ done: r.done, total: N, unit: 'perturbed copies' }, { cancelled: r.cancelled, batched: true, score: measured.score }), stopping },
    };
  },
};
