import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { disposeModel } from './graph';
import { saveLayersModelToFiles } from './io';
import { smallCnn } from './architectures';
import { LoadedModel } from './loaded';
import { loadValidatedModel, validateModelFiles, type ModelFilesInput } from './validate';
import { checkImageInput } from './modelJson';
import { weightBytes } from './shards';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_MODEL_DIR, useBackend } from '../testing/node';
import type { ModelMetadata } from '../../shared/types';

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/**
 * Shaped like a Teachable Machine image model: Sequential[ Sequential[ functional mini-MobileNet ],
 * Sequential[ dense head ] ], with the class names Teachable Machine's tfjs writes ('Model').
 */
function teachableLike(size = 24): tf.Sequential {
  const inp = tf.input({ shape: [size, size, 3], name: 'input_1' });
  let h = tf.layers.conv2d({ name: 'Conv1', filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(1) }).apply(inp) as tf.SymbolicTensor;
  h = tf.layers.batchNormalization({ name: 'bn_Conv1' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.reLU({ name: 'Conv1_relu', maxValue: 6 }).apply(h) as tf.SymbolicTensor;
  const dw = tf.layers.depthwiseConv2d({ name: 'expanded_conv_depthwise', kernelSize: 3, padding: 'same', useBias: false, depthwiseInitializer: init(2) }).apply(h) as tf.SymbolicTensor;
  const pw = tf.layers.conv2d({ name: 'expanded_conv_project', filters: 4, kernelSize: 1, useBias: false, kernelInitializer: init(3) }).apply(dw) as tf.SymbolicTensor;
  const add = tf.layers.add({ name: 'block_add' }).apply([h, pw]) as tf.SymbolicTensor;
  const out = tf.layers.conv2d({ name: 'Conv_1', filters: 8, kernelSize: 1, activation: 'relu', kernelInitializer: init(4) }).apply(add) as tf.SymbolicTensor;
  const mobilenet = tf.model({ inputs: inp, outputs: out, name: 'model1' });
  const body = tf.sequential({ name: 'sequential_1', layers: [mobilenet, tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_GlobalAveragePooling2D1' })] });
  const head = tf.sequential({
    name: 'sequential_3',
    layers: [
      tf.layers.dense({ inputShape: [8], units: 6, activation: 'relu', name: 'dense_Dense1', kernelInitializer: init(5) }),
      tf.layers.dense({ units: 2, activation: 'softmax', name: 'dense_Dense2', useBias: false, kernelInitializer: init(6) }),
    ],
  });
  return tf.sequential({ name: 'sequential_4', layers: [body, head] });
}

const TM_METADATA = JSON.stringify({
  tfjsVersion: '1.3.1',
  tmVersion: '2.4.7',
  packageVersion: '0.8.4-alpha2',
  packageName: '@teachablemachine/image',
  timeStamp: '2024-01-01T00:00:00.000Z',
  userMetadata: {},
  modelName: 'tm-my-image-model',
  labels: ['cats', 'dogs'],
  imageSize: 24,
});

interface Saved {
  json: Record<string, unknown> & { modelTopology: Record<string, unknown>; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  shardName: string;
  weights: ArrayBuffer;
}

async function save(model: tf.LayersModel): Promise<Saved> {
  const s = await saveLayersModelToFiles(model);
  return { json: JSON.parse(JSON.stringify(s.modelJson)), shardName: s.shardName, weights: s.weights };
}

/** What a person drops: model.json as text, shards by file name. */
function drop(s: Saved, metadataText?: string): ModelFilesInput {
  return { modelJson: JSON.stringify(s.json), shards: new Map([[s.shardName, s.weights]]), metadataText };
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

async function expectSamePredictions(original: tf.LayersModel, loaded: tf.LayersModel) {
  const shape = original.inputs[0].shape.slice(1) as number[];
  tf.tidy(() => {
    const x = tf.randomUniform([3, ...shape], -1, 1, 'float32', 9);
    expect(maxAbsDiff(loaded.predict(x) as tf.Tensor, original.predict(x) as tf.Tensor)).toBeLessThan(1e-5);
  });
}

function failed(r: ReturnType<typeof validateModelFiles> | Awaited<ReturnType<typeof loadValidatedModel>>) {
  if (r.ok) throw new Error('expected the model to be refused');
  return { code: r.code, text: `${r.error.title}\n${r.error.detail}\n${r.error.action}`, ...r.error };
}

describe('loading models people already have', () => {
  let cnn: tf.Sequential;
  let tm: tf.Sequential;
  let cnnSaved: Saved;
  let tmSaved: Saved;

  beforeAll(async () => {
    await useBackend('cpu');
    cnn = smallCnn({ inputSize: 16, classes: 3, width: 4, seed: 3 });
    tm = teachableLike();
    // Give batch norm non-trivial statistics, so a mix-up of its weights would show in the predictions.
    const bn = (tm.layers[0] as tf.Sequential).layers[0] as tf.LayersModel;
    const bnLayer = bn.getLayer('bn_Conv1');
    bnLayer.setWeights(bnLayer.getWeights().map((w, i) => tf.tidy(() => tf.add(tf.mul(tf.randomUniform(w.shape, 0.5, 1.5, 'float32', 20 + i), i === 3 ? 1 : 0.3), i === 3 ? 0.2 : 0))));
    cnnSaved = await save(cnn);
    tmSaved = await save(tm);
  });

  it('loads a plain CNN saved with a tfjs IO handler, predicting the same, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const r = await loadValidatedModel(drop(cnnSaved));
    if (!r.ok) throw new Error(r.error.title);
    await expectSamePredictions(cnn, r.model);
    disposeModel(r.model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loads model.json with and without the "format" key', async () => {
    const without = structuredClone(cnnSaved.json);
    delete without.format;
    for (const json of [cnnSaved.json, without]) {
      const r = await loadValidatedModel({ modelJson: JSON.stringify(json), shards: new Map([[cnnSaved.shardName, cnnSaved.weights]]) });
      if (!r.ok) throw new Error(r.error.title);
      await expectSamePredictions(cnn, r.model);
      disposeModel(r.model);
    }
  });

  it('loads what tensorflowjs_converter writes: topology under model_config, weights split over shards, files dropped with folder paths', async () => {
    const topo = cnnSaved.json.modelTopology;
    const converted = {
      format: 'layers-model',
      generatedBy: 'keras v2.15.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: { class_name: topo.class_name, config: topo.config }, training_config: { loss: 'categorical_crossentropy' } },
      weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: cnnSaved.json.weightsManifest[0].weights }],
    };
    const cut = 1000;
    const shards = new Map([
      ['my_model/group1-shard2of2.bin', cnnSaved.weights.slice(cut)],
      ['my_model/group1-shard1of2.bin', cnnSaved.weights.slice(0, cut)],
    ]);
    const r = await loadValidatedModel({ modelJson: JSON.stringify(converted), shards });
    if (!r.ok) throw new Error(`${r.error.title}: ${r.error.detail}`);
    await expectSamePredictions(cnn, r.model);
    disposeModel(r.model);
  });

  it('loads a Teachable Machine model: nested Sequentials around a functional MobileNet, its labels and preprocessing', async () => {
    const before = tf.memory().numTensors;
    const r = await loadValidatedModel(drop(tmSaved, TM_METADATA));
    if (!r.ok) throw new Error(`${r.error.title}: ${r.error.detail}`);
    await expectSamePredictions(tm, r.model);
    expect(r.metadata).toMatchObject({
      name: 'tm-my-image-model',
      labels: ['cats', 'dogs'],
      source: 'teachable-machine',
      preprocessing: { width: 24, height: 24, channels: 3, resize: 'centerCrop', scale: 'minusOneOne' },
    });
    expect(r.metadata.needsReview).toBeFalsy();
    // CAM methods must find the conv layers inside the nested models.
    const loaded = new LoadedModel(r.model, r.metadata);
    const summary = loaded.summary('cpu');
    expect(summary.convLayers).toEqual([
      'sequential_1/model1/Conv1',
      'sequential_1/model1/expanded_conv_depthwise',
      'sequential_1/model1/expanded_conv_project',
      'sequential_1/model1/Conv_1',
    ]);
    expect(summary.defaultCamLayer).toBe('sequential_1/model1/Conv_1');
    expect(summary.labels).toEqual(['cats', 'dogs']);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads the layer list and input shape from the topology before building anything', () => {
    const v = validateModelFiles(drop(tmSaved));
    if (!v.ok) throw new Error(v.error.title);
    expect(v.inputShape).toEqual([null, 24, 24, 3]);
    expect(v.layers.map((l) => l.path)).toContain('sequential_1/model1/expanded_conv_depthwise');
    expect(v.layers.find((l) => l.path === 'sequential_1/model1')?.className).toBe('Model');
  });

  it('loads the shipped demo model and its metadata.json from disk', async () => {
    const dir = DEMO_MODEL_DIR;
    const modelJson = fs.readFileSync(path.join(dir, 'model.json'), 'utf8');
    const shards = new Map<string, ArrayBuffer>();
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.bin'))) {
      const b = fs.readFileSync(path.join(dir, f));
      shards.set(f, b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    }
    const metadataText = fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8');
    const r = await loadValidatedModel({ modelJson, shards, metadataText });
    if (!r.ok) throw new Error(`${r.error.title}: ${r.error.detail}`);
    expect(r.metadata).toMatchObject(JSON.parse(metadataText));
    expect(r.warnings).toEqual([]);
    disposeModel(r.model);
  });

  it("loads Glassbox's own metadata.json as it is", async () => {
    const meta: ModelMetadata = {
      name: 'my model',
      labels: ['a', 'b', 'c'],
      preprocessing: { width: 16, height: 16, channels: 3, resize: 'stretch', scale: 'meanStd', mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.25] },
      validationAccuracy: 0.93,
      source: 'trained',
    };
    const r = await loadValidatedModel(drop(cnnSaved, JSON.stringify(meta)));
    if (!r.ok) throw new Error(r.error.title);
    expect(r.metadata).toEqual(meta);
    disposeModel(r.model);
  });

  it('without metadata: labels "class 0..n-1", preprocessing guessed from the input shape, flagged for review', async () => {
    const r = await loadValidatedModel(drop(cnnSaved), { name: 'dropped folder' });
    if (!r.ok) throw new Error(r.error.title);
    expect(r.metadata).toEqual({
      name: 'dropped folder',
      labels: ['class 0', 'class 1', 'class 2'],
      source: 'uploaded',
      needsReview: true,
      preprocessing: { width: 16, height: 16, channels: 3, resize: 'stretch', scale: 'zeroOne' },
    });
    expect(r.warnings.join(' ')).toMatch(/No metadata\.json/);
    disposeModel(r.model);
  });

  it('guesses raw 0-255 pixels for a model that starts with a Rescaling layer, and grayscale from one channel', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.rescaling({ inputShape: [12, 10, 1], scale: 1 / 255 }),
        tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(2) }),
      ],
    });
    const r = await loadValidatedModel(drop(await save(model)));
    if (!r.ok) throw new Error(r.error.title);
    expect(r.metadata.preprocessing).toEqual({ width: 10, height: 12, channels: 1, resize: 'stretch', scale: 'raw255' });
    expect(r.metadata.needsReview).toBe(true);
    disposeModel(r.model);
    disposeModel(model);
  });

  it('follows the model when metadata.json disagrees about the input size, and asks for review', async () => {
    const meta = { name: 'x', labels: ['a', 'b', 'c'], preprocessing: { width: 64, height: 64, channels: 3, resize: 'stretch', scale: 'zeroOne' } };
    const r = await loadValidatedModel(drop(cnnSaved, JSON.stringify(meta)));
    if (!r.ok) throw new Error(r.error.title);
    expect(r.metadata.preprocessing).toMatchObject({ width: 16, height: 16 });
    expect(r.metadata.needsReview).toBe(true);
    expect(r.warnings.join(' ')).toMatch(/64x64x3.*16x16x3/);
    disposeModel(r.model);
  });

  // ------------------------------------------------------------------------------------------
  // Every broken model gets its own message.

  it('model.json that is not JSON', () => {
    const text = JSON.stringify(cnnSaved.json).slice(0, 500);
    const e = failed(validateModelFiles({ modelJson: text, shards: new Map() }));
    expect(e.code).toBe('not-json');
    expect(e.title).toBe('model.json is not valid JSON');
    expect(e.detail).toMatch(/truncated/);
  });

  it('model.json that is a saved web page', () => {
    const e = failed(validateModelFiles({ modelJson: '<!DOCTYPE html><html><body>404 Not Found</body></html>', shards: new Map() }));
    expect(e.title).toMatch(/web page/);
    expect(e.detail).toMatch(/404/);
  });

  it('a Keras .h5 file dropped as model.json', () => {
    const bytes = new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const e = failed(validateModelFiles({ modelJson: bytes.buffer, shards: new Map() }));
    expect(e.title).toMatch(/Keras \.h5/);
    expect(e.action).toMatch(/tensorflowjs_converter .*--output_format=tfjs_layers_model/);
  });

  it('JSON that is not a TF.js model', () => {
    const e = failed(validateModelFiles({ modelJson: '{"name": "resnet", "version": 2}', shards: new Map() }));
    expect(e.code).toBe('not-tfjs');
    expect(e.detail).toMatch(/modelTopology/);
    const meta = failed(validateModelFiles({ modelJson: TM_METADATA, shards: new Map() }));
    expect(meta.title).toBe('This is metadata.json, not model.json');
    const noManifest = structuredClone(cnnSaved.json) as Record<string, unknown>;
    delete noManifest.weightsManifest;
    expect(failed(validateModelFiles({ modelJson: noManifest, shards: new Map() })).title).toBe('model.json has no weights manifest');
  });

  it('a graph model: says what works with it, what does not, and how to convert', () => {
    const graph = {
      format: 'graph-model',
      generatedBy: '2.15.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: { node: [{ name: 'input', op: 'Placeholder' }, { name: 'conv', op: 'Conv2D', input: ['input', 'w'] }], library: {}, versions: { producer: 1 } },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'w', shape: [3, 3, 3, 8], dtype: 'float32' }] }],
    };
    for (const json of [graph, { ...graph, format: undefined }]) {
      const e = failed(validateModelFiles({ modelJson: JSON.stringify(json), shards: new Map() }));
      expect(e.code).toBe('graph-model');
      expect(e.title).toMatch(/graph model/);
      expect(e.detail).toMatch(/Grad-CAM/);
      expect(e.detail).toMatch(/Perturbation methods \(occlusion, LIME, SHAP, RISE\)/);
      expect(e.detail).toMatch(/not load graph models yet/);
      expect(e.action).toMatch(/tensorflowjs_converter .*--output_format=tfjs_layers_model/);
    }
  });

  it('a missing shard: names which one, and which files were given', () => {
    const e = failed(validateModelFiles({ modelJson: JSON.stringify(cnnSaved.json), shards: new Map([['metadata.json', new ArrayBuffer(3)], ['notes.bin', new ArrayBuffer(8)]]) }));
    expect(e.code).toBe('missing-shard');
    expect(e.title).toBe('Weight file "group1-shard1of1.bin" is missing');
    expect(e.detail).toMatch(/Given: "metadata\.json", "notes\.bin"/);
  });

  it('a shard whose length does not match the manifest: expected and actual bytes', () => {
    const expected = cnnSaved.weights.byteLength;
    const e = failed(validateModelFiles({ modelJson: JSON.stringify(cnnSaved.json), shards: new Map([[cnnSaved.shardName, cnnSaved.weights.slice(0, expected - 100)]]) }));
    expect(e.code).toBe('shard-size');
    expect(e.title).toMatch(/"group1-shard1of1\.bin" has the wrong size/);
    expect(e.detail).toContain(`is ${expected - 100} bytes`);
    expect(e.detail).toContain(`take ${expected} bytes`);
    expect(e.detail).toMatch(/cut off/);
    const longer = new Uint8Array(expected + 4);
    longer.set(new Uint8Array(cnnSaved.weights));
    expect(failed(validateModelFiles({ modelJson: JSON.stringify(cnnSaved.json), shards: new Map([[cnnSaved.shardName, longer.buffer]]) })).detail).toMatch(/different model/);
  });

  it('counts bytes of quantized weights by their storage dtype', () => {
    expect(weightBytes({ name: 'a', shape: [3, 3, 3, 8], dtype: 'float32' })).toBe(864);
    expect(weightBytes({ name: 'a', shape: [3, 3, 3, 8], dtype: 'int32' })).toBe(864);
    expect(weightBytes({ name: 'a', shape: [10], dtype: 'bool' })).toBe(10);
    expect(weightBytes({ name: 'a', shape: [3, 3, 3, 8], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.01 } })).toBe(216);
    expect(weightBytes({ name: 'a', shape: [3, 3, 3, 8], dtype: 'float32', quantization: { dtype: 'uint16', min: -1, scale: 0.01 } })).toBe(432);
    expect(weightBytes({ name: 'a', shape: [3, 3, 3, 8], dtype: 'float32', quantization: { dtype: 'float16' } })).toBe(432);
    expect(weightBytes({ name: 'a', shape: [], dtype: 'float32' })).toBe(4);
    expect(weightBytes({ name: 'a', shape: [2], dtype: 'string' })).toBeNull();
    // A float16-quantized manifest needs half the bytes of the float32 shard it was given.
    const json = structuredClone(cnnSaved.json);
    for (const w of json.weightsManifest[0].weights) w.quantization = { dtype: 'float16' };
    const e = failed(validateModelFiles({ modelJson: json, shards: new Map([[cnnSaved.shardName, cnnSaved.weights]]) }));
    expect(e.detail).toContain(`take ${cnnSaved.weights.byteLength / 2} bytes`);
  });

  it('an unknown layer class, nested two models deep: names the layer and the class', () => {
    const json = structuredClone(tmSaved.json);
    const inner = ((json.modelTopology.config as { layers: { config: { layers: { config: { layers: { class_name: string; config: { name: string } }[] } }[] } }[] }).layers[0].config.layers[0]);
    const dw = inner.config.layers.find((l) => l.config.name === 'expanded_conv_depthwise')!;
    dw.class_name = 'FancyAttention';
    const e = failed(validateModelFiles({ modelJson: json, shards: new Map([[tmSaved.shardName, tmSaved.weights]]) }));
    expect(e.code).toBe('unknown-layer');
    expect(e.title).toBe('Unknown layer class "FancyAttention" in layer "sequential_1/model1/expanded_conv_depthwise"');
    expect(e.detail).toMatch(/custom Keras layer/);
    dw.class_name = 'Lambda';
    expect(failed(validateModelFiles({ modelJson: json, shards: new Map() })).detail).toMatch(/Lambda layer holds Python code/);
  });

  it('an input that is not an image: rank 2, 4 channels, channels first', async () => {
    const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [10], units: 3, activation: 'softmax', kernelInitializer: init(1) })] });
    const e = failed(validateModelFiles(drop(await save(dense))));
    expect(e.code).toBe('not-image');
    expect(e.title).toBe('The model does not take images');
    expect(e.detail).toMatch(/list of 10 numbers/);
    disposeModel(dense);

    const rgba = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 4], filters: 2, kernelSize: 3, kernelInitializer: init(1) }), tf.layers.flatten(), tf.layers.dense({ units: 2, kernelInitializer: init(2) })] });
    const e4 = failed(validateModelFiles(drop(await save(rgba))));
    expect(e4.title).toBe('The model expects 4 channels, not 1 or 3');
    expect(e4.detail).toMatch(/RGBA/);
    disposeModel(rgba);

    expect(checkImageInput([null, 3, 224, 224])?.title).toBe('The model expects channels first');
    expect(checkImageInput([null, 28, 28])?.action).toMatch(/\[height, width, 1\]/);
    expect(checkImageInput([null, 224, 224, 3])).toBeNull();
    expect(checkImageInput([null, 28, 28, 1])).toBeNull();
  });

  it('an output that is not class scores, without leaking the model it had to build', async () => {
    // One linear unit: a regression, or a binary classifier that outputs its logit; Glassbox cannot tell which.
    const single = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, kernelInitializer: init(1) }), tf.layers.flatten(), tf.layers.dense({ units: 1, kernelInitializer: init(2) })] });
    const saved = await save(single);
    const before = tf.memory().numTensors;
    const e = failed(await loadValidatedModel(drop(saved)));
    expect(e.code).toBe('not-classifier');
    expect(e.title).toBe('The model has a single output score');
    expect(e.detail).toMatch(/shape \[any, 1\]: one number per image/);
    expect(e.action).toMatch(/Dense\(1, activation='sigmoid'\)/);
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(single);

    // A segmentation-like output: named with its shape.
    const seg = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 1, activation: 'softmax', kernelInitializer: init(1) })] });
    const segSaved = await save(seg);
    const beforeSeg = tf.memory().numTensors;
    const s = failed(await loadValidatedModel(drop(segSaved)));
    expect(s.title).toBe('The model does not output class scores');
    expect(s.detail).toMatch(/\[any, 8, 8, 2\]/);
    expect(tf.memory().numTensors).toBe(beforeSeg);
    disposeModel(seg);
  });

  it('several outputs or several inputs: refused, naming every shape', async () => {
    const inp = tf.input({ shape: [8, 8, 3] });
    const flat = tf.layers.flatten().apply(inp) as tf.SymbolicTensor;
    const a = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(1) }).apply(flat) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 4, kernelInitializer: init(2) }).apply(flat) as tf.SymbolicTensor;
    const twoOut = tf.model({ inputs: inp, outputs: [a, b] });
    const saved = await save(twoOut);
    const before = tf.memory().numTensors;
    const e = failed(await loadValidatedModel(drop(saved)));
    expect(e.code).toBe('not-classifier');
    expect(e.title).toBe('The model has 2 outputs');
    expect(e.detail).toContain('[any, 3], [any, 4]');
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(twoOut);

    const img = tf.input({ shape: [8, 8, 3] });
    const side = tf.input({ shape: [5] });
    const joined = tf.layers.concatenate().apply([tf.layers.flatten().apply(img) as tf.SymbolicTensor, side]) as tf.SymbolicTensor;
    const twoIn = tf.model({ inputs: [img, side], outputs: tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(3) }).apply(joined) as tf.SymbolicTensor });
    const e2 = failed(validateModelFiles(drop(await save(twoIn))));
    expect(e2.code).toBe('not-image');
    expect(e2.title).toBe('The model takes 2 inputs');
    expect(e2.detail).toContain('[any, 8, 8, 3], [any, 5]');
    disposeModel(twoIn);
  });

  it('weights holding NaN or Infinity: refused, naming the weights, without leaking', async () => {
    const model = smallCnn({ inputSize: 8, classes: 2, width: 2, depth: 1, seed: 5 });
    const dense = model.getLayer('classifier');
    const [kernel] = dense.getWeights(); // the variable's own tensor: not disposed here
    const k = kernel.arraySync() as number[][];
    k[0][1] = NaN;
    const poisoned = [tf.tensor2d(k), tf.tensor1d([0, Infinity])];
    dense.setWeights(poisoned);
    tf.dispose(poisoned);
    const saved = await save(model);
    disposeModel(model);
    const before = tf.memory().numTensors;
    const e = failed(await loadValidatedModel(drop(saved)));
    expect(e.code).toBe('bad-weights');
    expect(e.title).toBe("The model's weights hold NaN or infinite values");
    expect(e.detail).toMatch(/^2 weights \("classifier\/kernel", "classifier\/bias"\) hold values that are not numbers/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('finite weights whose output on a blank test image is NaN: refused with the reason', async () => {
    // Batch normalisation divides by sqrt(moving variance + 0.001): a variance of -1 gives sqrt(-0.999) = NaN.
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, kernelInitializer: init(1), name: 'conv' }),
        tf.layers.batchNormalization({ name: 'bn' }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(2) }),
      ],
    });
    const bn = model.getLayer('bn');
    const w = [tf.ones([2]), tf.zeros([2]), tf.zeros([2]), tf.fill([2], -1)];
    bn.setWeights(w);
    tf.dispose(w);
    const saved = await save(model);
    disposeModel(model);
    const before = tf.memory().numTensors;
    const e = failed(await loadValidatedModel(drop(saved)));
    expect(e.code).toBe('bad-weights');
    expect(e.title).toBe('The model outputs NaN or infinite scores');
    expect(e.detail).toMatch(/blank 8 x 8 test image/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('metadata.json that is broken or belongs to another model', async () => {
    expect(failed(validateModelFiles(drop(cnnSaved, '{"labels": ["a",'))).title).toBe('metadata.json cannot be used');
    const before = tf.memory().numTensors;
    const e = failed(await loadValidatedModel(drop(cnnSaved, JSON.stringify({ labels: ['a', 'b'] }))));
    expect(e.code).toBe('metadata-mismatch');
    expect(e.title).toBe('metadata.json lists 2 labels, but the model has 3 outputs');
    expect(tf.memory().numTensors).toBe(before);
    const bad = failed(validateModelFiles(drop(cnnSaved, JSON.stringify({ labels: ['a', 'b', 'c'], preprocessing: { width: 16, height: 16, channels: 4, resize: 'stretch', scale: 'zeroOne' } }))));
    expect(bad.detail).toMatch(/channels must be 1 or 3 \(got 4\)/);
  });

  it('weights that belong to a different model', async () => {
    const json = structuredClone(cnnSaved.json);
    json.weightsManifest[0].weights[0].name = 'conv_other/kernel';
    const before = tf.memory().numTensors;
    const e = failed(await loadValidatedModel({ modelJson: json, shards: new Map([[cnnSaved.shardName, cnnSaved.weights]]) }));
    expect(e.code).toBe('load-failed');
    expect(e.text).toMatch(/conv_other\/kernel/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

// A regression corpus in the style of netron's: each row is a way a real model arrives broken, and
// the title the person must see. New reports of broken models become new rows.
describe('broken-model corpus', () => {
  type Files = { json: Saved['json']; text?: string; shards: Map<string, ArrayBuffer>; metadataText?: string };
  type Row = [description: string, mutate: (f: Files) => void, title: RegExp];
  const layersOfInner = (f: Files) => ((f.json.modelTopology.config as { layers: { config: { layers: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }[] } }[] }).layers[0].config.layers[0].config.layers);
  const rows: Row[] = [
    ['truncated download of model.json', (f) => { f.text = JSON.stringify(f.json).slice(0, 200); }, /^model\.json is not valid JSON$/],
    ['empty model.json', (f) => { f.text = '   \n'; }, /^model\.json is empty$/],
    ['a 404 page saved as model.json', (f) => { f.text = '<html><head><title>404</title></head></html>'; }, /web page/],
    ['a zip dropped as model.json', (f) => { f.text = 'PK\x03\x04\x14\x00'; }, /zip archive/],
    ['a JSON list', (f) => { f.text = '[1, 2, 3]'; }, /^model\.json is not a TensorFlow\.js model$/],
    ['Keras model.to_json() output', (f) => { f.text = JSON.stringify(f.json.modelTopology); }, /bare Keras model configuration/],
    ['metadata.json dropped as model.json', (f) => { f.text = TM_METADATA; }, /^This is metadata\.json, not model\.json$/],
    ['no weightsManifest', (f) => { delete (f.json as Record<string, unknown>).weightsManifest; }, /no weights manifest/],
    ['damaged weightsManifest', (f) => { (f.json as Record<string, unknown>).weightsManifest = [{ paths: 'group1.bin' }]; }, /weights manifest .* is damaged/],
    ['graph model with format key', (f) => { f.json.format = 'graph-model'; }, /graph model/],
    ['graph model without format key', (f) => { delete f.json.format; f.json.modelTopology = { node: [], versions: {} }; }, /graph model/],
    ['topology without a model config', (f) => { f.json.modelTopology = { keras_version: '2.15' }; }, /no model configuration/],
    ['custom layer in the head', (f) => { (f.json.modelTopology.config as { layers: { config: { layers: { class_name: string }[] } }[] }).layers[1].config.layers[1].class_name = 'ArcFace'; }, /^Unknown layer class "ArcFace" in layer "sequential_3\/dense_Dense2"$/],
    ['TF op recorded by Keras', (f) => { layersOfInner(f)[2].class_name = 'TFOpLambda'; }, /^Unknown layer class "TFOpLambda"/],
    ['a Keras 3 custom registered class', (f) => { layersOfInner(f)[1].class_name = 'my_package>Swish'; }, /^Unknown layer class "my_package>Swish"/],
    ['input rank 3', (f) => { layersOfInner(f)[0].config.batch_input_shape = [null, 24, 24]; }, /does not take images/],
    ['input with 2 channels', (f) => { layersOfInner(f)[0].config.batch_input_shape = [null, 24, 24, 2]; }, /expects 2 channels/],
    ['input channels first (Keras 3 spelling batch_shape)', (f) => { delete layersOfInner(f)[0].config.batch_input_shape; layersOfInner(f)[0].config.batch_shape = [null, 3, 24, 24]; }, /channels first/],
    ['no shards given', (f) => { f.shards.clear(); }, /^Weight file "group1-shard1of1\.bin" is missing$/],
    ['shard under another name', (f) => { const b = f.shards.get('group1-shard1of1.bin')!; f.shards.clear(); f.shards.set('weights.bin', b); }, /is missing/],
    ['two of three shards missing', (f) => { f.json.weightsManifest[0].paths = ['g-shard1of3.bin', 'g-shard2of3.bin', 'g-shard3of3.bin']; f.shards.set('g-shard1of3.bin', new ArrayBuffer(4)); }, /^2 weight files are missing$/],
    ['truncated shard', (f) => { const b = f.shards.get('group1-shard1of1.bin')!; f.shards.set('group1-shard1of1.bin', b.slice(0, b.byteLength - 1)); }, /wrong size/],
    ['manifest lists an extra weight', (f) => { f.json.weightsManifest[0].weights.push({ name: 'extra', shape: [4], dtype: 'float32' }); }, /wrong size/],
    ['metadata.json not JSON', (f) => { f.metadataText = 'labels: cats, dogs'; }, /^metadata\.json cannot be used$/],
    ['metadata.json with labels that are not names', (f) => { f.metadataText = '{"labels": [{"name": "cat"}]}'; }, /^metadata\.json cannot be used$/],
    ['model.json given as metadata.json', (f) => { f.metadataText = JSON.stringify(f.json); }, /^metadata\.json cannot be used$/],
  ];

  let base: Saved;
  beforeAll(async () => {
    await useBackend('cpu');
    const m = teachableLike();
    base = await save(m);
    disposeModel(m);
  });

  it('the unmodified corpus model validates', () => {
    const v = validateModelFiles(drop(base));
    expect(v.ok).toBe(true);
  });

  for (const [description, mutate, title] of rows) {
    it(description, () => {
      const f: Files = { json: structuredClone(base.json), shards: new Map([[base.shardName, base.weights]]) };
      mutate(f);
      const r = validateModelFiles({ modelJson: f.text ?? JSON.stringify(f.json), shards: f.shards, metadataText: f.metadataText });
      const e = failed(r);
      expect(e.title).toMatch(title);
      // Every message says what to do, not only what is wrong.
      expect(e.detail.length).toBeGreaterThan(20);
      expect(e.action.length).toBeGreaterThan(20);
    });
  }
});
