import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticSample } from '../../data/synthetic';
import { LoadedModel } from '../../model/loaded';
import { argmax, useBackend } from '../../testing/node';
import { getMethod } from '../registry';
import { cancelAfterFirstProgress, checkOf, contextOf, expectFinite, expectNoLeak, linearModel, explainWithPrep, inRegion, regionModel, topSegment } from '../testkit';
import { validateOptions, type ExplainMethod } from '../types';
import { WeightedRidge } from '../linalg';
import { gaussian, mulberry32 } from '../../data/rng';
import { demoModel, explainImage, lesionSample } from '../testkit';
import { lime, limeKernel, ridgeStandardErrors } from './lime';

describe('LIME building blocks', () => {
  it('kernel: cosine distance to the all-ones row with width 0.25, as lime', () => {
    expect(limeKernel(10, 10, 0.25)).toBe(1);
    const d = 1 - Math.sqrt(5 / 20);
    expect(limeKernel(5, 20, 0.25)).toBeCloseTo(Math.sqrt(Math.exp(-(d * d) / 0.0625)), 12);
    expect(limeKernel(0, 20, 0.25)).toBeCloseTo(Math.sqrt(Math.exp(-1 / 0.0625)), 12);
  });

  it('ridge standard errors (sandwich) match the spread of the weights over independent repeats', () => {
    // y = 0.3 + z·beta + noise whose size depends on z (heteroscedastic), lime-style 0/1 rows and kernel weights.
    const M = 8;
    const n = 400;
    const beta = [0.5, -0.2, 0.1, 0, 0.3, 0, -0.4, 0.2];
    const rng = mulberry32(11);
    const reps = 300;
    const weights: number[][] = [];
    const ses: number[][] = [];
    for (let r = 0; r < reps; r++) {
      const Z = new Uint8Array(n * M);
      const y = new Float64Array(n);
      const w = new Float64Array(n);
      const ridge = new WeightedRidge(M);
      for (let i = 0; i < n; i++) {
        let k = 0;
        let f = 0.3;
        for (let j = 0; j < M; j++) {
          const on = rng() < 0.5 ? 1 : 0;
          Z[i * M + j] = on;
          k += on;
          f += on * beta[j];
        }
        y[i] = f + (0.05 + 0.05 * k) * gaussian(rng);
        w[i] = limeKernel(k, M, 0.25);
        ridge.add(Z.subarray(i * M, (i + 1) * M), y[i], w[i]);
      }
      const fit = ridge.fit(1);
      weights.push(Array.from(fit.weights));
      ses.push(Array.from(ridgeStandardErrors(Z, y, w, n, M, 1, fit)));
    }
    for (let j = 0; j < M; j++) {
      const col = weights.map((v) => v[j]);
      const mean = col.reduce((a, b) => a + b, 0) / reps;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / (reps - 1));
      const meanSe = ses.reduce((a, v) => a + v[j], 0) / reps;
      expect(meanSe / sd).toBeGreaterThan(0.8);
      expect(meanSe / sd).toBeLessThan(1.25);
    }
    expect(Array.from(ridgeStandardErrors(new Uint8Array(5 * M), new Float64Array(5), new Float64Array(5).fill(1), 5, M, 1, { weights: new Float64Array(M), intercept: 0 })).every(Number.isNaN)).toBe(true);
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
    const grid = await explainWithPrep(lime, region, img, 1, { segmentation: 'grid', segments: 16, baseline: 'black', samples: 500, seed: 1 });
    const w = grid.regions!.values;
    expect(w).toHaveLength(16);
    expect(argmax(w)).toBe(6);
    // Every other cell has (almost) no weight.
    const others = w.filter((_, i) => i !== 6).map(Math.abs);
    expect(Math.max(...others)).toBeLessThan(0.05 * w[6]);
    expect(checkOf(grid, 'lime-r2').value).toBeGreaterThan(0.99);
    const slicA = await explainWithPrep(lime, region, img, 1, { segmentation: 'slic', baseline: 'black', samples: 1000, seed: 1 });
    const { share } = topSegment(slicA, inRegion);
    console.log(`LIME region model: grid top cell ${argmax(w)}, R^2 ${checkOf(grid, 'lime-r2').value.toFixed(4)}; SLIC top superpixel ${(share * 100).toFixed(0)}% inside the region, R^2 ${checkOf(slicA, 'lime-r2').value.toFixed(3)}`);
    expect(share).toBeGreaterThan(0.5);
  });

  it('returns a well-formed attribution: each pixel carries its segment weight, the result has weights, intercept and R^2', async () => {
    const img = syntheticSample(7, 1, { size: 64 }).image;
    const a = await explainWithPrep(lime, region, img, 1, { samples: 200, seed: 3, budget: 'fixed' });
    expect(a.width).toBe(64);
    expect(a.height).toBe(64);
    expect(a.signed).toBe(true);
    expectFinite(a.values);
    const seg = a.segments as Int32Array;
    const w = a.regions!.values;
    expect(seg).toHaveLength(64 * 64);
    expect(w).toHaveLength(Math.max(...seg) + 1);
    for (let p = 0; p < seg.length; p += 97) expect(a.values[p]).toBeCloseTo(w[seg[p]], 6);
    expect(typeof a.regions!.start!.value).toBe('number');
    expect(checkOf(a, 'lime-r2').value).toBeLessThanOrEqual(1);
    expect(a.run.cancelled).toBe(false);
    expect(a.run.evaluations.done).toBe(200);
    expect(a.run.stopping).toMatchObject({ budget: 'fixed', fixedBudget: 200, used: 200, stoppedEarly: false, required: 0.95 });
  });

  it('until stable (the default): stops at a look on the demo model, gives exactly the fixed run of that many samples, at any batch size', async () => {
    const lm = await demoModel();
    const s = lesionSample(3);
    const opts = { baseline: 'blur', seed: 2 };
    const a = await expectNoLeak(() => explainImage(lime, lm, s, opts, { batchSize: 64 }));
    const st = a.run.stopping!;
    expect(st).toMatchObject({ budget: 'stable', fixedBudget: 1000, k: 5, stoppedEarly: true });
    expect(st.used).toBe(a.run.evaluations.done);
    expect(st.used % 100).toBe(0); // a look: after a round of a tenth of the budget
    expect(st.used).toBeLessThan(1000);
    expect(st.confidence).toBeGreaterThanOrEqual(0.95);
    expect(checkOf(a, 'top-settled')).toMatchObject({ status: 'ok', format: 'percent' });
    expect(checkOf(a, 'top-settled').detail).toContain(`Stopped at ${st.used} of 1000 perturbed copies`);
    // Another batch size stops at the same look with the same weights.
    const b = await explainImage(lime, lm, s, opts, { batchSize: 37 });
    expect(b.run.evaluations.done).toBe(st.used);
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    // A prefix of the fixed run: the same as a fixed budget of that many samples.
    const f = await explainImage(lime, lm, s, { ...opts, samples: st.used, budget: 'fixed' }, { batchSize: 64 });
    expect(Array.from(f.values)).toEqual(Array.from(a.values));
    console.log(`LIME until stable on lesion image 3: ${st.used} of 1000 samples, top 5 at ${(st.confidence * 100).toFixed(1)}%`);
  });

  it('is deterministic for a seed, differs across seeds, and leaves no tensor behind', async () => {
    const img = syntheticSample(7, 2, { size: 64 }).image;
    for (const baseline of ['regionMean', 'mean', 'blur', 'black', 'noise', 'color']) {
      const a = await expectNoLeak(() => explainWithPrep(lime, region, img, 1, { samples: 100, seed: 5, baseline, baselineColor: '#00ff00' }));
      const b = await expectNoLeak(() => explainWithPrep(lime, region, img, 1, { samples: 100, seed: 5, baseline, baselineColor: '#00ff00' }, { batchSize: 7 }));
      expect(Array.from(b.values)).toEqual(Array.from(a.values));
      expect(checkOf(b, 'lime-r2').value).toBe(checkOf(a, 'lime-r2').value);
    }
    const c = await explainWithPrep(lime, region, img, 1, { samples: 100, seed: 6, baseline: 'black' });
    const d = await explainWithPrep(lime, region, img, 1, { samples: 100, seed: 5, baseline: 'black' });
    expect(Array.from(c.values)).not.toEqual(Array.from(d.values));
  });

  it('warns when hiding regions changes nothing (a flat image under the blurred baseline)', async () => {
    const flat = { width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(150) };
    const a = await explainWithPrep(lime, region, flat, 1, { samples: 100, seed: 1 });
    expect(checkOf(a, 'saturation').status).toBe('warn');
    expect(checkOf(a, 'saturation').detail).toMatch(/stayed at/);
    expect(Math.max(...a.regions!.values.map(Math.abs))).toBeLessThan(1e-9);
    const b = await explainWithPrep(lime, region, syntheticSample(7, 4, { size: 64 }).image, 1, { samples: 100, seed: 1, baseline: 'black' });
    expect(checkOf(b, 'saturation').status).toBe('ok');
    expect(checkOf(b, 'saturation').detail).toBeUndefined();
  });

  it('works on single-channel models, with and without known preprocessing (LIME and SHAP share the plumbing)', async () => {
    const { lm } = linearModel(32, 32, 1, 2, 3);
    const img = syntheticSample(7, 5, { size: 32 }).image;
    for (const method of [lime, getMethod('shap')] as ExplainMethod[]) {
      for (const baseline of ['regionMean', 'mean', 'blur', 'black', 'noise', 'color']) {
        for (const preprocessing of [lm.meta.preprocessing, undefined]) {
          const x = lm.inputTensor(img);
          const a = await expectNoLeak(() => method.explain(contextOf(lm, { preprocessing }), x, 1, validateOptions(method, { samples: 60, seed: 1, baseline, segments: 12 })));
          x.dispose();
          expect(a.values).toHaveLength(32 * 32);
          expectFinite(a.values);
          expect(a.regions!.values.length).toBeGreaterThan(6);
        }
      }
    }
    lm.dispose();
  });

  it('streams running weights and returns a partial result when cancelled', async () => {
    const img = syntheticSample(7, 3, { size: 64 }).image;
    const c = cancelAfterFirstProgress();
    const a = await expectNoLeak(() => explainWithPrep(lime, region, img, 1, { samples: 1000, seed: 1, baseline: 'black' }, { signal: c.signal, onProgress: c.onProgress, batchSize: 50 }));
    expect(a.run.cancelled).toBe(true);
    expect(a.run.evaluations.done).toBe(50);
    expectFinite(a.values);
    const streamed = Array.from(c.reports.find((p) => p.partial)?.partial?.values ?? []);
    expect(streamed).toHaveLength(a.regions!.values.length);
    expect(Array.from(a.regions!.values)).toEqual(streamed);
  });

});
