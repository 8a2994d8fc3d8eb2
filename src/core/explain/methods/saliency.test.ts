import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node';
import { contextOf, demoModel, expectNoLeak, lesionSample, linearModel, explainImage, withBackend } from '../testkit';
import { saliency } from './saliency';

describe('vanilla gradient saliency', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('on a linear model equals the magnitude of the class weights (max or sum over channels)', () =>
    withBackend('cpu', async () => {
      const [H, W, C, K] = [6, 5, 3, 4];
      const { lm, kernel } = linearModel(H, W, C, K, 3);
      const x = tf.randomUniform([1, H, W, C], 0, 1, 'float32', 7) as tf.Tensor4D;
      for (const target of [0, 2]) {
        const max = await saliency.explain(contextOf(lm), x, target, { channels: 'max' });
        const sum = await saliency.explain(contextOf(lm), x, target, { channels: 'sum' });
        expect([max.height, max.width]).toEqual([H, W]);
        for (let p = 0; p < H * W; p++) {
          const w = [0, 1, 2].map((c) => Math.abs(kernel[(p * C + c) * K + target]));
          expect(max.values[p]).toBeCloseTo(Math.max(...w), 5);
          expect(sum.values[p]).toBeCloseTo(w[0] + w[1] + w[2], 5);
        }
      }
      x.dispose();
      lm.dispose();
    }));

  it('is unsigned and leaks no tensors', async () => {
    const lm = await demoModel();
    const a = await expectNoLeak(() => explainImage(saliency, lm, lesionSample(0)));
    expect(a.signed).toBe(false);
    expect(Math.min(...a.values)).toBeGreaterThanOrEqual(0);
  });

});
