import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticSample } from '../../data/synthetic';
import { LoadedModel } from '../../model/loaded';
import { argmax, useBackend } from '../../testing/node';
import type { Progress } from '../../../shared/types';
import { exactShapley } from '../shapley';
import { cancelAfterFirstProgress, checkOf, demoModel, expectFinite, expectNoLeak, explainImage, explainWithPrep, inRegion, lesionSample, regionModel, topSegment } from '../testkit';
import { kernelShapMethod as shap } from './kernelShap';

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe('image SHAP over superpixels', () => {
  let region: LoadedModel;
  beforeAll(async () => {
    await useBackend('wasm');
    region = regionModel();
  });
  afterAll(() => region.dispose());

  it('on a model that looks at one region only, gives that region all of f(x) - base (grid) and ranks it first (SLIC)', async () => {
    const img = syntheticSample(7, 0, { size: 64, label: 0 }).image;
    const grid = await explainWithPrep(shap, region, img, 1, { segmentation: 'grid', segments: 16, baseline: 'black', seed: 1 });
    const v = grid.regions!.values;
    expect(v).toHaveLength(16);
    expect(grid.regions!.exact).toBe(false); // 2^16 - 2 coalitions do not fit 2*16 + 2048
    expect(argmax(v)).toBe(6);
    const delta = grid.regions!.end!.value - grid.regions!.start!.value;
    // The game depends on player 6 alone, so even the sampled estimate is exact.
    expect(v[6]).toBeCloseTo(delta, 5);
    expect(Math.max(...v.filter((_, i) => i !== 6).map(Math.abs))).toBeLessThan(1e-5);
    const slicA = await explainWithPrep(shap, region, img, 1, { segmentation: 'slic', baseline: 'black', seed: 1 });
    const { share } = topSegment(slicA, inRegion);
    console.log(`SHAP region model: grid cell 6 gets ${v[6].toFixed(4)} of f(x) - base = ${delta.toFixed(4)}; SLIC top superpixel ${(share * 100).toFixed(0)}% inside the region (${slicA.regions!.values.length} segments, ${slicA.run.evaluations.done} evaluations)`);
    expect(share).toBeGreaterThan(0.5);
  });

  it('is exact when every coalition fits the budget: matches exactShapley over the model on a 3x3 grid', async () => {
    const img = syntheticSample(7, 1, { size: 64 }).image;
    const lm = region;
    const a = await explainWithPrep(shap, lm, img, 1, { segmentation: 'grid', segments: 9, baseline: 'regionMean', seed: 1 });
    expect(a.regions!.exact).toBe(true);
    expect(a.run.evaluations.done).toBe(2 ** 9);
    // The same game evaluated independently, one coalition at a time.
    const labels = a.segments as Int32Array;
    const x = lm.inputTensor(img);
    const xs = (await x.data()) as Float32Array;
    x.dispose();
    const means = new Float64Array(9 * 3);
    const counts = new Float64Array(9);
    for (let p = 0; p < labels.length; p++) {
      counts[labels[p]]++;
      for (let c = 0; c < 3; c++) means[labels[p] * 3 + c] += xs[p * 3 + c];
    }
    for (let i = 0; i < means.length; i++) means[i] /= counts[Math.floor(i / 3)];
    const games: Float32Array[] = [];
    exactShapley(9, (z) => {
      const img2 = new Float32Array(xs.length);
      for (let p = 0; p < labels.length; p++) for (let c = 0; c < 3; c++) img2[p * 3 + c] = z[labels[p]] ? xs[p * 3 + c] : means[labels[p] * 3 + c];
      games.push(img2);
      return 0;
    });
    const batch = new Float32Array(games.length * xs.length);
    games.forEach((g, i) => batch.set(g, i * xs.length));
    const probs = tf.tidy(() => tf.slice(lm.model.predict(tf.tensor4d(batch, [games.length, 64, 64, 3])) as tf.Tensor2D, [0, 1], [games.length, 1]));
    const v = await probs.data();
    probs.dispose();
    let k = 0;
    const exact = exactShapley(9, () => v[k++]);
    const got = a.regions!.values;
    for (let i = 0; i < 9; i++) expect(Math.abs(got[i] - exact[i])).toBeLessThan(1e-5);
    expect(Math.abs(sum(got) - (a.regions!.end!.value - a.regions!.start!.value))).toBeLessThan(1e-9);
  });

  it('returns a well-formed attribution with base, f(x), values and standard errors; deterministic; no tensor leak', async () => {
    const img = syntheticSample(7, 2, { size: 64 }).image;
    for (const baseline of ['regionMean', 'mean', 'blur', 'black', 'noise', 'color']) {
      const a = await expectNoLeak(() => explainWithPrep(shap, region, img, 1, { samples: 200, seed: 5, baseline, baselineColor: '#808080' }));
      const b = await expectNoLeak(() => explainWithPrep(shap, region, img, 1, { samples: 200, seed: 5, baseline, baselineColor: '#808080' }, { batchSize: 23 }));
      expect(Array.from(b.values)).toEqual(Array.from(a.values));
      expectFinite(a.values);
      const v = a.regions!.values;
      const se = a.regions!.stderr!;
      expect(v).toHaveLength(Math.max(...(a.segments as Int32Array)) + 1);
      expect(se).toHaveLength(v.length);
      expect(se.every((s) => s >= 0 && Number.isFinite(s))).toBe(true);
      expect(Math.abs(sum(v) - (a.regions!.end!.value - a.regions!.start!.value))).toBeLessThan(1e-9);
      expect(checkOf(a, 'shap-sum').status).toBe('ok');
      const seg = a.segments as Int32Array;
      for (let p = 0; p < seg.length; p += 101) expect(a.values[p]).toBeCloseTo(v[seg[p]], 6);
    }
    const c = await explainWithPrep(shap, region, img, 1, { samples: 200, seed: 6 });
    const d = await explainWithPrep(shap, region, img, 1, { samples: 200, seed: 5 });
    expect(Array.from(c.values)).not.toEqual(Array.from(d.values));
  });

  it('warns when hiding regions changes nothing (a flat image under the blurred baseline)', async () => {
    const flat = { width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(150) };
    const a = await explainWithPrep(shap, region, flat, 1, { samples: 100, seed: 1 });
    expect(checkOf(a, 'saturation').status).toBe('warn');
    expect(checkOf(a, 'saturation').detail).toMatch(/stayed at/);
    expect(a.regions!.start!.value).toBeCloseTo(a.regions!.end!.value, 6);
  });

  it('streams the running estimate with standard errors, and cancel returns a partial result', async () => {
    const img = syntheticSample(7, 3, { size: 64 }).image;
    const streamed: Progress[] = [];
    const full = await explainWithPrep(shap, region, img, 1, { samples: 300, seed: 2, budget: 'fixed' }, { onProgress: (p: Progress) => streamed.push(p) });
    const partials = streamed.filter((p) => p.partial);
    expect(partials.length).toBeGreaterThan(2);
    expect(partials.some((p) => p.partial?.stderr?.length === full.regions!.values.length)).toBe(true);
    const c = cancelAfterFirstProgress();
    const a = await expectNoLeak(() => explainWithPrep(shap, region, img, 1, { samples: 300, seed: 2 }, { signal: c.signal, onProgress: c.onProgress }));
    expect(a.run.cancelled).toBe(true);
    expect(a.run.evaluations.done).toBe(64);
    expectFinite(a.values);
    expect(Math.abs(sum(a.regions!.values) - (a.regions!.end!.value - a.regions!.start!.value))).toBeLessThan(1e-9);
  });

  it('until stable (the default) stops at a look on the demo model, at the same place for any batch size; fixed spends the budget', async () => {
    const lm = await demoModel();
    const s = lesionSample(1);
    const a = await expectNoLeak(() => explainImage(shap, lm, s, { baseline: 'blur', seed: 1 }, { batchSize: 64 }));
    const st = a.run.stopping!;
    expect(st).toMatchObject({ budget: 'stable', k: 5, stoppedEarly: true, fixedBudget: a.run.evaluations.total });
    expect(st.used).toBe(a.run.evaluations.done);
    expect(st.used).toBeLessThan(st.fixedBudget);
    expect(st.confidence).toBeGreaterThanOrEqual(0.95);
    expect(checkOf(a, 'top-settled').detail).toContain(`Stopped at ${st.used} of ${st.fixedBudget} combinations of regions`);
    const b = await explainImage(shap, lm, s, { baseline: 'blur', seed: 1 }, { batchSize: 29 });
    expect(b.run.evaluations.done).toBe(st.used);
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    const f = await explainImage(shap, lm, s, { baseline: 'blur', seed: 1, budget: 'fixed' }, { batchSize: 64 });
    expect(f.run.evaluations.done).toBe(f.run.evaluations.total);
    expect(f.run.stopping).toMatchObject({ budget: 'fixed', stoppedEarly: false, used: f.run.evaluations.total });
    // The same top region as the whole budget.
    expect(argmax(a.regions!.values)).toBe(argmax(f.regions!.values));
    console.log(`SHAP until stable on lesion image 1: ${st.used} of ${st.fixedBudget} coalitions, top 5 at ${(st.confidence * 100).toFixed(1)}%`);
  });
});
