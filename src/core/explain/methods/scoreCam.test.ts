import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModel } from '../../model/graph';
import { useBackend } from '../../testing/node';
import { cancelAfterFirstProgress, demoModel, expectFinite, expectNoLeak, explainImage, lesionSample, maxAbsDiff } from '../testkit';
import { scoreCam } from './scoreCam';

describe('Score-CAM', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('is bounded by the summed activations, since every channel weight is a probability', async () => {
    const lm = await demoModel();
    const layer = lm.info.defaultCamLayer as string;
    for (const i of [0, 1]) {
      const s = lesionSample(i);
      const a = await explainImage(scoreCam, lm, s);
      const x = lm.inputTensor(s.image);
      const bound = tf.tidy(() => {
        const A = runModel(lm.model, x, { capture: [layer] }).captured.get(layer) as tf.Tensor4D;
        return tf.image.resizeBilinear(tf.sum(A, 3, true) as tf.Tensor4D, [64, 64], false, true).dataSync();
      });
      x.dispose();
      const scale = Math.max(...bound);
      expect(Math.min(...a.values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...a.values.map((v, p) => v - bound[p]))).toBeLessThanOrEqual(1e-5 * scale);
    }
  });

  it('gives the same map whatever the batch size', async () => {
    const lm = await demoModel();
    const a = await explainImage(scoreCam, lm, lesionSample(0), {}, { batchSize: 5 });
    const b = await explainImage(scoreCam, lm, lesionSample(0), {}, { batchSize: 64 });
    expect(maxAbsDiff(a.values, b.values)).toBeLessThanOrEqual(1e-5 * Math.max(...b.values));
  });

  it('leaks no tensors, and a cancel returns a partial result', async () => {
    const lm = await demoModel();
    await expectNoLeak(() => explainImage(scoreCam, lm, lesionSample(0)));
    const c = cancelAfterFirstProgress();
    const a = await expectNoLeak(() => explainImage(scoreCam, lm, lesionSample(0), {}, { batchSize: 8, ...c }));
    expect(a.run.cancelled).toBe(true);
    expect(a.run.evaluations.done).toBe(8);
    expect(a.run.evaluations.total).toBeGreaterThan(8);
    expectFinite(a.values);
    expect(c.reports.at(-1)?.done).toBe(8);
  });

});
