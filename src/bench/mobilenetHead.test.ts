// The MobileNet-shaped model with a fitted head (the "until stable" proof's big model): its batch-norm
// calibration gives every normalised channel zero mean and unit variance on the calibration images, and the
// folded head computes exactly the standardised softmax regression it was fitted as.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrateBatchNorm, foldHead } from './mobilenetHead';
import { mobileNetLike } from './mobilenet';
import { logisticLogits, trainLogistic } from '../core/baselines/logistic';
import { mulberry32 } from '../core/data/rng';
import { useBackend } from '../core/testing/node';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('MobileNet-shaped model with a fitted head', () => {
  it('batch-norm calibration: each normalised layer outputs mean 0 and variance 1 per channel on the calibration batch', () => {
    const n0 = tf.memory().numTensors;
    const model = mobileNetLike({ inputSize: 32, classes: 3 });
    const x = tf.randomUniform([6, 32, 32, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
    const bnOut = (name: string) => tf.model({ inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor });
    // Before: the random backbone's signal vanishes with depth (the reason for the calibration).
    const before = tf.tidy(() => tf.moments(bnOut('block13_pw_bn').predict(x) as tf.Tensor).variance.dataSync()[0]);
    expect(before).toBeLessThan(1e-3);
    calibrateBatchNorm(model, x);
    for (const name of ['conv1_bn', 'block1_dw_bn', 'block6_pw_bn', 'block13_pw_bn']) {
      const layer = model.getLayer(name);
      const inputOf = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
      const [mean, variance, inputVariance] = tf.tidy(() => {
        const m = tf.moments(bnOut(name).predict(x) as tf.Tensor4D, [0, 1, 2]);
        const v = tf.moments(inputOf.predict(x) as tf.Tensor4D, [0, 1, 2]).variance;
        return [m.mean.dataSync(), m.variance.dataSync(), v.dataSync()];
      });
      // gamma 1, beta 0: normalised activations, mean 0 and variance v / (v + epsilon), batch norm's epsilon 1e-3.
      const eps = (layer.getConfig() as { epsilon: number }).epsilon;
      expect(eps).toBe(1e-3);
      mean.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-3));
      variance.forEach((v, c) => expect(v).toBeCloseTo(inputVariance[c] / (inputVariance[c] + eps), 3));
      expect(Math.max(...variance)).toBeGreaterThan(0.9);
    }
    x.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(n0);
  });

  it('the folded head gives the softmax regression\'s own logits on raw features', async () => {
    const rng = mulberry32(11);
    const d = 5;
    const rows = Array.from({ length: 40 }, () => Float32Array.from({ length: d }, () => 3 + 2 * rng()));
    const y = rows.map((r) => (r[0] + r[1] > 7 ? 1 : r[2] > 4 ? 2 : 0));
    const head = await trainLogistic(rows, y, { classes: 3, steps: 50 });
    const input = tf.input({ shape: [d] });
    const out = tf.layers.dense({ name: 'classifier', units: 3 }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    foldHead(model, head);
    const got = tf.tidy(() => (model.predict(tf.tensor2d([rows[0], rows[7]].flatMap((r) => Array.from(r)), [2, d])) as tf.Tensor).arraySync() as number[][]);
    [rows[0], rows[7]].forEach((r, i) => {
      const want = logisticLogits(head, r);
      for (let c = 0; c < 3; c++) expect(got[i][c]).toBeCloseTo(want[c], 4);
    });
    model.dispose();
  });
});
