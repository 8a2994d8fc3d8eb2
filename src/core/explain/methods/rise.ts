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
// Results: units 'probability'; checks evaluations used and saturation.

import { hashSeed, mulberry32, type Rng } from '../../data/rng';
import { baselineImage, baselineOptions, baselineRequest, type BaselineOptionValues } from '../baselines';
import { batchedScores, batchSizeOf, measuredScore } from '../batching';
import { BatchBuffer, blendMasks } from '../compose';
import { checkTarget, imageInputCompatible } from '../gradients';
import { ScoreRange } from '../perturb';
import { evaluationsCheck, startRun } from '../result';
import type { ExplainMethod } from '../types';
import { validateOptions, seedOption } from '../types';

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
  seed: number;
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
  defaultOptions: { masks: 2000, grid: 8, keep: 0.5, baseline: 'mean', baselineColor: '#808080', seed: 0 },
  options: [
    { key: 'masks', label: 'Masks', type: 'number', min: 10, max: 20000, step: 10, integer: true, help: 'Number of random masks (N); the paper uses 4000-8000 on ImageNet' },
    { key: 'grid', label: 'Grid size (cells per side)', type: 'number', min: 2, max: 64, step: 1, integer: true, help: 'Masks are drawn on an s x s grid and smoothly enlarged; smaller s, larger blobs' },
    { key: 'keep', label: 'Keep probability', type: 'number', min: 0.05, max: 0.95, step: 0.05, help: 'Chance that a grid cell stays visible (p)' },
    ...baselineOptions(['mean', 'blur', 'black', 'noise', 'color'], 'Baseline (what hidden parts become)', 'What the model sees where a mask hides the image; black can look like an object to some models'),
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
    ctx.onProgress?.({ done: 0, total: o.masks, stage: 'masked copies' });
    const r = await batchedScores(ctx.model, {
      count: o.masks,
      target,
      output: measured.output,
      head: ctx.info.head,
      batchSize: batchSizeOf(ctx),
      signal: ctx.signal,
      independent: true,
      makeBatch: (start, size) => {
        // (pool) Batches may be built ahead of their scores: each keeps its own masks until onBatch.
        const batchMasks = new Float32Array(size * hw);
        pending.set(start, batchMasks);
        for (let b = 0; b < size; b++) next(batchMasks, b * hw);
        const out = batch.array(size);
        blendMasks(out, fill, diff, batchMasks, size, hw, C);
        return batch.tensor(out, size);
      },
      onBatch: (done, scores) => {
        const batchStart = folded;
        const batchMasks = pending.get(batchStart)!;
        pending.delete(batchStart);
        folded = done;
        for (let i = batchStart; i < done; i++) {
          const f = scores[i];
          const off = (i - batchStart) * hw;
          for (let j = 0; j < hw; j++) sal[j] += f * batchMasks[off + j];
        }
        ctx.onProgress?.({ done, total: o.masks, stage: 'masked copies' });
      },
    });
    const range = new ScoreRange(measured.score);
    range.add(r.scores, 0, r.done);
    const norm = r.done > 0 ? 1 / (r.done * o.keep) : 0;
    const values = Float32Array.from(sal, (v) => v * norm);
    return {
      values,
      width: W,
      height: H,
      // A mean logit can be negative (a mean probability cannot): then the map is drawn signed.
      signed: values.some((v) => v < 0),
      units: measured.score,
      checks: [evaluationsCheck(r.done, o.masks, 'masked copies', r.cancelled), range.check(o.baseline)],
      run: finish({ done: r.done, total: o.masks, unit: 'masked copies' }, { cancelled: r.cancelled, batched: true, score: measured.score }),
    };
  },
};
