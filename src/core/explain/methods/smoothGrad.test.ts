import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node';
import {
  cancelAfterFirstProgress,
  contextOf,
  demoModel,
  expectFinite,
  expectNoLeak,
  explainImage,
  lesionSample,
  linearModel,
  maxAbsDiff,
  } from '../testkit';
import { validateOptions } from '../types';
import { getMethod } from '../registry';
import { smoothGrad } from './smoothGrad';

/** The vanilla gradient, for comparison (methods do not import each other, tests neither). */
const saliency = getMethod('saliency');
describe('SmoothGrad', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('with no noise is the plain gradient magnitude summed over channels', async () => {
    const lm = await demoModel();
    const s = lesionSample(2);
    const sg = await explainImage(smoothGrad, lm, s, { samples: 3, noise: 0 });
    const plain = await explainImage(saliency, lm, s, { channels: 'sum' });
    expect(maxAbsDiff(sg.values, plain.values)).toBeLessThanOrEqual(1e-5 * Math.max(...plain.values));
  });

  it('on a linear model equals the summed weight magnitudes whatever the noise', async () => {
    const [H, W, C, K] = [6, 6, 3, 2];
    const { lm, kernel } = linearModel(H, W, C, K, 4);
    const x = tf.randomUniform([1, H, W, C], 0, 1, 'float32', 5) as tf.Tensor4D;
    const a = await smoothGrad.explain(contextOf(lm), x, 0, validateOptions(smoothGrad, { samples: 10, noise: 0.5 }));
    for (let p = 0; p < H * W; p++) {
      let expected = 0;
      for (let c = 0; c < C; c++) expected += Math.abs(kernel[(p * C + c) * K]);
      expect(Math.abs(a.values[p] - expected)).toBeLessThanOrEqual(1e-5);
    }
    x.dispose();
    lm.dispose();
  });

  it('same seed gives the same map at any batch size; another seed a different one', async () => {
    const lm = await demoModel();
    const o = { samples: 12, noise: 0.2 };
    const a = await explainImage(smoothGrad, lm, lesionSample(0), { ...o, seed: 3 }, { batchSize: 5 });
    const b = await explainImage(smoothGrad, lm, lesionSample(0), { ...o, seed: 3 }, { batchSize: 12 });
    const c = await explainImage(smoothGrad, lm, lesionSample(0), { ...o, seed: 4 }, { batchSize: 12 });
    const scale = Math.max(...b.values);
    expect(maxAbsDiff(a.values, b.values)).toBeLessThanOrEqual(1e-5 * scale);
    expect(maxAbsDiff(b.values, c.values)).toBeGreaterThan(1e-3 * scale);
  });

  it('leaks no tensors, and a cancel returns the average of the samples done so far', async () => {
    const lm = await demoModel();
    await expectNoLeak(() => explainImage(smoothGrad, lm, lesionSample(0), { samples: 4 }));
    const c = cancelAfterFirstProgress();
    const a = await expectNoLeak(() => explainImage(smoothGrad, lm, lesionSample(0), { samples: 50, seed: 9 }, { batchSize: 10, ...c }));
    expect(a.run.cancelled).toBe(true);
    expect(a.run.evaluations.done).toBe(10);
    expect(a.run.evaluations.total).toBe(50);
    expectFinite(a.values);
    // The first ten samples of the same seed, averaged: the same as asking for ten.
    const ten = await explainImage(smoothGrad, lm, lesionSample(0), { samples: 10, seed: 9 }, { batchSize: 10 });
    expect(maxAbsDiff(a.values, ten.values)).toBeLessThanOrEqual(1e-6 * Math.max(...ten.values));
  });

});
