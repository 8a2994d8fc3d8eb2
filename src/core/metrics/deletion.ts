// Deletion and insertion curves — Petsiuk, Das & Saenko, "RISE: Randomized Input Sampling for
// Explanation of Black-box Models", BMVC 2018, section 4.1.
//   deletion:  start from the image and replace its pixels by the baseline, most important first;
//              the class score should fall quickly: a LOW area under the curve is good.
//   insertion: start from the baseline (a blurred image in the paper) and put the image's pixels back,
//              most important first; the score should rise quickly: a HIGH area is good.
// The curve is the class score (probability through the model's head, or the logit) against the fraction
// f of pixels switched; AUC = Σ_i (f_{i+1} − f_i)(s_i + s_{i+1})/2 (trapezoid rule over f in [0, 1]).
// A random order of the same pixels gives the yardstick: a map is worth something only if it beats it.

import * as tf from '@tensorflow/tfjs';
import type { Progress } from '../../shared/types';
import { hashSeed, mulberry32 } from '../data/rng';
import { baselineImage, type BaselineRequest } from '../explain/baselines';
import { batchedScores, batchSizeOf } from '../explain/batching';
import { checkTarget } from '../explain/gradients';
import type { ExplainContext } from '../explain/types';
import { OptionError } from '../explain/types';
import { t } from '../../shared/i18n';

export type CurveMode = 'deletion' | 'insertion';

export interface CurveOptions {
  mode: CurveMode;
  /** Number of steps from 0% to 100% of the pixels switched (the curve has steps + 1 points). Default 50. */
  steps?: number;
  /** What a removed pixel becomes (deletion) or what the image starts as (insertion). Default black for deletion, blur for insertion (the paper's choices). */
  baseline?: BaselineRequest;
  /** How many random orders to average for the yardstick (0 for none). Default 3. */
  randomOrders?: number;
  /** Seeds the random orders and the tie-breaking among equal map values. Default 0. */
  seed?: number;
  /** Region labels (one per pixel) when the ranking is over regions: pixels of one region move together. */
  segments?: Int32Array;
  /** Score the curve follows: the class probability through the model's head (default) or its logit. */
  score?: 'probability' | 'logit';
}

export interface Curve {
  /** Fraction of pixels switched at each point, 0 .. 1 (steps + 1 values). */
  fractions: number[];
  /** Class score at each point (NaN where not computed because the run was cancelled). */
  scores: number[];
  /** Trapezoid area under the curve over [0, 1]; NaN when incomplete. */
  auc: number;
}

export interface CurveResult {
  mode: CurveMode;
  score: 'probability' | 'logit';
  /** The curve of the map's order. */
  curve: Curve;
  /** The pointwise mean of the random orders' curves (its AUC is the mean of their AUCs); null with randomOrders 0. */
  random: Curve | null;
  /** AUC of each random order. */
  randomAucs: number[];
  /** Model evaluations done of those planned. */
  evaluations: { done: number; total: number };
  cancelled: boolean;
}

/** Trapezoid-rule area under (x, y) (x increasing). NaN if any y is NaN. */
export function trapezoidAuc(x: readonly number[], y: readonly number[]): number {
  let a = 0;
  for (let i = 0; i + 1 < x.length; i++) a += ((x[i + 1] - x[i]) * (y[i] + y[i + 1])) / 2;
  return a;
}

/**
 * The order in which pixels are switched: pixel indices, most important first (largest map value first).
 * Ties are broken by region label (so a region's pixels stay together) and then by a seeded random key,
 * never by position (which would favour the top rows).
 */
export function rankingOrder(map: ArrayLike<number>, seed: number, segments?: Int32Array): Int32Array {
  const n = map.length;
  const rng = mulberry32(hashSeed(seed, 0xde1e7e));
  const key = Float64Array.from({ length: n }, () => rng());
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => map[b] - map[a] || (segments ? segments[a] - segments[b] : 0) || key[a] - key[b]);
  return Int32Array.from(idx);
}

/**
 * Whether a map is flat: every value the same (an empty Grad-CAM map is all zeros). rankingOrder then
 * orders the pixels by its tie-breakers alone, an arbitrary order, so a flat map ranks no pixel above
 * another and has no deletion or insertion curve of its own. NaN values count as different from any value.
 * True for an empty map.
 */
export function isFlatMap(map: ArrayLike<number>): boolean {
  for (let i = 1; i < map.length; i++) if (map[i] !== map[0]) return false;
  return true;
}

/** A seeded random order of n pixels, or of whole regions when `segments` is given. */
function randomOrder(n: number, seed: number, segments?: Int32Array): Int32Array {
  const rng = mulberry32(seed);
  if (!segments) return rankingOrder(new Float32Array(n), seed);
  let count = 0;
  for (const l of segments) count = Math.max(count, l + 1);
  const value = Float64Array.from({ length: count }, () => rng());
  return rankingOrder(Array.from(segments, (l) => value[l]), seed, segments);
}

/** Pixels switched after step i of `steps`: round(i · n / steps). */
function switchedAt(i: number, steps: number, n: number): number {
  return Math.round((i * n) / steps);
}

/**
 * The deletion or insertion curve of `map` (height x width, row-major, any units: only its order matters)
 * for class `target` of `input` [1, H, W, C], and the same curve for `randomOrders` seeded random orders.
 * All (steps + 1)(1 + randomOrders) inputs go through batchedScores in batches of ctx.batchSize; ctx.signal
 * stops it after the current batch (cancelled: true, the unfinished curves NaN); ctx.onProgress hears
 * every batch. The baseline is made by baselines.ts in the model's input scale (ctx.preprocessing).
 * Throws OptionError for a map of the wrong size, steps < 1, or a bad target.
 */
export async function deletionInsertionCurve(ctx: ExplainContext, input: tf.Tensor4D, target: number, map: ArrayLike<number>, o: CurveOptions): Promise<CurveResult> {
  checkTarget(ctx, target);
  const [, H, W, C] = input.shape;
  const n = H * W;
  if (map.length !== n) throw new OptionError(`The map has ${map.length} values but the input is ${W}×${H} (${n} pixels)`);
  if (o.segments && o.segments.length !== n) throw new OptionError(`The regions have ${o.segments.length} labels but the input has ${n} pixels`);
  const steps = o.steps ?? 50;
  if (!Number.isInteger(steps) || steps < 1) throw new OptionError(`Steps must be a whole number ≥ 1, got ${steps}`);
  const randomOrders = Math.max(0, Math.floor(o.randomOrders ?? 3));
  const seed = o.seed ?? 0;
  const score = o.score ?? 'probability';
  const baselineReq: BaselineRequest = o.baseline ?? { kind: o.mode === 'deletion' ? 'black' : 'blur' };

  // rank[c][p]: position of pixel p in order c (0 = switched first). Order 0 is the map's.
  const orders = [rankingOrder(map, seed, o.segments)];
  for (let r = 0; r < randomOrders; r++) orders.push(randomOrder(n, hashSeed(seed, r, 0x5eed), o.segments));
  const ranks = orders.map((ord) => {
    const rk = new Int32Array(n);
    ord.forEach((p, pos) => (rk[p] = pos));
    return rk;
  });
  const points = steps + 1;
  const total = points * orders.length;
  const base = await baselineImage(ctx, input, baselineReq);
  const baseT = tf.tensor4d(base, [1, H, W, C]);
  const report = (p: Progress) => ctx.onProgress?.(p);
  try {
    const res = await batchedScores(ctx.model, {
      count: total,
      target,
      output: score === 'probability' ? 'probs' : 'logits',
      head: ctx.info.head,
      batchSize: batchSizeOf(ctx),
      signal: ctx.signal,
      makeBatch: (start, size) => {
        // m = 1 where the pixel shows the image, 0 where it shows the baseline
        const m = new Float32Array(size * n);
        for (let j = 0; j < size; j++) {
          const idx = start + j;
          const rk = ranks[Math.floor(idx / points)];
          const k = switchedAt(idx % points, steps, n);
          for (let p = 0; p < n; p++) {
            const switched = rk[p] < k;
            m[j * n + p] = (o.mode === 'deletion' ? !switched : switched) ? 1 : 0;
          }
        }
        const mt = tf.tensor4d(m, [size, H, W, 1]);
        return tf.add(tf.mul(input, mt), tf.mul(baseT, tf.sub(1, mt))) as tf.Tensor4D;
      },
      onBatch: (done) => report({ done, total, stage: t(`metrics:stages.curve.${o.mode}`) }),
    });
    const fractions = Array.from({ length: points }, (_, i) => switchedAt(i, steps, n) / n);
    const curves: Curve[] = orders.map((_, c) => {
      const scores = Array.from({ length: points }, (_, i) => (c * points + i < res.done ? res.scores[c * points + i] : NaN));
      return { fractions, scores, auc: trapezoidAuc(fractions, scores) };
    });
    const randoms = curves.slice(1);
    const random: Curve | null = randoms.length
      ? (() => {
          const scores = fractions.map((_, i) => randoms.reduce((s, c) => s + c.scores[i], 0) / randoms.length);
          return { fractions, scores, auc: randoms.reduce((s, c) => s + c.auc, 0) / randoms.length };
        })()
      : null;
    return {
      mode: o.mode,
      score,
      curve: curves[0],
      random,
      randomAucs: randoms.map((c) => c.auc),
      evaluations: { done: res.done, total },
      cancelled: res.cancelled,
    };
  } finally {
    baseT.dispose();
  }
}

/**
 * The score of a curve at fraction f (linear interpolation between its points): "after removing 10% of
 * the pixels the probability is …".
 */
export function scoreAt(curve: Curve, f: number): number {
  const { fractions: x, scores: y } = curve;
  if (f <= x[0]) return y[0];
  for (let i = 0; i + 1 < x.length; i++) {
    if (f <= x[i + 1]) {
      const t = x[i + 1] > x[i] ? (f - x[i]) / (x[i + 1] - x[i]) : 1;
      return y[i] + t * (y[i + 1] - y[i]);
    }
  }
  return y[y.length - 1];
}
