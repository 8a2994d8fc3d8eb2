// Output heads: the models people have (issue 11, "The models people have"). Every expected value is
// worked out by hand in the comment above it, from the model's weights; none is read from the code.
//
// The probe model: 8x8x1 input → Conv2D(1 filter, 1x1, kernel 1, bias 0, relu) → GlobalAveragePooling →
// Dense(units, activation, bias 0). On an all-0.5 input the conv gives 0.5 everywhere, the pooling 0.5, so
// the Dense layer's pre-activation score (logit) of unit k is 0.5 * kernel[k].

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../testing/node';
import { getMethod } from '../explain/registry';
import { validateOptions } from '../explain/types';
import { batchedScores } from '../explain/batching';
import { disposeModel, runModel } from './graph';
import { detectHead, probabilitiesFromLogits } from './head';
import { saveLayersModelToFiles } from './io';
import { LoadedModel } from './loaded';
import { loadValidatedModel } from './validate';
import { smallCnn } from './architectures';

function probe(kernel: number[], activation: 'sigmoid' | 'softmax' | 'linear', bias = 0): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 1, kernelSize: 1, activation: 'relu', name: 'conv' }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: kernel.length, activation, name: 'out' }),
    ],
  });
  const w = [tf.tensor4d([1], [1, 1, 1, 1]), tf.tensor1d([0]), tf.tensor2d([kernel], [1, kernel.length]), tf.fill([kernel.length], bias)];
  model.getLayer('conv').setWeights(w.slice(0, 2));
  model.getLayer('out').setWeights(w.slice(2));
  tf.dispose(w);
  return model;
}

const HALF = () => tf.fill([1, 8, 8, 1], 0.5) as tf.Tensor4D;

async function filesOf(model: tf.LayersModel, metadata?: object) {
  const s = await saveLayersModelToFiles(model);
  return { modelJson: JSON.parse(JSON.stringify(s.modelJson)), shards: new Map([[s.shardName, s.weights]]), metadataText: metadata ? JSON.stringify(metadata) : undefined };
}

async function loadThrough(model: tf.LayersModel, metadata?: object): Promise<{ lm: LoadedModel; warnings: string[] }> {
  const r = await loadValidatedModel(await filesOf(model, metadata));
  if (!r.ok) throw new Error(`${r.error.title}: ${r.error.detail}`);
  return { lm: new LoadedModel(r.model, r.metadata), warnings: r.warnings };
}

async function explain(lm: LoadedModel, methodId: string, target: number): Promise<Float32Array> {
  const method = getMethod(methodId);
  const x = HALF();
  try {
    const a = await method.explain({ model: lm.model, info: lm.info, preprocessing: lm.meta.preprocessing }, x, target, validateOptions(method, {}));
    return a.values;
  } finally {
    x.dispose();
  }
}

function expectEverywhere(values: Float32Array, expected: number, length = 64) {
  expect(values.length).toBe(length);
  for (const v of values) expect(v).toBeCloseTo(expected, 5);
}

beforeAll(async () => {
  await useBackend('cpu');
});

describe('head detection', () => {
  it('names the head from the output layer: softmax, sigmoid (one unit or several), linear', () => {
    const cases: [tf.LayersModel, ReturnType<typeof detectHead>][] = [
      [probe([6, 4], 'sigmoid'), { head: 'sigmoid', units: 2, classes: 2 }],
      [probe([3], 'sigmoid'), { head: 'sigmoid', units: 1, classes: 2 }],
      [probe([1, 2, 3], 'softmax'), { head: 'softmax', units: 3, classes: 3 }],
      [probe([1, 2, 3], 'linear'), { head: 'linear', units: 3, classes: 3 }],
      [smallCnn({ inputSize: 8, classes: 4, width: 2, depth: 1 }), { head: 'softmax', units: 4, classes: 4 }],
      // A separate Activation layer after a linear Dense, and a Softmax layer.
      [tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 1 }), tf.layers.activation({ activation: 'sigmoid' })] }), { head: 'sigmoid', units: 1, classes: 2 }],
      [tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 3 }), tf.layers.softmax()] }), { head: 'softmax', units: 3, classes: 3 }],
      // Nested: the head sits in an inner Sequential (the Teachable Machine shape).
      [tf.sequential({ layers: [tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 2, activation: 'sigmoid' })] })] }), { head: 'sigmoid', units: 2, classes: 2 }],
    ];
    for (const [model, expected] of cases) {
      expect(detectHead(model)).toEqual(expected);
      disposeModel(model);
    }
  });
});

describe('several sigmoid units (multi-label)', () => {
  it('shows the independent probabilities the model computes: kernel [[6, 4]] gives sigmoid(3), sigmoid(2)', async () => {
    // logits 0.5 * [6, 4] = [3, 2]; sigmoid(3) = 1 / (1 + e^-3) = 0.952574, sigmoid(2) = 0.880797.
    // (A softmax over them, the old behaviour, would give [0.731, 0.269].)
    const before = tf.memory().numTensors;
    const original = probe([6, 4], 'sigmoid');
    const { lm } = await loadThrough(original);
    const x = HALF();
    const p = await lm.probabilities(x);
    expect(p[0]).toBeCloseTo(0.952574, 6);
    expect(p[1]).toBeCloseTo(0.880797, 6);
    // The same as the model's own output.
    const own = tf.tidy(() => Array.from((original.predict(x) as tf.Tensor).dataSync()));
    expect(p[0]).toBeCloseTo(own[0], 6);
    // Logits are the scores before the sigmoid.
    const logits = tf.tidy(() => Array.from(runModel(lm.model, x, { logits: true }).output.dataSync()));
    expect(logits[0]).toBeCloseTo(3, 6);
    expect(logits[1]).toBeCloseTo(2, 6);
    x.dispose();
    expect(lm.info.head).toBe('sigmoid');
    const s = lm.summary('cpu');
    expect(s.head).toBe('sigmoid');
    expect(s.multiLabel).toBe(true);
    expect(lm.meta.labels).toEqual(['class 0', 'class 1']);
    lm.dispose();
    disposeModel(original);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('explains the logit, not the saturated sigmoid: kernel [[40, -40]] gives Grad-CAM 0.3125 and vanilla gradient 0.625 for class 0', async () => {
    // logit_0 = 40 * mean(relu(x)) = 20, so sigmoid(20) rounds to 1 in float32 and its gradient y(1 - y) to 0.
    // Through the logit: d logit_0 / d x_ij = 40 / 64 = 0.625 at every pixel (vanilla gradient, one channel).
    // Grad-CAM: A = 0.5 everywhere, d logit_0 / dA_ij = 40 / 64 = 0.625, alpha = mean = 0.625,
    // map = relu(alpha * A) = 0.3125 everywhere. For class 1 (kernel -40): alpha = -0.625, map = relu(-0.3125) = 0.
    const model = probe([40, -40], 'sigmoid');
    const lm = new LoadedModel(model, { name: 'multi', labels: ['a', 'b'], preprocessing: { width: 8, height: 8, channels: 1, resize: 'stretch', scale: 'zeroOne' } });
    const before = tf.memory().numTensors;
    expectEverywhere(await explain(lm, 'gradcam', 0), 0.3125);
    expectEverywhere(await explain(lm, 'saliency', 0), 0.625);
    expectEverywhere(await explain(lm, 'gradcam', 1), 0);
    expectEverywhere(await explain(lm, 'saliency', 1), 0.625);
    expect(tf.memory().numTensors).toBe(before);
    lm.dispose();
  });
});

describe('one sigmoid unit (binary classifier)', () => {
  it('is read as two classes, 1 - p and p, labelled "negative"/"positive" without metadata', async () => {
    // kernel [[4]], bias -1: z = 0.5 * 4 - 1 = 1, p = sigmoid(1) = 0.731059, 1 - p = 0.268941.
    const before = tf.memory().numTensors;
    const original = probe([4], 'sigmoid', -1);
    const { lm } = await loadThrough(original);
    expect(lm.meta.labels).toEqual(['negative', 'positive']);
    expect(lm.info.classes).toBe(2);
    expect(lm.info.head).toBe('sigmoid');
    expect(lm.summary('cpu').multiLabel).toBeUndefined();
    const x = HALF();
    const p = await lm.probabilities(x);
    expect(p[0]).toBeCloseTo(0.268941, 6);
    expect(p[1]).toBeCloseTo(0.731059, 6);
    // The two class logits are [-z, z].
    const logits = tf.tidy(() => Array.from(runModel(lm.model, x, { logits: true }).output.dataSync()));
    expect(logits[0]).toBeCloseTo(-1, 6);
    expect(logits[1]).toBeCloseTo(1, 6);
    x.dispose();
    lm.dispose();
    disposeModel(original);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes its two labels from metadata.json, and refuses one label with the reason', async () => {
    const model = probe([4], 'sigmoid');
    const { lm } = await loadThrough(model, { labels: ['benign', 'malignant'] });
    expect(lm.meta.labels).toEqual(['benign', 'malignant']);
    lm.dispose();
    const r = await loadValidatedModel(await filesOf(model, { labels: ['malignant'] }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('metadata-mismatch');
      expect(r.error.title).toBe('metadata.json lists 1 labels, but the model has one sigmoid output, read as 2 classes (1 - p and p)');
    }
    disposeModel(model);
  });

  it('explains either class through the logit: class 0 is -z, class 1 is z', async () => {
    // kernel [[40]], bias 0: z = 20 (p rounds to 1). d z / d x_ij = 40 / 64 = 0.625; x = 0.5.
    // Gradient x Input: class 1 → 0.625 * 0.5 = 0.3125, class 0 (logit -z) → -0.3125.
    // Grad-CAM: class 1 → relu(0.625 * 0.5) = 0.3125; class 0 → relu(-0.3125) = 0. Vanilla gradient: 0.625 for both.
    const lm = new LoadedModel(probe([40], 'sigmoid'), { name: 'binary', labels: ['negative', 'positive'], preprocessing: { width: 8, height: 8, channels: 1, resize: 'stretch', scale: 'zeroOne' } });
    const before = tf.memory().numTensors;
    expectEverywhere(await explain(lm, 'gradxinput', 1), 0.3125);
    expectEverywhere(await explain(lm, 'gradxinput', 0), -0.3125);
    expectEverywhere(await explain(lm, 'gradcam', 1), 0.3125);
    expectEverywhere(await explain(lm, 'gradcam', 0), 0);
    expectEverywhere(await explain(lm, 'saliency', 0), 0.625);
    expect(tf.memory().numTensors).toBe(before);
    lm.dispose();
  });

  it('gives batched scores for both classes, as logits and as probabilities', async () => {
    // Inputs i = 0, 1, 2 filled with 0.25 * i; kernel [[4]], bias -1: z_i = 4 * 0.25 * i - 1 = i - 1 = -1, 0, 1.
    const model = probe([4], 'sigmoid', -1);
    const makeBatch = (start: number, size: number) => tf.concat(Array.from({ length: size }, (_, k) => tf.fill([1, 8, 8, 1], 0.25 * (start + k)))) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const logits = await batchedScores(model, { count: 3, makeBatch, batchSize: 2 });
    expect(Array.from(logits.scores)).toEqual([1, -1, -0, 0, -1, 1].map((v) => expect.closeTo(v, 6)));
    const probs = await batchedScores(model, { count: 3, makeBatch, output: 'probs', head: 'sigmoid', target: 1 });
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    expect(Array.from(probs.scores)).toEqual([sig(-1), sig(0), sig(1)].map((v) => expect.closeTo(v, 6)));
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
  });
});

describe('softmax heads are unchanged', () => {
  let model: tf.Sequential;
  afterAll(() => disposeModel(model));
  it('probabilities are the softmax of the logits and sum to 1', async () => {
    // kernel [[2, 0, -2]]: logits [1, 0, -1]; softmax = e^[1,0,-1] / (e + 1 + 1/e) = [0.665241, 0.244728, 0.090031].
    model = probe([2, 0, -2], 'softmax');
    const lm = new LoadedModel(model, { name: 's', labels: ['a', 'b', 'c'], preprocessing: { width: 8, height: 8, channels: 1, resize: 'stretch', scale: 'zeroOne' } });
    const x = HALF();
    const p = await lm.probabilities(x);
    [0.665241, 0.244728, 0.090031].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 6));
    expect(lm.summary('cpu').multiLabel).toBeUndefined();
    const viaHead = tf.tidy(() => Array.from(probabilitiesFromLogits(tf.tensor2d([[1, 0, -1]]), 'softmax').dataSync()));
    viaHead.forEach((v, i) => expect(v).toBeCloseTo(p[i], 6));
    x.dispose();
  });
});
