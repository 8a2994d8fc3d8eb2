import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticSample } from '../../data/synthetic';
import { LoadedModel } from '../../model/loaded';
import { argmax, useBackend } from '../../testing/node';
import { cancelAfterFirstProgress, contextOf, expectFinite, expectNoLeak, linearModel, PREP, explainWithPrep, inRegion, regionModel, topSegment } from '../testkit';
import { validateOptions, type ExplainMethod } from '../types';
import { kernelShapMethod } from './kernelShap';
import { colourToInput, inputPixels, lime, limeKernel, WeightedRidge } from './lime';

describe('LIME building blocks', () => {
  it('kernel: cosine distance to the all-ones row with width 0.25, as lime', () => {
    expect(limeKernel(10, 10, 0.25)).toBe(1);
    const d = 1 - Math.sqrt(5 / 20);
    expect(limeKernel(5, 20, 0.25)).toBeCloseTo(Math.sqrt(Math.exp(-(d * d) / 0.0625)), 12);
    expect(limeKernel(0, 20, 0.25)).toBeCloseTo(Math.sqrt(Math.exp(-1 / 0.0625)), 12);
  });

  it('weighted ridge matches the closed form (centred, weighted, penalty on the weights only)', () => {
    // y = 0.2 + 0.5 z0 - 0.3 z1 exactly: with alpha -> 0 the fit recovers it, R^2 = 1.
    const rows = [[1, 1], [1, 0], [0, 1], [0, 0], [1, 1], [0, 1]];
    const w = [1, 0.5, 0.7, 0.2, 0.9, 0.3];
    const r = new WeightedRidge(2);
    rows.forEach((z, i) => r.add(Uint8Array.from(z), 0.2 + 0.5 * z[0] - 0.3 * z[1], w[i]));
    const exact = r.fit(0);
    expect(exact.weights[0]).toBeCloseTo(0.5, 10);
    expect(exact.weights[1]).toBeCloseTo(-0.3, 10);
    expect(exact.intercept).toBeCloseTo(0.2, 10);
    expect(exact.r2).toBeCloseTo(1, 10);
    // With a penalty the weights shrink and R^2 drops below 1.
    const shrunk = r.fit(1);
    expect(Math.abs(shrunk.weights[0])).toBeLessThan(0.5);
    expect(shrunk.r2).toBeLessThan(1);
    expect(shrunk.r2).toBeGreaterThan(0);
    // Against a direct solve of the 2x2 normal equations on centred data.
    const sw = w.reduce((a, b) => a + b);
    const mx = [0, 1].map((j) => rows.reduce((s, z, i) => s + w[i] * z[j], 0) / sw);
    const ys = rows.map((z) => 0.2 + 0.5 * z[0] - 0.3 * z[1]);
    const my = ys.reduce((s, y, i) => s + w[i] * y, 0) / sw;
    const A = [[1, 0], [0, 1]];
    const b = [0, 0];
    rows.forEach((z, i) => {
      for (let j = 0; j < 2; j++) {
        b[j] += w[i] * (z[j] - mx[j]) * (ys[i] - my);
        for (let k = 0; k < 2; k++) A[j][k] += w[i] * (z[j] - mx[j]) * (z[k] - mx[k]);
      }
    });
    const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
    expect(shrunk.weights[0]).toBeCloseTo((A[1][1] * b[0] - A[0][1] * b[1]) / det, 10);
    expect(shrunk.weights[1]).toBeCloseTo((A[0][0] * b[1] - A[1][0] * b[0]) / det, 10);
  });

  it('maps input values back to pixels and colours into the input scale', () => {
    const v = Float32Array.from([0, 0.5, 1, 1, 1, 1]);
    const px = inputPixels(v, 1, 2, 3, PREP);
    expect(Array.from(px.data)).toEqual([0, 128, 255, 255, 255, 255, 255, 255]);
    const stretched = inputPixels(Float32Array.from([-2, 0, 2, 2, 2, 2]), 1, 2, 3);
    expect(stretched.data[0]).toBe(0);
    expect(stretched.data[2]).toBe(255);
    expect(Array.from(colourToInput('#ff0000', 3, { ...PREP, scale: 'minusOneOne' }, { min: 0, max: 1 }))).toEqual([1, -1, -1]);
    expect(Array.from(colourToInput('#000000', 3, undefined, { min: -2, max: 2 }))).toEqual([-2, -2, -2]);
    expect(() => colourToInput('red', 3, PREP, { min: 0, max: 1 })).toThrow(/#rrggbb/);
  });
});

describe('LIME', () => {
  let region: LoadedModel;
  beforeAll(async () => {
    await useBackend('wasm');
    region = regionModel();
  });
  afterAll(() => region.dispose());

  it('on a model that looks at one region only, ranks that region first (grid and SLIC)', async () => {
    const img = syntheticSample(7, 0, { size: 64, label: 0 }).image;
    const grid = await explainWithPrep(lime, region, img, 1, { segmentation: 'grid', segments: 16, fill: 'black', samples: 500, seed: 1 });
    const w = grid.meta.weights as number[];
    expect(w).toHaveLength(16);
    expect(argmax(w)).toBe(6);
    // Every other cell has (almost) no weight.
    const others = w.filter((_, i) => i !== 6).map(Math.abs);
    expect(Math.max(...others)).toBeLessThan(0.05 * w[6]);
    expect(grid.meta.r2 as number).toBeGreaterThan(0.99);
    const slicA = await explainWithPrep(lime, region, img, 1, { segmentation: 'slic', fill: 'black', samples: 1000, seed: 1 });
    const { share } = topSegment(slicA, inRegion);
    console.log(`LIME region model: grid top cell ${argmax(w)}, R^2 ${(grid.meta.r2 as number).toFixed(4)}; SLIC top superpixel ${(share * 100).toFixed(0)}% inside the region, R^2 ${(slicA.meta.r2 as number).toFixed(3)}`);
    expect(share).toBeGreaterThan(0.5);
  });

  it('returns a well-formed attribution: each pixel carries its segment weight, meta has weights, intercept and R^2', async () => {
    const img = syntheticSample(7, 1, { size: 64 }).image;
    const a = await explainWithPrep(lime, region, img, 1, { samples: 200, seed: 3 });
    expect(a.width).toBe(64);
    expect(a.height).toBe(64);
    expect(a.signed).toBe(true);
    expectFinite(a.values);
    const seg = a.segments as Int32Array;
    const w = a.meta.weights as number[];
    expect(seg).toHaveLength(64 * 64);
    expect(w).toHaveLength(a.meta.segmentCount as number);
    for (let p = 0; p < seg.length; p += 97) expect(a.values[p]).toBeCloseTo(w[seg[p]], 6);
    expect(typeof a.meta.intercept).toBe('number');
    expect(a.meta.r2 as number).toBeLessThanOrEqual(1);
    expect(a.meta.cancelled).toBe(false);
    expect(a.meta.done).toBe(200);
  });

  it('is deterministic for a seed, differs across seeds, and leaves no tensor behind', async () => {
    const img = syntheticSample(7, 2, { size: 64 }).image;
    for (const fill of ['mean', 'blur', 'black', 'color']) {
      const a = await expectNoLeak(() => explainWithPrep(lime, region, img, 1, { samples: 100, seed: 5, fill, fillColor: '#00ff00' }));
      const b = await expectNoLeak(() => explainWithPrep(lime, region, img, 1, { samples: 100, seed: 5, fill, fillColor: '#00ff00' }, { batchSize: 7 }));
      expect(Array.from(b.values)).toEqual(Array.from(a.values));
      expect(b.meta.r2).toBe(a.meta.r2);
    }
    const c = await explainWithPrep(lime, region, img, 1, { samples: 100, seed: 6, fill: 'black' });
    const d = await explainWithPrep(lime, region, img, 1, { samples: 100, seed: 5, fill: 'black' });
    expect(Array.from(c.values)).not.toEqual(Array.from(d.values));
  });

  it('warns when hiding regions changes nothing (a flat image under the mean fill)', async () => {
    const flat = { width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(150) };
    const a = await explainWithPrep(lime, region, flat, 1, { samples: 100, seed: 1 });
    expect(a.meta.warning).toMatch(/stayed at/);
    expect(Math.max(...(a.meta.weights as number[]).map(Math.abs))).toBeLessThan(1e-9);
    const b = await explainWithPrep(lime, region, syntheticSample(7, 4, { size: 64 }).image, 1, { samples: 100, seed: 1, fill: 'black' });
    expect(b.meta.warning).toBeUndefined();
  });

  it('works on single-channel models, with and without known preprocessing (LIME and SHAP share the plumbing)', async () => {
    const { lm } = linearModel(32, 32, 1, 2, 3);
    const img = syntheticSample(7, 5, { size: 32 }).image;
    for (const method of [lime, kernelShapMethod] as ExplainMethod[]) {
      for (const fill of ['mean', 'blur', 'black', 'color']) {
        for (const preprocessing of [lm.meta.preprocessing, undefined]) {
          const x = lm.inputTensor(img);
          const a = await expectNoLeak(() => method.explain(contextOf(lm, { preprocessing }), x, 1, validateOptions(method, { samples: 60, seed: 1, fill, segments: 12 })));
          x.dispose();
          expect(a.values).toHaveLength(32 * 32);
          expectFinite(a.values);
          expect(a.meta.segmentCount as number).toBeGreaterThan(6);
        }
      }
    }
    lm.dispose();
  });

  it('streams running weights and returns a partial result when cancelled', async () => {
    const img = syntheticSample(7, 3, { size: 64 }).image;
    const c = cancelAfterFirstProgress();
    const a = await expectNoLeak(() => explainWithPrep(lime, region, img, 1, { samples: 1000, seed: 1, fill: 'black' }, { signal: c.signal, onProgress: c.onProgress, batchSize: 50 }));
    expect(a.meta.cancelled).toBe(true);
    expect(a.meta.done).toBe(50);
    expectFinite(a.values);
    const streamed = c.reports.find((p) => p.partial)?.partial?.values as number[];
    expect(streamed).toHaveLength(a.meta.segmentCount as number);
    expect(Array.from(a.meta.weights as number[])).toEqual(streamed);
  });
});
