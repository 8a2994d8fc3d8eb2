// Image SHAP over superpixels — Lundberg & Lee, "A Unified Approach to Interpreting Model Predictions",
// NeurIPS 2017 (Kernel SHAP), with superpixels as the players as in shap's image maskers:
//   v(S)  = f( x with the superpixels outside S filled )        f = softmax probability of the target
//   phi_i = sum_{S ⊆ N\{i}} |S|! (M-|S|-1)! / M!  [ v(S ∪ {i}) - v(S) ]
//   sum_i phi_i = v(N) - v(∅) = f(x) - base                      (efficiency, enforced exactly)
// phi is estimated by Kernel SHAP's weighted least squares (../shapley.ts) with a budget of 2M + 2048
// coalitions as shap's KernelExplainer, and is exact when 2^M - 2 coalitions fit the budget. While it
// samples, the running estimate and its standard errors stream to the UI. Superpixels and the baseline of
// hidden regions come from ../perturb.ts and ../baselines.ts.
// Budget 'stable' (the default, ../stopping.ts): the coalitions are evaluated in rounds of a tenth of the
// budget, and the run stops after a round once the top-k regions (k = 5) are settled at 95% confidence by the
// running standard errors; 'fixed' always evaluates the whole budget. Either way the same seed gives the same
// coalitions in the same order, so a stable run is a prefix of the fixed one.
// Results: units 'probability-change', regions with standard errors from base to f(x), the efficiency check,
// the "top k settled" check.

import { hashSeed } from '../../data/rng';
import { kernelShap as estimateShapley } from '../shapley';
import { batchedScores, batchSizeOf, measuredScore } from '../batching';
import { formatNumber, formatSigned } from '../../../shared/readable';
import { checkTarget, imageInputCompatible } from '../gradients';
import { paintSegments, ScoreRange, SUPERPIXEL_DEFAULTS, SUPERPIXEL_OPTION_SPECS, superpixels, type SuperpixelOptions } from '../perturb';
import { evaluationsCheck, startRun } from '../result';
import { BUDGET_OPTION, lookSchedule, SETTLE_TOP_OPTION, STABLE_CONFIDENCE, STABLE_ROUNDS, STABLE_TOP_K, stoppingCheck, stoppingUnit, topKSettled, type BudgetChoice } from '../stopping';
import type { ExplainMethod } from '../types';
import { validateOptions, seedOption } from '../types';
import { t } from '../../../shared/i18n';

export interface ImageShapOptions extends SuperpixelOptions {
  [key: string]: number | string;
  /** Coalitions to evaluate besides the empty and the full one; 0 = shap's default 2M + 2048. */
  samples: number;
  /** 'stable': stop once the top `settleTop` regions are settled (stopping.ts); 'fixed': the whole budget. */
  budget: BudgetChoice;
  settleTop: number;
  seed: number;
}

export const kernelShapMethod: ExplainMethod<ImageShapOptions> = {
  id: 'shap',
  label: 'SHAP (Kernel, superpixels)',
  summary: 'Splits the change in the class probability, from an image with every region hidden to the real image, fairly among the regions.',
  about:
    'SHAP cuts the image into regions (superpixels) and treats them as players in a game whose payout is the model’s probability for the chosen class. ' +
    'It asks the model about many copies of the image with different regions hidden, and gives each region its Shapley value: its average contribution over all the orders in which regions could be revealed. ' +
    'The values add up exactly to the difference between the probability for the real image, f(x), and for the image with everything hidden (the base value). ' +
    'Positive regions pushed the probability up, negative ones pulled it down. With few regions every combination is tried and the values are exact; otherwise they are estimated, and the error bars show how precise.',
  kind: 'perturbation',
  signed: true,
  defaultOptions: { ...SUPERPIXEL_DEFAULTS, samples: 0, budget: 'stable', settleTop: STABLE_TOP_K, seed: 0 },
  options: [
    ...SUPERPIXEL_OPTION_SPECS,
    { key: 'samples', label: 'Samples', type: 'number', min: 0, max: 100000, step: 1, integer: true, help: 'Combinations of regions the model sees; 0 = automatic (2 × regions + 2048, as shap). Exact when every combination fits' },
    BUDGET_OPTION,
    SETTLE_TOP_OPTION,
    seedOption('Same seed, same combinations, same values'),
  ],
  isCompatible: imageInputCompatible,
  followsScoreChoice: true,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(kernelShapMethod, raw);
    checkTarget(ctx, target);
    const finish = startRun(ctx, kernelShapMethod.id, target, o);
    const [, H, W] = input.shape;
    ctx.onProgress?.({ done: 0, total: 1, stage: t('methods:checks.stages.superpixels') });
    const sp = await superpixels(ctx, input, o, hashSeed(o.seed, 0xba5e));
    const M = sp.count;
    const samples = o.samples > 0 ? o.samples : 2 * M + 2048;
    const batchSize = batchSizeOf(ctx);
    const measured = measuredScore(ctx);
    const range = new ScoreRange(measured.score);
    const value = async (coalitions: Uint8Array[]): Promise<Float32Array> => {
      const n = coalitions.length;
      const keep = new Float32Array(n * M);
      coalitions.forEach((z, k) => keep.set(z, k * M));
      const r = await batchedScores(ctx.model, {
        count: n,
        target,
        output: measured.output,
        head: ctx.info.head,
        batchSize,
        independent: true, // (pool) batches may be built ahead and spread over the pool
        makeBatch: (start, size) => sp.compose(keep.subarray(start * M, (start + size) * M), size),
      });
      range.add(r.scores);
      return r.scores;
    };
    const looks = STABLE_ROUNDS - 1;
    const res = await estimateShapley(M, value, {
      samples,
      seed: o.seed,
      batchSize,
      signal: ctx.signal,
      ...(o.budget === 'stable'
        ? { stop: { schedule: (total: number) => lookSchedule(total, 2 * M), settled: (v: Float64Array, se: Float64Array) => topKSettled(v, se, o.settleTop, looks).settled } }
        : {}),
      onProgress: ctx.onProgress
        ? (p) =>
            ctx.onProgress?.({
              done: p.done,
              total: p.total,
              stage: t('methods:checks.stages.combinations'),
              // Fresh copies: the partial's arrays are handed over to the receiver.
              partial: { values: Float64Array.from(p.values), stderr: p.stderr ? Float64Array.from(p.stderr) : undefined },
            })
        : undefined,
    });
    const values = Array.from(res.values);
    const stderr = Array.from(res.stderr, (s) => (Number.isFinite(s) ? s : 0));
    const base = Number.isFinite(res.base) ? res.base : 0;
    const full = Number.isFinite(res.full) ? res.full : 0;
    const sum = values.reduce((a, b) => a + b, 0);
    const gap = base + sum - full;
    const verdict = topKSettled(res.values, stderr, o.settleTop, o.budget === 'stable' ? looks : 1);
    const stopping = {
      budget: o.budget,
      fixedBudget: res.total,
      used: res.evaluations,
      k: verdict.top.length,
      required: STABLE_CONFIDENCE,
      confidence: res.exact ? (verdict.separation > 0 ? 1 : 0) : verdict.confidence,
      stoppedEarly: res.stoppedEarly,
    };
    const signed = (v: number) => formatSigned(v, 4);
    const plain = (v: number) => formatNumber(v, 4);
    return {
      values: paintSegments(res.values, sp.segmentation.labels),
      width: W,
      height: H,
      signed: true,
      segments: sp.segmentation.labels,
      units: measured.changeUnits,
      regions: {
        values,
        stderr,
        start: { value: base, label: t('methods:checks.shap.base') },
        end: { value: full, label: 'f(x)' },
        exact: res.exact,
        title: t('methods:checks.shap.title'),
      },
      checks: [
        {
          id: 'shap-sum',
          label: t('methods:checks.shap.gap'),
          value: gap,
          format: 'number',
          status: Math.abs(gap) <= 1e-6 ? 'ok' : 'fail',
          detail: t(res.exact ? 'methods:checks.shap.gapDetailExact' : 'methods:checks.shap.gapDetail', { base: plain(base), sum: signed(sum), fx: plain(full) }),
        },
        evaluationsCheck(res.evaluations, res.total, 'combinations', res.cancelled),
        ...(res.cancelled ? [] : [stoppingCheck(stopping, stoppingUnit('combinations'), 'regions')]),
        range.check(o.baseline),
      ],
      run: { ...finish({ done: res.evaluations, total: res.total, unit: 'combinations of regions' }, { cancelled: res.cancelled, batched: true, score: measured.score }), stopping },
    };
  },
};
