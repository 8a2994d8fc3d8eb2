import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../testing/node';
import type { ExplainContext } from '../explain/types';
import { deletionInsertionCurve, isFlatMap, rankingOrder, scoreAt, trapezoidAuc } from './deletion';
import { hashSeed, mulberry32 } from '../data/rng';

/** flatten + dense (no activation) with the given kernel [H·W·C, classes] and bias: logits are exact linear forms. */
function linear(H: number, W: number, C: number, kernel: number[], bias: number[]): { ctx: ExplainContext; dispose: () => void } {
  const classes = bias.length;
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [H, W, C] }));
  model.add(tf.layers.dense({ units: classes }));
  const w = [tf.tensor2d(kernel, [H * W * C, classes]), tf.tensor1d(bias)];
  model.layers[1].setWeights(w);
  tf.dispose(w);
  return {
    ctx: { model, info: { inputShape: [1, H, W, C], classes, camLayers: [], defaultCamLayer: null, head: 'linear' } },
    dispose: () => model.dispose(),
  };
}

beforeAll(() => useBackend('cpu'));

describe('deletion and insertion on 4 pixels (computed by hand)', () => {
  // Logit = 0.4 x0 + 0.3 x1 + 0.2 x2 + 0.1 x3, image all ones, baseline black = 0 (no preprocessing).
  // Convention: steps = 4 gives points at f = 0, 0.25, 0.5, 0.75, 1 (pixels switched = round(i·4/4));
  // AUC = Σ (f_{i+1} − f_i)(s_i + s_{i+1}) / 2.
  let m: ReturnType<typeof linear>;
  let x: tf.Tensor4D;
  beforeAll(() => {
    m = linear(2, 2, 1, [0.4, 0.3, 0.2, 0.1], [0]);
    x = tf.ones([1, 2, 2, 1]);
  });
  afterAll(() => {
    x.dispose();
    m.dispose();
  });
  const opts = { steps: 4, randomOrders: 0, score: 'logit' as const, baseline: { kind: 'black' as const } };

  it('deletion in the true order: logits 1, 0.6, 0.3, 0.1, 0 -> AUC 0.375', async () => {
    const r = await deletionInsertionCurve(m.ctx, x, 0, [0.4, 0.3, 0.2, 0.1], { mode: 'deletion', ...opts });
    expect(r.curve.fractions).toEqual([0, 0.25, 0.5, 0.75, 1]);
    [1, 0.6, 0.3, 0.1, 0].forEach((v, i) => expect(r.curve.scores[i]).toBeCloseTo(v, 6));
    // 0.25 · ((1 + 0.6) + (0.6 + 0.3) + (0.3 + 0.1) + (0.1 + 0)) / 2 = 0.25 · 3 / 2
    expect(r.curve.auc).toBeCloseTo(0.375, 6);
    expect(r.random).toBeNull();
    expect(r.evaluations).toEqual({ done: 5, total: 5 });
  });

  it('deletion in the reversed order: logits 1, 0.9, 0.7, 0.4, 0 -> AUC 0.625', async () => {
    const r = await deletionInsertionCurve(m.ctx, x, 0, [1, 2, 3, 4], { mode: 'deletion', ...opts });
    expect(r.curve.auc).toBeCloseTo(0.625, 6);
  });

  it('insertion in the true order: logits 0, 0.4, 0.7, 0.9, 1 -> AUC 0.625', async () => {
    const r = await deletionInsertionCurve(m.ctx, x, 0, [0.4, 0.3, 0.2, 0.1], { mode: 'insertion', ...opts });
    [0, 0.4, 0.7, 0.9, 1].forEach((v, i) => expect(r.curve.scores[i]).toBeCloseTo(v, 6));
    expect(r.curve.auc).toBeCloseTo(0.625, 6);
  });

  it('moves a region ranking region by region: regions {0,1} = 1, {2,3} = 2, two steps -> 1, 0.7, 0 -> AUC 0.6', async () => {
    const r = await deletionInsertionCurve(m.ctx, x, 0, [1, 1, 2, 2], { mode: 'deletion', ...opts, steps: 2, segments: Int32Array.from([0, 0, 1, 1]) });
    [1, 0.7, 0].forEach((v, i) => expect(r.curve.scores[i]).toBeCloseTo(v, 6));
    // 0.5 · (1 + 0.7) / 2 + 0.5 · (0.7 + 0) / 2
    expect(r.curve.auc).toBeCloseTo(0.6, 6);
  });

  it('refuses a map of the wrong size and zero steps', async () => {
    await expect(deletionInsertionCurve(m.ctx, x, 0, [1, 2, 3], { mode: 'deletion' })).rejects.toThrow(/3 values.*2×2/);
    await expect(deletionInsertionCurve(m.ctx, x, 0, [1, 2, 3, 4], { mode: 'deletion', steps: 0 })).rejects.toThrow(/Steps/);
    await expect(deletionInsertionCurve(m.ctx, x, 3, [1, 2, 3, 4], { mode: 'deletion' })).rejects.toThrow(/class 3/);
  });
});

describe('on a model whose right order is known', () => {
  // Class 0 logit = Σ w_p x_p (w > 0), class 1 logit = a constant; softmax probability of class 0.
  // The contribution of pixel p over a black (0) baseline is exactly w_p x_p, so ordering by it removes
  // (inserts) the most logit at every step: its deletion AUC is the lowest possible, insertion the highest.
  const H = 8, W = 8;
  const rng = mulberry32(hashSeed(7));
  const w = Array.from({ length: H * W }, () => rng());
  const xv = Array.from({ length: H * W }, () => 0.2 + 0.8 * rng());
  const contribution = w.map((v, i) => v * xv[i]);
  const total = contribution.reduce((a, b) => a + b, 0);
  const kernel = w.flatMap((v) => [v * 8 / total, 0]); // logit 0 of the image = 8
  let m: ReturnType<typeof linear>;
  let x: tf.Tensor4D;
  beforeAll(() => {
    m = linear(H, W, 1, kernel, [0, 4]);
    x = tf.tensor4d(xv, [1, H, W, 1]);
  });
  afterAll(() => {
    x.dispose();
    m.dispose();
  });

  it('the true order has a lower deletion AUC and a higher insertion AUC than random orders, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const del = await deletionInsertionCurve({ ...m.ctx, batchSize: 7 }, x, 0, contribution, { mode: 'deletion', steps: 16, randomOrders: 4, seed: 3 });
    const ins = await deletionInsertionCurve({ ...m.ctx, batchSize: 7 }, x, 0, contribution, { mode: 'insertion', steps: 16, randomOrders: 4, seed: 3, baseline: { kind: 'black' } });
    expect(tf.memory().numTensors).toBe(before);
    console.log(`linear model: deletion AUC ${del.curve.auc.toFixed(3)} vs random ${del.random!.auc.toFixed(3)}; insertion ${ins.curve.auc.toFixed(3)} vs random ${ins.random!.auc.toFixed(3)}`);
    // endpoints: p(image) = σ(8 − 4), p(black) = σ(0 − 4)
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    expect(del.curve.scores[0]).toBeCloseTo(sig(4), 5);
    expect(del.curve.scores[16]).toBeCloseTo(sig(-4), 5);
    expect(ins.curve.scores[0]).toBeCloseTo(sig(-4), 5);
    for (const a of del.randomAucs) expect(del.curve.auc).toBeLessThan(a);
    for (const a of ins.randomAucs) expect(ins.curve.auc).toBeGreaterThan(a);
    expect(del.random!.auc).toBeCloseTo(del.randomAucs.reduce((s, v) => s + v, 0) / 4, 10);
    // the random orders differ from each other (seeded, not one order repeated)
    expect(new Set(del.randomAucs.map((v) => v.toFixed(6))).size).toBeGreaterThan(1);
    // the reversed order is worse than random at deletion
    const rev = await deletionInsertionCurve(m.ctx, x, 0, contribution.map((v) => -v), { mode: 'deletion', steps: 16, randomOrders: 0 });
    expect(rev.curve.auc).toBeGreaterThan(del.random!.auc);
  });

  it('is repeatable for a seed and stops when cancelled, with NaN for the unfinished part', async () => {
    const a = await deletionInsertionCurve(m.ctx, x, 0, contribution, { mode: 'deletion', steps: 8, randomOrders: 2, seed: 11 });
    const b = await deletionInsertionCurve(m.ctx, x, 0, contribution, { mode: 'deletion', steps: 8, randomOrders: 2, seed: 11 });
    expect(b.randomAucs).toEqual(a.randomAucs);
    const signal = { aborted: false };
    const reports: number[] = [];
    const before = tf.memory().numTensors;
    const c = await deletionInsertionCurve({ ...m.ctx, batchSize: 4, signal, onProgress: (p) => { reports.push(p.done); signal.aborted = true; } }, x, 0, contribution, { mode: 'deletion', steps: 8, randomOrders: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(c.cancelled).toBe(true);
    expect(c.evaluations).toEqual({ done: 4, total: 27 });
    expect(reports).toEqual([4]);
    expect(c.curve.scores.slice(0, 4).every(Number.isFinite)).toBe(true);
    expect(c.curve.auc).toBeNaN();
  });
});

describe('helpers', () => {
  it('trapezoid area and interpolation', () => {
    expect(trapezoidAuc([0, 0.5, 1], [1, 1, 0])).toBeCloseTo(0.75, 12);
    expect(scoreAt({ fractions: [0, 0.5, 1], scores: [1, 0.5, 0], auc: 0.5 }, 0.1)).toBeCloseTo(0.9, 12);
  });

  it('a flat map is one whose values are all the same (all zeros, all equal, all equal and negative)', () => {
    expect(isFlatMap(new Float32Array(9))).toBe(true);
    expect(isFlatMap([0.4, 0.4, 0.4])).toBe(true);
    expect(isFlatMap([-2, -2])).toBe(true);
    expect(isFlatMap([0, 0, 1e-9])).toBe(false);
    expect(isFlatMap([-3, -1, -2])).toBe(false); // all negative but ranked
  });

  it('orders by value, largest first, keeping tied regions together', () => {
    expect(Array.from(rankingOrder([0.1, 0.9, 0.5], 0))).toEqual([1, 2, 0]);
    const ord = Array.from(rankingOrder([1, 1, 1, 1], 0, Int32Array.from([1, 0, 1, 0])));
    expect(ord.slice(0, 2).sort()).toEqual([1, 3]);
  });
});
