import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../testing/node';

type Shape4 = [number, number, number, number];

// The hand-written Conv2DBackpropFilter must agree with the CPU backend's reference kernel.
async function filterGrad(backend: 'cpu' | 'wasm', xShape: Shape4, fShape: Shape4, strides: number, pad: 'same' | 'valid') {
  await useBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal(xShape, 0, 1, 'float32', 11) as tf.Tensor4D;
    const w = tf.randomNormal(fShape, 0, 1, 'float32', 12) as tf.Tensor4D;
    const g = tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, strides, pad))))(w);
    return g.arraySync() as number[][][][];
  });
}

describe('wasm Conv2DBackpropFilter', () => {
  const cases: [string, Shape4, Shape4, number, 'same' | 'valid'][] = [
    ['3x3 same', [2, 9, 11, 3], [3, 3, 3, 5], 1, 'same'],
    ['3x3 valid stride 2', [3, 12, 10, 4], [3, 3, 4, 6], 2, 'valid'],
    ['5x5 same stride 2 odd sizes', [1, 13, 7, 2], [5, 5, 2, 3], 2, 'same'],
    ['1x1', [2, 6, 6, 8], [1, 1, 8, 4], 1, 'valid'],
  ];
  for (const [name, xs, fs, s, p] of cases) {
    it(`matches the CPU backend: ${name}`, async () => {
      const ref = (await filterGrad('cpu', xs, fs, s, p)).flat(3);
      const got = (await filterGrad('wasm', xs, fs, s, p)).flat(3);
      expect(got.length).toBe(ref.length);
      const scale = Math.max(...ref.map(Math.abs));
      const worst = Math.max(...ref.map((r, i) => Math.abs(r - got[i])));
      expect(worst / scale).toBeLessThan(1e-5);
    });
  }

  const dwCases: [string, Shape4, Shape4, number, 'same' | 'valid', number][] = [
    ['depthwise 3x3 same', [2, 9, 11, 3], [3, 3, 3, 1], 1, 'same', 1],
    ['depthwise 3x3 stride 2 multiplier 2', [1, 12, 10, 4], [3, 3, 4, 2], 2, 'same', 1],
    ['depthwise 5x5 valid odd sizes', [1, 11, 9, 2], [5, 5, 2, 1], 1, 'valid', 1],
  ];
  for (const [name, xs, fs, s, p, d] of dwCases) {
    it(`input gradient through a depthwise conv matches the CPU backend: ${name}`, async () => {
      const grad = async (backend: 'cpu' | 'wasm') => {
        await useBackend(backend);
        return tf.tidy(() => {
          const x = tf.randomNormal(xs, 0, 1, 'float32', 21) as tf.Tensor4D;
          const w = tf.randomNormal(fs, 0, 1, 'float32', 22) as tf.Tensor4D;
          const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.depthwiseConv2d(t as tf.Tensor4D, w, s, p, 'NHWC', d))))(x);
          return Array.from(g.dataSync());
        });
      };
      const ref = await grad('cpu');
      const got = await grad('wasm');
      const scale = Math.max(...ref.map(Math.abs));
      expect(Math.max(...ref.map((r, i) => Math.abs(r - got[i]))) / scale).toBeLessThan(1e-5);
    });
  }

  it('lets a small CNN train on wasm, and frees what it allocated', async () => {
    await useBackend('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const x = tf.randomUniform([16, 8, 8, 1], 0, 1, 'float32', 3);
    const y = tf.tidy(() => tf.mean(x, [1, 2, 3]).reshape([16, 1]));
    const before = tf.memory().numTensors;
    const h = await model.fit(x, y, { epochs: 15, batchSize: 16, verbose: 0 });
    const losses = h.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    y.dispose();
    model.dispose();
  });
});
