import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { disposeModel, runModel, walkLayers } from './graph';
import { camCandidates, defaultCamLayer, summariseLayers } from './introspect';
import { loadLayersModelFromFiles, saveLayersModelToFiles } from './io';
import { smallCnn } from './architectures';
import { useBackend } from '../testing/node';
import { teachableLike } from '../testing/models';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('graph executor', () => {
  beforeAll(() => useBackend('cpu'));

  it('reproduces predict() on a Sequential, a functional model and nested models', () => {
    for (const model of [smallCnn({ inputSize: 16, classes: 4, width: 4 }), teachableLike()]) {
      const shape = model.inputs[0].shape.slice(1) as number[];
      tf.tidy(() => {
        const x = tf.randomUniform([2, ...shape], 0, 1, 'float32', 5);
        expect(maxAbsDiff(runModel(model, x).output, model.predict(x) as tf.Tensor)).toBeLessThan(1e-6);
        // logits: softmax of them gives the probabilities back
        const logits = runModel(model, x, { logits: true }).output;
        expect(maxAbsDiff(tf.softmax(logits), model.predict(x) as tf.Tensor)).toBeLessThan(1e-6);
        expect(maxAbsDiff(logits, model.predict(x) as tf.Tensor)).toBeGreaterThan(1e-3);
      });
      model.dispose();
    }
  });

  it('captures a layer inside nested models and, fed back as an override, gives the same output', () => {
    const model = teachableLike();
    const path = 'sequential_1/mobilenet/Conv2';
    tf.tidy(() => {
      const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 6);
      const { output, captured } = runModel(model, x, { capture: [path] });
      const a = captured.get(path)!;
      expect(a.shape).toEqual([1, 16, 16, 8]);
      const again = runModel(model, x, { override: { path, tensor: a } }).output;
      expect(maxAbsDiff(again, output)).toBeLessThan(1e-6);
      // and the override really is used: zeroing the activations changes the output
      const zeroed = runModel(model, x, { override: { path, tensor: tf.zerosLike(a) } }).output;
      expect(maxAbsDiff(zeroed, output)).toBeGreaterThan(1e-4);
    });
    model.dispose();
  });

  it('differentiates the logit with respect to an inner layer (finite differences agree)', () => {
    const model = teachableLike();
    const path = 'sequential_1/mobilenet/Conv2';
    tf.tidy(() => {
      const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 7);
      const a = runModel(model, x, { capture: [path] }).captured.get(path)!;
      const f = (t: tf.Tensor) => tf.sum(tf.slice(runModel(model, x, { override: { path, tensor: t }, logits: true }).output, [0, 1], [1, 1]));
      const g = tf.grad(f)(a);
      const idx = [0, 3, 5, 2];
      const eps = 1e-2;
      const bump = tf.buffer(a.shape, 'float32');
      bump.set(eps, ...idx);
      const numeric = (f(tf.add(a, bump.toTensor())).dataSync()[0] - f(tf.sub(a, bump.toTensor())).dataSync()[0]) / (2 * eps);
      const analytic = g.bufferSync().get(...idx);
      expect(Math.abs(numeric - analytic)).toBeLessThan(1e-3 + 1e-2 * Math.abs(analytic));
    });
    model.dispose();
  });

  it('names a layer that is not there instead of returning nothing', () => {
    const model = smallCnn({ inputSize: 8, classes: 2, width: 2 });
    expect(() => tf.tidy(() => runModel(model, tf.zeros([1, 8, 8, 3]), { capture: ['nope'] }).output)).toThrow(/Layer "nope" was not reached/);
    model.dispose();
  });
});

describe('introspection', () => {
  beforeAll(() => useBackend('cpu'));

  it('flattens nested models into paths and finds the CAM layer inside them', () => {
    const model = teachableLike();
    const paths = walkLayers(model).map((l) => l.path);
    expect(paths).toContain('sequential_1/mobilenet/Conv1');
    expect(paths).toContain('sequential_3/dense_Dense2');
    const layers = summariseLayers(model);
    expect(camCandidates(layers).map((l) => l.path)).toEqual(['sequential_1/mobilenet/Conv1', 'sequential_1/mobilenet/Conv2', 'sequential_1/mobilenet/skip', 'sequential_1/mobilenet/out_relu']);
    expect(defaultCamLayer(layers)).toBe('sequential_1/mobilenet/Conv2');
    model.dispose();
  });

  it('picks the last conv layer with spatial size > 1 for the small CNN', () => {
    const model = smallCnn({ inputSize: 64, classes: 3 });
    const layers = summariseLayers(model);
    expect(defaultCamLayer(layers)).toBe('conv3');
    expect(layers.find((l) => l.path === 'conv3')?.outputShape).toEqual([null, 16, 16, 64]);
    expect(layers.reduce((n, l) => n + l.params, 0)).toBe(model.countParams());
    model.dispose();
  });
});

describe('model files', () => {
  beforeAll(() => useBackend('cpu'));

  it('round-trips through model.json + shard, nested models included, predicting the same and leaking nothing', async () => {
    for (const make of [() => smallCnn({ inputSize: 16, classes: 3, width: 4 }), teachableLike]) {
      const model = make();
      const before = tf.memory().numTensors;
      const saved = await saveLayersModelToFiles(model);
      const json = JSON.parse(JSON.stringify(saved.modelJson));
      expect(json.format).toBe('layers-model');
      const loaded = await loadLayersModelFromFiles({ modelJson: json, shards: new Map([[saved.shardName, saved.weights]]) });
      const shape = model.inputs[0].shape.slice(1) as number[];
      tf.tidy(() => {
        const x = tf.randomUniform([2, ...shape], 0, 1, 'float32', 8);
        expect(maxAbsDiff(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor)).toBeLessThan(1e-6);
      });
      disposeModel(loaded);
      expect(tf.memory().numTensors).toBe(before);
      disposeModel(model);
    }
  });

  it('disposeModel frees every weight of a nested model (plain dispose() does not in tfjs 4.22)', () => {
    const start = tf.memory().numTensors;
    const model = teachableLike();
    expect(tf.memory().numTensors).toBeGreaterThan(start);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('says which shard is missing', async () => {
    const model = smallCnn({ inputSize: 8, classes: 2, width: 2 });
    const saved = await saveLayersModelToFiles(model);
    await expect(loadLayersModelFromFiles({ modelJson: saved.modelJson, shards: new Map() })).rejects.toThrow(/group1-shard1of1\.bin" is missing/);
    model.dispose();
  });
});
