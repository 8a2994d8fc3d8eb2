import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gaussian, mulberry32 } from '../data/rng';
import { downsample, logisticContributions, logisticLogits, trainLogistic } from './logistic';
import { trainTree, treePath, treePredict } from './tree';
import { FEATURES, featureVector } from './features';
import { useBackend } from '../testing/node';

const cosine = (a: number[], b: number[]) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((v, i) => ((ab += v * b[i]), (aa += v * v), (bb += b[i] * b[i])));
  return ab / Math.sqrt(aa * bb);
};

function plantedLinear(seed: number, n: number, w: number[]): { x: number[][]; y: number[] } {
  const rng = mulberry32(seed);
  const x = Array.from({ length: n }, () => w.map(() => gaussian(rng)));
  return { x, y: x.map((r) => (r.reduce((s, v, i) => s + v * w[i], 0) > 0 ? 1 : 0)) };
}

describe('logistic regression', () => {
  beforeAll(() => useBackend('cpu'));

  it('recovers a planted linear rule: the weight direction (cosine > 0.95) and the labels of fresh data (> 95%), identically twice', async () => {
    const w = [2, -1, 0, 0.5, 0, 0, -1.5, 0, 1, 0];
    const train = plantedLinear(1, 500, w);
    const before = tf.memory().numTensors;
    const m = await trainLogistic(train.x, train.y, { classes: 2 });
    expect(tf.memory().numTensors).toBe(before);
    // class 1's log-odds against class 0 in the raw feature scale: (w1 - w0) / std
    const dir = w.map((_, i) => (m.weights[i * 2 + 1] - m.weights[i * 2]) / m.std[i]);
    expect(cosine(dir, w)).toBeGreaterThan(0.95);
    const test = plantedLinear(2, 500, w);
    const right = test.x.filter((r, k) => {
      const l = logisticLogits(m, r);
      return (l[1] > l[0] ? 1 : 0) === test.y[k];
    }).length;
    expect(right / 500).toBeGreaterThan(0.95);
    const again = await trainLogistic(train.x, train.y, { classes: 2 });
    expect(Array.from(again.weights)).toEqual(Array.from(m.weights));
    // contributions add up to the logit minus the bias
    const r = test.x[0];
    const parts = logisticContributions(m, r, 1).reduce((a, b) => a + b, 0);
    expect(parts + m.bias[1]).toBeCloseTo(logisticLogits(m, r)[1], 4);
  });

  it('refuses empty or ragged data', async () => {
    await expect(trainLogistic([], [], { classes: 2 })).rejects.toThrow(/0 rows/);
    await expect(trainLogistic([[1, 2], [3]], [0, 1], { classes: 2 })).rejects.toThrow(/differ/);
  });

  it('downsamples by area averages (4x4 grey to 2x2 by hand)', () => {
    const rgba = new Uint8Array(4 * 4 * 4);
    const grey = [0, 0, 255, 255, 0, 0, 255, 255, 51, 102, 0, 0, 153, 204, 0, 0]; // row-major
    grey.forEach((g, i) => rgba.set([g, g, g, 255], i * 4));
    const d = downsample(rgba, 4, 4, 2);
    expect(Array.from(d).map((v) => +v.toFixed(4))).toEqual([0, 1, +((51 + 102 + 153 + 204) / 4 / 255).toFixed(4), 0]);
  });
});

describe('decision tree', () => {
  it('recovers a planted threshold rule at depth 1 ("brighter than 0.6 → class 1"), its path in steps', () => {
    const rng = mulberry32(3);
    const x = Array.from({ length: 300 }, () => [rng(), rng(), rng()]);
    const y = x.map((r) => (r[0] > 0.6 ? 1 : 0));
    const tree = trainTree(x, y, { classes: 2, maxDepth: 1 });
    expect(tree.depth).toBe(1);
    expect(tree.root.feature).toBe(0);
    const below = Math.max(...x.filter((r) => r[0] <= 0.6).map((r) => r[0]));
    const above = Math.min(...x.filter((r) => r[0] > 0.6).map((r) => r[0]));
    expect(tree.root.threshold!).toBeGreaterThan(below);
    expect(tree.root.threshold!).toBeLessThanOrEqual(above);
    expect(tree.root.left!.counts).toEqual([y.filter((c) => c === 0).length, 0]);
    expect(tree.root.right!.counts).toEqual([0, y.filter((c) => c === 1).length]);
    const p = treePath(tree, [0.9, 0.1, 0.1]);
    expect(p.steps).toEqual([{ feature: 0, value: 0.9, threshold: tree.root.threshold, side: 'atOrAbove' }]);
    expect(treePredict(tree, [0.9, 0.1, 0.1])).toEqual({ label: 1, confidence: 1 });
    expect(treePredict(tree, [0.2, 0.9, 0.9])).toEqual({ label: 0, confidence: 1 });
    expect(trainTree(x, y, { classes: 2, maxDepth: 1 })).toEqual(tree);
  });

  it('stays within its depth on a rule it cannot express exactly, and refuses bad depths', () => {
    const rng = mulberry32(4);
    const x = Array.from({ length: 200 }, () => [rng(), rng()]);
    const y = x.map((r) => (r[0] + r[1] > 1 ? 1 : 0)); // a diagonal: any depth keeps splitting
    for (const maxDepth of [1, 2, 3, 4]) expect(trainTree(x, y, { classes: 2, maxDepth }).depth).toBeLessThanOrEqual(maxDepth);
    expect(() => trainTree(x, y, { classes: 2, maxDepth: 0 })).toThrow(/1\.\.6/);
  });
});

describe('named image features', () => {
  const image = (w: number, h: number, f: (x: number, y: number) => number) => {
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([f(x, y), f(x, y), f(x, y), 255], (y * w + x) * 4);
    return rgba;
  };
  const named = (v: Float64Array) => Object.fromEntries(FEATURES.map((f, i) => [f.id, v[i]]));

  it('measure a white image with a 2x2 black square by hand', () => {
    const f = named(featureVector(image(10, 10, (x, y) => (x >= 4 && x < 6 && y >= 4 && y < 6 ? 0 : 255)), 10, 10));
    expect(f.brightness).toBeCloseTo(0.96, 10);
    expect(f.brightnessSpread).toBeCloseTo(Math.sqrt(0.96 * 0.04), 10);
    expect(f.red).toBeCloseTo(0.96, 10);
    expect(f.darkArea).toBeCloseTo(0.04, 10); // below 0.96 - 0.196
    expect(f.darkContrast).toBeCloseTo(1, 10);
    expect(f.brightArea).toBe(0); // nothing above 0.96 + 0.196
    expect(f.brightContrast).toBe(0);
  });

  it('count edges of a vertical step: the two columns beside it, 16 of the 64 inner pixels', () => {
    const f = named(featureVector(image(10, 10, (x) => (x < 5 ? 0 : 255)), 10, 10));
    expect(f.edgeDensity).toBeCloseTo(16 / 64, 10);
    expect(named(featureVector(image(10, 10, () => 90), 10, 10)).edgeDensity).toBe(0);
    expect(() => featureVector(new Uint8Array(10), 10, 10)).toThrow(/400 RGBA bytes/);
  });
});
