import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashSeed, mulberry32 } from '../../data/rng';
import { LoadedModel } from '../../model/loaded';
import { useBackend } from '../../testing/node';
import { cancelAfterFirstProgress, contextOf, demoModel, expectFinite, expectNoLeak, explainImage, lesionSample, maxAbsDiff } from '../testkit';
import { validateOptions } from '../types';
import { checkOf, explainWithPrep } from '../testkit';
import { cellIndex, rise, riseMaskGenerator } from './rise';

describe('RISE', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('masks are soft, within [0, 1], keep a fraction p of the image on average, and are shifted', () => {
    for (const [H, W, s, p] of [[64, 64, 8, 0.5], [50, 70, 7, 0.3]] as const) {
      const next = riseMaskGenerator(H, W, s, p, mulberry32(hashSeed(1)));
      const N = 400;
      const m = new Float32Array(N * H * W);
      for (let i = 0; i < N; i++) next(m, i * H * W);
      let mean = 0;
      let soft = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of m) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        mean += v / m.length;
        if (v > 0.01 && v < 0.99) soft++;
      }
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(Math.abs(mean - p)).toBeLessThan(0.02);
      expect(soft / m.length).toBeGreaterThan(0.1);
      // Per-pixel keep rate is about p everywhere (the random shift spreads the grid), not only on average.
      for (const px of [0, (H >> 1) * W + (W >> 1), H * W - 1]) {
        let k = 0;
        for (let i = 0; i < N; i++) k += m[i * H * W + px] / N;
        expect(Math.abs(k - p)).toBeLessThan(0.1);
      }
    }
  });

  it('for a model that ignores its input, the saliency is that constant probability everywhere', async () => {
    const model = tf.sequential();
    model.add(tf.layers.flatten({ inputShape: [32, 32, 3] }));
    model.add(tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: 'zeros', biasInitializer: 'zeros' }));
    const lm = new LoadedModel(model, { name: 'constant', labels: ['a', 'b', 'c', 'd'], preprocessing: { width: 32, height: 32, channels: 3, resize: 'stretch', scale: 'zeroOne' } });
    const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const a = await rise.explain(contextOf(lm), x, 2, validateOptions(rise, { masks: 4000 }));
    x.dispose();
    lm.dispose();
    expect(maxAbsDiff(a.values, new Float32Array(a.values.length).fill(0.25))).toBeLessThan(0.03);
  });

  it('same seed gives the same map at any batch size; another seed a different one', async () => {
    const lm = await demoModel();
    const a = await explainImage(rise, lm, lesionSample(0), { masks: 100, seed: 5 }, { batchSize: 7 });
    const b = await explainImage(rise, lm, lesionSample(0), { masks: 100, seed: 5 }, { batchSize: 64 });
    const c = await explainImage(rise, lm, lesionSample(0), { masks: 100, seed: 6 }, { batchSize: 64 });
    const scale = Math.max(...b.values);
    expect(maxAbsDiff(a.values, b.values)).toBeLessThanOrEqual(1e-5 * scale);
    expect(maxAbsDiff(b.values, c.values)).toBeGreaterThan(1e-3 * scale);
  });

  it('leaks no tensors, and a cancel returns a partial result', async () => {
    const lm = await demoModel();
    await expectNoLeak(() => explainImage(rise, lm, lesionSample(0), { masks: 50 }));
    const c = cancelAfterFirstProgress();
    const a = await expectNoLeak(() => explainImage(rise, lm, lesionSample(0), {}, { batchSize: 32, ...c }));
    expect(a.run.cancelled).toBe(true);
    expect(a.run.evaluations.done).toBe(32);
    expect(a.run.evaluations.total).toBe(2000);
    expectFinite(a.values);
    // Normalised by the masks actually used: the same as asking for those 32 masks.
    const same = await explainImage(rise, lm, lesionSample(0), { masks: 32 }, { batchSize: 32 });
    expect(maxAbsDiff(a.values, same.values)).toBeLessThanOrEqual(1e-6);
  });

  it('cells of the map: an s x s grid, as even as integer division makes it', () => {
    // 4 x 6 map, s = 2: rows 0-1 -> cell row 0, rows 2-3 -> 1; columns 0-2 -> 0, 3-5 -> 1.
    expect(Array.from(cellIndex(4, 6, 2))).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 2, 2, 2, 3, 3, 3]);
  });

  it('until stable: on a blurry map (a model whose logit reads one 2 x 2 block of cells) the block and its neighbours stay close, so it keeps its budget and equals the fixed run', async () => {
    // logit of class 1 = 4 x the mean of the top-left 16 x 16 pixels (all channels); class 0 = 0.
    const model = tf.sequential();
    model.add(tf.layers.flatten({ inputShape: [64, 64, 3] }));
    model.add(tf.layers.dense({ units: 2, activation: 'linear' }));
    const kernel = new Float32Array(64 * 64 * 3 * 2);
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) for (let c = 0; c < 3; c++) kernel[((y * 64 + x) * 3 + c) * 2 + 1] = 4 / (16 * 16 * 3);
    model.layers[1].setWeights([tf.tensor2d(kernel, [64 * 64 * 3, 2]), tf.zeros([2])]);
    const lm = new LoadedModel(model, { name: 'corner', labels: ['a', 'b'], preprocessing: { width: 64, height: 64, channels: 3, resize: 'stretch', scale: 'zeroOne' } });
    const img = { width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(200) };
    const opts = { masks: 500, settleShare: 6, baseline: 'black', seed: 3 };
    const a = await expectNoLeak(() => explainWithPrep(rise, lm, img, 1, opts, { batchSize: 64, score: 'logit' }));
    // Measured: at 100..900 masks the block's cells lead their neighbours by 0.05-0.1 logit with standard errors
    // of 0.05-0.15: nowhere near the z = 3.7 separation, so the run keeps its budget.
    expect(a.run.stopping).toMatchObject({ budget: 'stable', fixedBudget: 500, used: 500, k: 4, stoppedEarly: false });
    expect(checkOf(a, 'top-settled')).toMatchObject({ status: 'warn' });
    expect(checkOf(a, 'top-settled').detail).toContain('Used the whole budget of 500 masked copies');
    const f = await explainWithPrep(rise, lm, img, 1, { ...opts, budget: 'fixed' }, { batchSize: 64, score: 'logit' });
    expect(Array.from(f.values)).toEqual(Array.from(a.values));
    expect(f.run.stopping).toMatchObject({ budget: 'fixed', used: 500, stoppedEarly: false });
    // The map itself finds the block: its highest cell is one of the four.
    let best = 0;
    for (let p = 1; p < a.values.length; p++) if (a.values[p] > a.values[best]) best = p;
    expect(Math.floor(best / 64)).toBeLessThan(24);
    expect(best % 64).toBeLessThan(24);
    lm.dispose();
  });
});
