import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  channelMeans, greedyPrototypes, leastTypical, looDensity, meanOfMaps, medianGamma, mmd2, mmdCriticisms, rankBy, rbfKernel, squaredDistances, subModelTo, typicality, witness,
} from './classViews';
import { teachableLike } from '../testing/models';
import { loadDemoModel, useBackend } from '../testing/node';

/** A sub-model ending at `name`, built by tfjs' own functional API: the independent reference. */
function upTo(model: tf.LayersModel, name: string): tf.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor });
}

/** Mean of channel c of a [1, h, w, C] (or [1, C]) output, by a plain loop. */
function channelMeanByLoop(a: Float32Array, channels: number, c: number): number {
  let s = 0;
  const positions = a.length / channels;
  for (let p = 0; p < positions; p++) s += a[p * channels + c];
  return s / positions;
}

describe('channel ranking', () => {
  beforeAll(() => useBackend('cpu'));

  it('gives the mean of every channel per image, as an image-by-image enumeration of the sub-model does, and ranks by it', async () => {
    const { model } = await loadDemoModel();
    const B = 5;
    const x = tf.randomUniform([B, 64, 64, 3], 0, 1, 'float32', 21) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (const layer of ['conv1', 'conv3', 'gap']) {
      const run = subModelTo(model, layer);
      expect(run).not.toBeNull();
      const r = await channelMeans(model, x, layer, run);
      const full = await channelMeans(model, x, layer, null);
      expect(tf.memory().numTensors).toBe(before);
      // the reference: one image at a time through tfjs' own sub-model, each channel's mean by a loop
      const ref = upTo(model, layer);
      const want: number[][] = [];
      for (let i = 0; i < B; i++) {
        const out = tf.tidy(() => ref.predict(tf.slice(x, [i, 0, 0, 0], [1, 64, 64, 3])) as tf.Tensor);
        const a = (await out.data()) as Float32Array;
        const C = out.shape[out.shape.length - 1] as number;
        out.dispose();
        want.push(Array.from({ length: C }, (_, c) => channelMeanByLoop(a, C, c)));
      }
      expect(r.channels).toBe(want[0].length);
      for (let i = 0; i < B; i++) {
        for (let c = 0; c < r.channels; c++) {
          expect(Math.abs(r.values[i * r.channels + c] - want[i][c])).toBeLessThan(1e-5 * Math.max(1, Math.abs(want[i][c])));
          expect(Math.abs(full.values[i * r.channels + c] - want[i][c])).toBeLessThan(1e-5 * Math.max(1, Math.abs(want[i][c])));
        }
      }
      // the ranking of channel 3: the enumeration sorted by its value
      const byHand = want.map((row, i) => ({ i, v: row[3] })).sort((p, q) => q.v - p.v).map((e) => e.i);
      expect(rankBy(r.values, B, r.channels, 3)).toEqual(byHand);
    }
    await expect(channelMeans(model, x, 'nope', null)).rejects.toThrow(/nope/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('cuts a model inside nested models (Teachable Machine shape) at the layer asked for', async () => {
    const model = teachableLike();
    const inner = (model.layers[0] as tf.Sequential).layers[0] as tf.LayersModel;
    const x = tf.randomUniform([3, 32, 32, 3], 0, 1, 'float32', 22) as tf.Tensor4D;
    const run = subModelTo(model, 'sequential_1/mobilenet/skip');
    expect(run).not.toBeNull();
    const r = await channelMeans(model, x, 'sequential_1/mobilenet/skip', run);
    const out = tf.tidy(() => upTo(inner, 'skip').predict(x) as tf.Tensor);
    const a = (await out.data()) as Float32Array; // [3, 16, 16, 8]
    out.dispose();
    for (let i = 0; i < 3; i++) {
      for (let c = 0; c < 8; c++) expect(r.values[i * 8 + c]).toBeCloseTo(channelMeanByLoop(a.subarray(i * 256 * 8, (i + 1) * 256 * 8), 8, c), 5);
    }
    x.dispose();
    model.dispose();
  });

  it('ranks ties by image order', () => {
    expect(rankBy([1, 5, 5, 2], 4, 1, 0)).toEqual([1, 2, 3, 0]);
  });
});

describe('mean of maps', () => {
  it('is the elementwise mean; none gives null; unequal lengths throw', () => {
    expect(Array.from(meanOfMaps([[1, 2, 3], [3, 2, 0], [2, 5, 0]])!)).toEqual([2, 3, 1]);
    expect(meanOfMaps([])).toBeNull();
    expect(() => meanOfMaps([[1], [1, 2]])).toThrow(/1 and 2/);
  });
});

describe('MMD-critic', () => {
  // Three 1-D points 0, 1, 2 and γ = ln 2: k = 2^(−d²), so k(0,1) = k(1,2) = 1/2 and k(0,2) = 2^−4 = 1/16.
  const X = [0, 1, 2];
  const K = rbfKernel(squaredDistances(X, 3, 1), Math.LN2);

  it('computes MMD² by hand on three points', () => {
    expect(K[1]).toBeCloseTo(0.5, 12);
    expect(K[2]).toBeCloseTo(1 / 16, 12);
    // Σ_ij k = 3 + 2(1/2 + 1/16 + 1/2) = 5.125
    // S = {1}: 5.125/9 − (2/3)(1/2 + 1 + 1/2) + 1 = 0.569444… − 1.333333… + 1
    expect(mmd2(K, 3, [1])).toBeCloseTo(5.125 / 9 - 4 / 3 + 1, 12);
    // S = {0}: 5.125/9 − (2/3)(1 + 1/2 + 1/16) + 1
    expect(mmd2(K, 3, [0])).toBeCloseTo(5.125 / 9 - (2 / 3) * 1.5625 + 1, 12);
    // S = {1, 0}: cross sums 2 + 1.5625; Σ_{s,s'} k = 1 + 1 + 2·(1/2) = 3
    expect(mmd2(K, 3, [1, 0])).toBeCloseTo(5.125 / 9 - (2 * 3.5625) / 6 + 3 / 4, 12);
    // all points: MMD² = 0
    expect(mmd2(K, 3, [0, 1, 2])).toBeCloseTo(0, 12);
  });

  it('picks the middle point first, then (a tie) the lower index', () => {
    expect(greedyPrototypes(K, 3, 2)).toEqual([1, 0]);
    expect(greedyPrototypes(K, 3, 5)).toEqual([1, 0, 2]);
  });

  // A tight cluster: a centre point (index 0) and 8 points on a ring of radius 0.1 around it; an outlier at (3, 3).
  const planted: number[] = [0, 0];
  for (let k = 0; k < 8; k++) planted.push(0.1 * Math.cos((k * Math.PI) / 4), 0.1 * Math.sin((k * Math.PI) / 4));
  planted.push(3, 3);
  const n = 10;
  const OUTLIER = 9;

  it('on a planted cluster with an outlier: the centre is the first prototype, the outlier the least typical', () => {
    const typ = typicality(planted, n, 2, 3, 3);
    expect(typ.prototypes[0]).toBe(0);
    expect(typ.prototypes).not.toContain(OUTLIER);
    expect(typ.leastTypical[0]).toBe(OUTLIER);
    // brute force: the outlier's leave-one-out density is the smallest of all
    const D = squaredDistances(planted, n, 2);
    const Kp = rbfKernel(D, typ.gamma);
    const dens = looDensity(Kp, n);
    for (let i = 0; i < n - 1; i++) expect(dens[OUTLIER]).toBeLessThan(dens[i]);
    // the median heuristic: 45 pairwise distances, the lower median is the 23rd smallest
    const all: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) all.push((planted[2 * i] - planted[2 * j]) ** 2 + (planted[2 * i + 1] - planted[2 * j + 1]) ** 2);
    all.sort((a, b) => a - b);
    expect(typ.gamma).toBeCloseTo(1 / all[22], 10);
    expect(medianGamma(D, n)).toBe(typ.gamma);
  });

  it("MMD-critic's criticisms: first the largest |witness|, then witness plus the log-det gain; an isolated point's witness is at most 1/n", () => {
    const D = squaredDistances(planted, n, 2);
    const Kp = rbfKernel(D, medianGamma(D, n));
    const S = greedyPrototypes(Kp, n, 2);
    const w = witness(Kp, n, S);
    // the witness by its definition, point by point
    for (let x = 0; x < n; x++) {
      let p = 0;
      for (let i = 0; i < n; i++) p += Math.exp(-medianGamma(D, n) * D[x * n + i]);
      const q = S.reduce((a, s) => a + Math.exp(-medianGamma(D, n) * D[x * n + s]), 0);
      expect(w[x]).toBeCloseTo(p / n - q / S.length, 12);
    }
    // the finding behind the studio's simpler rule: the outlier's witness is its own mass, 1/n, at most
    expect(w[OUTLIER]).toBeLessThanOrEqual(1 / n + 1e-12);
    const C = mmdCriticisms(Kp, n, S, 2);
    const others = Array.from({ length: n }, (_, i) => i).filter((i) => !S.includes(i));
    const first = others.reduce((a, b) => (Math.abs(w[b]) > Math.abs(w[a]) ? b : a));
    expect(C[0]).toBe(first);
    // ...and with two prototypes a ring point beside them (witness about −0.24) outranks the outlier (0.1)
    expect(C[0]).not.toBe(OUTLIER);
    expect(Math.abs(w[C[0]])).toBeGreaterThan(Math.abs(w[OUTLIER]));
    // second: |w(x)| + log(k(x,x) − k(x,c)² / k(c,c)), the 2x2 log-det gain written out
    const c0 = C[0];
    const second = others.filter((i) => i !== c0).reduce((a, b) => {
      const g = (x: number) => Math.abs(w[x]) + Math.log(1 - Kp[x * n + c0] ** 2);
      return g(b) > g(a) ? b : a;
    });
    expect(C[1]).toBe(second);
  });

  it('least typical leaves out what it is told to and handles tiny classes', () => {
    const typ = typicality([5, 5], 1, 2, 3, 3);
    expect(typ.prototypes).toEqual([0]);
    expect(typ.leastTypical).toEqual([]);
    expect(typicality([], 0, 2).prototypes).toEqual([]);
    const D = squaredDistances(planted, n, 2);
    const Kp = rbfKernel(D, 1);
    expect(leastTypical(Kp, n, 2, [OUTLIER])).not.toContain(OUTLIER);
  });
});
