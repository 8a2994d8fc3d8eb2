import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticSample } from '../../data/synthetic';
import { LoadedModel } from '../../model/loaded';
import { argmax, useBackend } from '../../testing/node';
import { getMethod } from '../registry';
import { cancelAfterFirstProgress, checkOf, contextOf, expectFinite, expectNoLeak, linearModel, explainWithPrep, inRegion, regionModel, topSegment } from '../testkit';
import { validateOptions, type ExplainMethod } from '../types';
import { lime, limeKernel } from './lime';

describe('LIME building blocks', () => {
  it('kernel: cosine distance to the all-ones row with width 0.25, as lime', () => {
    expect(limeKernel(10, 10, 0.25)).toBe(1);
    const d = 1 - Math.sqrt(5 / 20);
    expect(limeKernel(5, 20, 0.25)).toBeCloseTo(Math.sqrt(Math.exp(-(d * d) / 0.0625)), 12);
    expect(limeKernel(0, 20, 0.25)).toBeCloseTo(Math.sqrt(Math.exp(-1 / 0.0625)), 12);
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
    const a = await explainWithPrep(lime, region, img, 1, { samples: 200, seed: 3 });
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
