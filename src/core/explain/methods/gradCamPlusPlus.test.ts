import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModel } from '../../model/graph';
import { useBackend } from '../../testing/node';
import { demoModel, expectNoLeak, explainImage, LESION, lesionSample, maxAbsDiff } from '../testkit';
import { gradCamPlusPlus } from './gradCamPlusPlus';

describe('Grad-CAM++', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('reduces to its closed form on a layer followed by global average pooling and a dense layer', async () => {
    // There dy/dA^k_ij = g_k = W[k, c] / (h·w) everywhere, so α_k = 1 / (2 + g_k Σ_ab A^k_ab) and
    // w_k = h·w·α_k·relu(g_k): computed here from the classifier's weights, not from gradients.
    const lm = await demoModel();
    const layer = lm.info.defaultCamLayer as string;
    const [kernel] = lm.model.getLayer('classifier').getWeights();
    const Wc = (await kernel.array()) as number[][];
    for (const i of [0, 1, 2]) {
      const s = lesionSample(i);
      const a = await explainImage(gradCamPlusPlus, lm, s);
      const x = lm.inputTensor(s.image);
      const expected = tf.tidy(() => {
        const A = runModel(lm.model, x, { capture: [layer] }).captured.get(layer) as tf.Tensor4D;
        const [, h, w, K] = A.shape;
        const S = tf.sum(A, [0, 1, 2]).arraySync() as number[];
        const weights = Array.from({ length: K }, (_, k) => {
          const g = Wc[k][LESION] / (h * w);
          return g > 0 ? (h * w * g) / (2 + g * S[k]) : 0;
        });
        const cam = tf.relu(tf.sum(tf.mul(A, tf.tensor1d(weights)), 3, true));
        return tf.image.resizeBilinear(cam as tf.Tensor4D, [64, 64], false, true).dataSync();
      });
      x.dispose();
      const scale = Math.max(...expected, 1e-12);
      expect(maxAbsDiff(a.values, expected) / scale).toBeLessThan(1e-4);
    }
  });

  it('is non-negative, finite and leaks no tensors', async () => {
    const lm = await demoModel();
    const a = await expectNoLeak(() => explainImage(gradCamPlusPlus, lm, lesionSample(0)));
    expect(Math.min(...a.values)).toBeGreaterThanOrEqual(0);
    expect(a.values.every(Number.isFinite)).toBe(true);
  });

});
