import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashSeed, mulberry32 } from '../../data/rng';
import { LoadedModel } from '../../model/loaded';
import { useBackend } from '../../testing/node';
import { cancelAfterFirstProgress, contextOf, demoModel, expectFinite, expectNoLeak, explainImage, lesionSample, maxAbsDiff } from '../testkit';
import { validateOptions } from '../types';
import { rise, riseMaskGenerator } from './rise';

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

});
