// RISE — Petsiuk, Das & Saenko, "RISE: Randomized Input Sampling for Explanation of Black-box
// Models", BMVC 2018.
//   S_c(λ) = 1 / (E[M] · N) · sum_{i=1..N} f_c(x ⊙ M_i + r ⊙ (1 - M_i)) · M_i(λ),    E[M] = p
// Each mask M_i: a random s x s binary grid (cells kept with probability p), upsampled bilinearly to
// (s+1)·C x (s+1)·C with C = ceil(H/s), then cropped to H x W at a random shift in [0, C) — the shift
// makes the masks smooth and not aligned to one grid. f_c is the softmax probability of class c.
// The paper hides with zeros (r = 0, black for a [0, 1] model; baseline 'black' is black in any scale).
// A black background is out of distribution for many models: the demo model calls every black-masked
// copy "cyst" (p(lesion) ~ 0) and the pointing game falls to 0/50. Hiding with the image's mean colour
// (the default) or a blurred copy avoids that. The baseline r comes from ../baselines.ts.
// Masks come from a seeded generator, mask after mask, so a seed gives the same map at any batch size.
// Budget 'stable' (the default, ../stopping.ts): the masks are evaluated in rounds of a tenth of the budget,
// and the run stops after a round once the top cells of the map are settled at 95% confidence. The cells are
// the map cut into the s x s grid of the masks (the scale at which a RISE map can vary); a cell's value is the
// mean of f_c(x ⊙ M_i) · mean_cell(M_i) / p over the masks, its standard error that running mean's. The top
// cells are the highest `settleShare` percent of them (10%: 7 of 64). 'fixed' always evaluates every mask.
// Masks are drawn in order, so a stable run is a prefix of the fixed one.
// Results: units 'probability'; checks evaluations used, "top cells settled" and saturation.

import { hashSeed, mulberry32, type Rng } from '../../data/rng';
import { baselineImage, baselineOptions, baselineRequest, type BaselineOptionValues } from '../baselines';
import { batchedScores, batchSizeOf, measuredScore } from '../batching';
import { BatchBuffer, blendMasks } from '../compose';
import { checkTarget, imageInputCompatible } from '../gradients';
import { ScoreRange } from '../perturb';
import { evaluationsCheck, startRun } from '../result';
import { BUDGET_OPTION, lookSchedule, STABLE_CONFIDENCE, STABLE_ROUNDS, stoppingCheck, stoppingUnit, topKSettled, type BudgetChoice } from '../stopping';
import type { ExplainMethod } from '../types';
import { validateOptions, seedOption } from '../types';
import { t } from '../../../shared/i18n';

/** For each position of the upsampled axis: the two grid cells it interpolates between and the weight. */
function axisTable(s: number, up: number): { i0: Int32Array; i1: Int32Array; w: Float32Array } {
  const i0 = new Int32Array(up);
  const i1 = new Int32Array(up);
  const w = new Float32Array(up);
  for (let u = 0; u < up; u++) {
    const g = Math.min(Math.max(((u + 0.5) * s) / up - 0.5, 0), s - 1);
    i0[u] = Math.floor(g);
    i1[u] = Math.min(i0[u] + 1, s - 1);
    w[u] = g - i0[u];
  }
  return { i0, i1, w };
}

/** A generator of RISE masks for an H x W input; writes each mask into `out` at `offset`. */
export function riseMaskGenerator(H: number, W: number, s: number, p: number, rng: Rng): (out: Float32Array, offset: number) => void {
  const cellH = Math.ceil(H / s);
  const cellW = Math.ceil(W / s);
  const ty = axisTable(s, (s + 1) * cellH);
  const tx = axisTable(s, (s + 1) * cellW);
  const grid = new Float32Array(s * s);
  return (out, offset) => {
    for (let i = 0; i < grid.length; i++) grid[i] = rng() < p ? 1 : 0;
    const dy = Math.floor(rng() * cellH);
    const dx = Math.floor(rng() * cellW);
    for (let y = 0; y < H; y++) {
      const u = y + dy;
      const r0 = ty.i0[u] * s;
      const r1 = ty.i1[u] * s;
      const wy = ty.w[u];
      const row = offset + y * W;
      for (let x = 0; x < W; x++) {
        const v = x + dx;
        const c0 = tx.i0[v];
        const c1 = tx.i1[v];
        const wx = tx.w[v];
        const top = grid[r0 + c0] * (1 - wx) + grid[r0 + c1] * wx;
        const bot = grid[r1 + c0] * (1 - wx) + grid[r1 + c1] * wx;
        out[row + x] = top * (1 - wy) + bot * wy;
      }
    }
  };
}

export interface RiseOptions extends BaselineOptionValues {
  [key: string]: number | string;
  masks: number;
  grid: number;
  keep: number;
  /** 'stable': stop once the top `settleShare` % of the map's cells are settled (stopping.ts); 'fixed': every mask. */
  budget: BudgetChoice;
  settleShare: number;
  seed: number;
}

/**
 * The cell of each pixel of an H x W map cut into an s x s grid (row-major cells; cell rows and columns as
 * even as integer division makes them): Int32Array of H·W cell ids in 0 .. s·s − 1.
 */
export function cellIndex(H: number, W: number, s: number): Int32Array {
  const out = new Int32Array(H * W);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[y * W + x] = Math.floor((y * s) / H) * s + Math.floor((x * s) / W);
  return out;
}

export const rise: ExplainMethod<RiseOptions> = {
  id: 'rise',
  label: 'RISE',
  summary: 'Shows the model thousands of randomly masked copies of the image and credits the regions that were visible whenever it stayed sure.',
  about:
    'RISE treats the model as a black box. It hides random, soft-edged parts of the image thousands of times and records how sure the model still is of the chosen class each time. ' +
    'A region gets a high value if the model tended to be sure whenever that region was visible. ' +
    'Bright areas are what the model needs to see; the map is smooth rather than pixel-sharp, and more masks make it less noisy. The seed fixes the random masks.',
  kind: 'perturbation',
  signed: false,
  defaultOptions: { masks: 2000, grid: 8, keep: 0.5, baseline: 'mean', baselineColor: '#808080', budget: 'stable', settleShare: 10, seed: 0 },
  options: [
    { key: 'masks', label: 'Masks', type: 'number', min: 10, max: 20000, step: 10, integer: true, help: 'Number of random masks (N); the paper uses 4000-8000 on ImageNet' },
    { key: 'grid', label: 'Grid size (cells per side)', type: 'number', min: 2, max: 64, step: 1, integer: true, help: 'Masks are drawn on an s x s grid and smoothly enlarged; smaller s, larger blobs' },
    { key: 'keep', label: 'Keep probability', type: 'number', min: 0.05, max: 0.95, step: 0.05, help: 'Chance that a grid cell stays visible (p)' },
    ...baselineOptions(['mean', 'blur', 'black', 'noise', 'color'], 'Baseline (what hidden parts become)', 'What the model sees where a mask hides the image; black can look like an object to some models'),
    BUDGET_OPTION,
    { key: 'settleShare', label: 'Share of the map to settle (%)', type: 'number', min: 1, max: 50, step: 1, integer: true, help: 'Until stable stops when the highest cells of the map (this share of the grid) are settled' },
    seedOption('Same seed, same masks, same map'),
  ],
  isCompatible: imageInputCompatible,
  followsScoreChoice: true,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(rise, raw);
    checkTarget(ctx, target);
    const finish = startRun(ctx, rise.id, target, o);
    const [, H, W] = input.shape;
    const hw = H * W;
    const C = input.shape[3];
    const next = riseMaskGenerator(H, W, o.grid, o.keep, mulberry32(hashSeed(o.seed, 0x815e)));
    const sal = new Float64Array(hw);
    // The masked copies are composed in JS (compose.ts): fill + (x − fill) · M_i.
    const fill = await baselineImage(ctx, input, baselineRequest(o, hashSeed(o.seed, 0xba5e)));
    const x = (await input.data()) as Float32Array;
    const diff = Float32Array.from(x, (v, i) => v - fill[i]);
    const batch = new BatchBuffer(H, W, C);
    const pending = new Map<number, Float32Array>();
    let folded = 0;
    const measured = measuredScore(ctx);
    ctx.onProgress?.({ done: 0, total: o.masks, stage: t('methods:checks.stages.masked') });
    // Cells of the map (the masks' grid) and each cell's running sum and sum of squares, for the stopping rule.
    const s = Math.min(o.grid, H, W);
    const cells = s * s;
    const cellOf = cellIndex(H, W, s);
    const cellSize = new Float64Array(cells);
    for (let j = 0; j < hw; j++) cellSize[cellOf[j]]++;
    const sum1 = new Float64Array(cells);
    const sum2 = new Float64Array(cells);
    const perMask = new Float64Array(cells);
    const kCells = Math.max(1, Math.ceil((o.settleShare / 100) * cells));
    const looks = STABLE_ROUNDS - 1;
    const verdictAt = (n: number, looksCounted: number) => {
      const mean = new Float64Array(cells);
      const se = new Float64Array(cells);
      for (let c = 0; c < cells; c++) {
        mean[c] = sum1[c] / n;
        const v = n > 1 ? Math.max(0, (sum2[c] - n * mean[c] * mean[c]) / (n - 1)) : NaN;
        se[c] = Math.sqrt(v / n);
      }
      return topKSettled(mean, se, kCells, looksCounted);
    };
    const scores = new Float32Array(o.masks);
    const schedule = o.budget === 'stable' ? lookSchedule(o.masks, 100) : []; // 100 masks before a look: a steadier standard error
    let done = 0;
    let cancelled = false;
    let stoppedEarly = false;
    for (const end of [...schedule, o.masks]) {
      const first = done;
      pending.clear();
      folded = 0;
      const round = await batchedScores(ctx.model, {
        count: end - first,
        target,
        output: measured.output,
        head: ctx.info.head,
        batchSize: batchSizeOf(ctx),
        signal: ctx.signal,
        independent: true, // (pool) batches may be built ahead of their scores: each keeps its own masks until onBatch
        makeBatch: (start, size) => {
          const batchMasks = new Float32Array(size * hw);
          pending.set(start, batchMasks);
          for (let b = 0; b < size; b++) next(batchMasks, b * hw);
          const out = batch.array(size);
          blendMasks(out, fill, diff, batchMasks, size, hw, C);
          return batch.tensor(out, size);
        },
        onBatch: (roundDone, roundScores) => {
          const batchStart = folded;
          const batchMasks = pending.get(batchStart)!;
          pending.delete(batchStart);
          folded = roundDone;
          for (let i = batchStart; i < roundDone; i++) {
            const f = roundScores[i];
            scores[first + i] = f;
            const off = (i - batchStart) * hw;
            perMask.fill(0);
            for (let j = 0; j < hw; j++) {
              const m = batchMasks[off + j];
              sal[j] += f * m;
              perMask[cellOf[j]] += m;
            }
            for (let c = 0; c < cells; c++) {
              const v = (f * perMask[c]) / (cellSize[c] * o.keep);
              sum1[c] += v;
              sum2[c] += v * v;
            }
          }
          ctx.onProgress?.({ done: first + roundDone, total: o.masks, stage: t('methods:checks.stages.masked') });
        },
      });
      done = first + round.done;
      if (round.cancelled) {
        cancelled = true;
        break;
      }
      if (end < o.masks && verdictAt(done, looks).settled) {
        stoppedEarly = true;
        break;
      }
    }
    const r = { done, cancelled, scores };
    const range = new ScoreRange(measured.score);
    range.add(r.scores, 0, r.done);
    const verdict = done > 1 ? verdictAt(done, o.budget === 'stable' ? looks : 1) : { confidence: 0, top: [] as number[] };
    const stopping = { budget: o.budget, fixedBudget: o.masks, used: done, k: kCells, required: STABLE_CONFIDENCE, confidence: verdict.confidence, stoppedEarly };
    const norm = r.done > 0 ? 1 / (r.done * o.keep) : 0;
    const values = Float32Array.from(sal, (v) => v * norm);
    return {
      values,
      width: W,
      height: H,
      // A mean logit can be negative (a mean probability cannot): then the map is drawn signed.
      signed: values.some((v) => v < 0),
      units: measured.score,
      checks: [
        evaluationsCheck(r.done, o.masks, 'masked', r.cancelled),
        ...(r.cancelled ? [] : [stoppingCheck(stopping, stoppingUnit('masks'), 'cells')]),
        range.check(o.baseline),
      ],
      run: { ...finish({ done: r.done, total: o.masks, unit: 'masked copies' }, { cancelled: r.cancelled, batched: true, score: measured.score }), stopping },
    };
  },
};
