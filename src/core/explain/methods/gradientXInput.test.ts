import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node';
import { contextOf, demoModel, expectNoLeak, explainImage, lesionSample, linearModel, withBackend } from '../testkit';
import { gradientXInput } from './gradientXInput';

describe('Gradient x Input', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('on a linear model equals weight x input summed over channels, and adds up to logit - bias', () =>
    withBackend('cpu', async () => {
      const [H, W, C, K] = [7, 6, 3, 3];
      const { lm, kernel, bias } = linearModel(H, W, C, K, 5);
      const x = tf.randomUniform([1, H, W, C], -1, 1, 'float32', 11) as tf.Tensor4D;
      const xv = await x.data();
      const out = lm.model.predict(x) as tf.Tensor2D;
      const logits = await out.array();
      out.dispose();
      for (let target = 0; target < K; target++) {
        const a = await gradientXInput.explain(contextOf(lm), x, target, {});
        expect(a.signed).toBe(true);
        let total = 0;
        for (let p = 0; p < H * W; p++) {
          let expected = 0;
          for (let c = 0; c < C; c++) expected += kernel[(p * C + c) * K + target] * xv[p * C + c];
          expect(Math.abs(a.values[p] - expected)).toBeLessThanOrEqual(1e-5);
          total += a.values[p];
        }
        expect(total).toBeCloseTo(logits[0][target] - bias[target], 4);
      }
      x.dispose();
      lm.dispose();
    }));

  it('leaks no tensors', async () => {
    const lm = await demoModel();
    await expectNoLeak(() => explainImage(gradientXInput, lm, lesionSample(0)));
  });

});
