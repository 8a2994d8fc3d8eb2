import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseMetadata } from '../core/model/validate';
import { DEMO_MODEL_DIR, loadDemoModel, useBackend } from '../core/testing/node';
import type { ModelMetadata } from '../shared/types';
import { ModelLibrary, ModelShelf, applyMetadataPatch, classifyModelFiles, entryFor, metadataJson, uniqueName, type GivenFile } from './library';
import { testHost, userErrorOf } from './testHost';

const demo = (name: string) => fs.readFileSync(path.join(DEMO_MODEL_DIR, name));
const given = (name: string, bytes: Uint8Array | string): GivenFile => ({ name, blob: new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]) });

const META: ModelMetadata = {
  name: 'm',
  labels: ['a', 'b', 'c'],
  preprocessing: { width: 64, height: 64, channels: 3, resize: 'stretch', scale: 'zeroOne' },
  needsReview: true,
};
const SHAPE = { inputShape: [-1, 64, 64, 3], classes: 3, camLayers: ['conv1', 'conv3'] };

describe('which file is which', () => {
  it('finds model.json, the weight shards (with or without .bin) and metadata.json', () => {
    expect(classifyModelFiles(['tm/model.json', 'tm/weights.bin', 'tm/metadata.json', 'group1-shard2of2'])).toEqual({ modelJson: 0, shards: [1, 3], metadata: 2, ignored: [] });
    expect(classifyModelFiles(['my-net.json', 'a.bin'])).toMatchObject({ modelJson: 0, shards: [1], metadata: null });
    expect(classifyModelFiles(['model.json', 'other.json', 'a.bin', 'photo.png'])).toMatchObject({ modelJson: 0, shards: [2], ignored: [1, 3] });
  });

  it('says what is wrong when there is no model.json to be found', () => {
    expect(classifyModelFiles(['a.json', 'b.json'])).toMatchObject({ title: '2 JSON files, and none is called model.json' });
    expect(classifyModelFiles(['group1-shard1of1.bin'])).toMatchObject({ title: 'model.json is missing' });
    expect(classifyModelFiles(['metadata.json'])).toMatchObject({ title: 'Only metadata.json was given' });
    expect(classifyModelFiles(['a.png', 'b.jpg'])).toMatchObject({ title: 'These are images, not a model' });
    expect(classifyModelFiles(['net.onnx'])).toMatchObject({ title: 'This is an ONNX model, not a TensorFlow.js model' });
    expect(classifyModelFiles(['net.pth'])).toMatchObject({ title: 'This is a PyTorch model, not a TensorFlow.js model' });
    expect(classifyModelFiles([])).toMatchObject({ title: 'No files were given' });
  });

  it('hands a Keras file to the validator, which explains how to convert it', () => {
    expect(classifyModelFiles(['model.h5'])).toMatchObject({ modelJson: 0, shards: [] });
  });
});

describe('metadata', () => {
  it('writes metadata.json that reads back as Glassbox metadata, chosen CAM layer and grayscale included', () => {
    const meta: ModelMetadata = { ...META, needsReview: undefined, validationAccuracy: 0.95, source: 'trained', camLayer: 'conv2', preprocessing: { ...META.preprocessing, grayscale: true } };
    const r = parseMetadata(metadataJson(meta));
    expect(r.ok && r.metadata).toMatchObject({ kind: 'glassbox', name: 'm', labels: ['a', 'b', 'c'], preprocessing: meta.preprocessing, extra: { camLayer: 'conv2', validationAccuracy: 0.95, source: 'trained' } });
  });

  it('keeps a BGR channel order through metadata.json, accepts channel_order "BGR", and refuses an unknown order', () => {
    const meta: ModelMetadata = { ...META, needsReview: undefined, preprocessing: { ...META.preprocessing, channelOrder: 'bgr' } };
    const r = parseMetadata(metadataJson(meta));
    expect(r.ok && r.metadata?.preprocessing).toMatchObject({ channelOrder: 'bgr' });
    const raw = (order: unknown) => JSON.stringify({ labels: ['a', 'b', 'c'], preprocessing: { ...META.preprocessing, channel_order: order } });
    const upper = parseMetadata(raw('BGR'));
    expect(upper.ok && upper.metadata?.preprocessing?.channelOrder).toBe('bgr');
    const plain = parseMetadata(raw('rgb'));
    expect(plain.ok && plain.metadata?.preprocessing?.channelOrder).toBeUndefined();
    const bad = parseMetadata(raw('rbg'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.detail).toMatch(/channelOrder must be "rgb" or "bgr" \(got "rbg"\)/);
  });

  it('numbers a name that is taken', () => {
    expect(uniqueName('Model', [])).toBe('Model');
    expect(uniqueName('model', ['Model', 'Model (2)'])).toBe('model (3)');
    expect(uniqueName('  ', [])).toBe('Model');
  });

  it('summarises an entry for the list', () => {
    expect(entryFor('id', 'n', { ...META, testAccuracy: 0.9 }, { params: 10, inputShape: [-1, 64, 64, 3] }, 40, 5)).toEqual({
      id: 'id', name: 'n', savedAt: 5, labels: ['a', 'b', 'c'], accuracy: 0.9, source: undefined, params: 10, inputShape: [-1, 64, 64, 3], sizeBytes: 40,
    });
  });
});

describe('corrections to labels and preprocessing', () => {
  const patch = (p: Parameters<typeof applyMetadataPatch>[1], shape = SHAPE) => applyMetadataPatch(META, p, shape);

  it('applies labels and preprocessing, and clears needsReview', () => {
    const r = patch({ labels: [' cat', 'dog', 'bird '], preprocessing: { scale: 'minusOneOne', resize: 'centerCrop', grayscale: true } });
    expect(r.ok && r.meta).toMatchObject({ labels: ['cat', 'dog', 'bird'], preprocessing: { scale: 'minusOneOne', resize: 'centerCrop', grayscale: true, width: 64 } });
    expect(r.ok && r.meta.needsReview).toBeUndefined();
  });

  it('sets and clears the BGR channel order, and refuses an order that is neither', () => {
    const r = patch({ preprocessing: { channelOrder: 'bgr' } });
    expect(r.ok && r.meta.preprocessing.channelOrder).toBe('bgr');
    const back = r.ok ? applyMetadataPatch(r.meta, { preprocessing: { channelOrder: 'rgb' } }, SHAPE) : r;
    expect(back.ok && 'channelOrder' in back.meta.preprocessing).toBe(false);
    expect(patch({ preprocessing: { channelOrder: 'grb' as never } })).toMatchObject({ ok: false, error: { title: 'Unknown channel order' } });
  });

  it('refuses labels that do not fit the outputs', () => {
    expect(patch({ labels: ['a', 'b'] })).toMatchObject({ ok: false, error: { title: 'The model has 3 classes, not 2' } });
    expect(patch({ labels: ['a', '', 'c'] })).toMatchObject({ ok: false, error: { title: 'Label 2 is empty' } });
    expect(patch({ labels: ['a', 'B', 'b'] })).toMatchObject({ ok: false, error: { title: 'Two classes are called "b"' } });
  });

  it('refuses an input size or channel count the model fixes, and allows any size when it does not', () => {
    expect(patch({ preprocessing: { width: 128, height: 128 } })).toMatchObject({ ok: false, error: { title: 'This model takes 64 x 64 pixel images' } });
    expect(patch({ preprocessing: { channels: 1 } })).toMatchObject({ ok: false, error: { title: 'This model takes 3-channel images' } });
    const free = patch({ preprocessing: { width: 128, height: 96 } }, { ...SHAPE, inputShape: [-1, -1, -1, 3] });
    expect(free.ok && free.meta.preprocessing).toMatchObject({ width: 128, height: 96 });
  });

  it('needs a positive std for mean/std scaling', () => {
    expect(patch({ preprocessing: { scale: 'meanStd' } })).toMatchObject({ ok: false, error: { title: 'Mean/std scaling needs a mean and a std for each channel' } });
    expect(patch({ preprocessing: { scale: 'meanStd', mean: [0.5, 0.5, 0.5], std: [0.2, 0, 0.2] } })).toMatchObject({ ok: false, error: { title: 'Every std must be greater than 0' } });
    expect(patch({ preprocessing: { scale: 'meanStd', mean: [0.5, 0.5, 0.5], std: [0.2, 0.2, 0.2] } }).ok).toBe(true);
  });

  it('chooses a CAM layer among the spatial ones, or goes back to the automatic choice', () => {
    const r = patch({ camLayer: 'conv1' });
    expect(r.ok && r.meta.camLayer).toBe('conv1');
    expect(r.ok && r.meta.needsReview).toBe(true);
    expect(patch({ camLayer: 'dense' })).toMatchObject({ ok: false, error: { title: 'Layer "dense" cannot be used for CAM' } });
    const back = applyMetadataPatch({ ...META, camLayer: 'conv1' }, { camLayer: null }, SHAPE);
    expect(back.ok && 'camLayer' in back.meta).toBe(false);
  });
});

describe('ModelShelf with model files (cpu backend)', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('refuses broken files with the validator\'s message and leaves the active model and tensors alone', async () => {
    const host = testHost(await loadDemoModel());
    const shelf = new ModelShelf(host);
    const active = host.model;
    const before = tf.memory().numTensors;
    const bin = demo('group1-shard1of1.bin');
    const cases: [GivenFile[], string][] = [
      [[given('model.json', '{"modelTopology": ')], 'model.json is not valid JSON'],
      [[given('model.json', demo('model.json'))], 'Weight file "group1-shard1of1.bin" is missing'],
      [[given('model.json', demo('model.json')), given('group1-shard1of1.bin', bin.subarray(0, 64))], 'Weight file "group1-shard1of1.bin" has the wrong size'],
      [[given('model.json', demo('model.json')), given('group1-shard1of1.bin', bin), given('metadata.json', '{"labels": ["only one"], "preprocessing": {"width": 64, "height": 64, "channels": 3, "resize": "stretch", "scale": "zeroOne"}}')], 'metadata.json lists 1 labels, but the model has 3 outputs'],
      [[given('weights.bin', bin)], 'model.json is missing'],
    ];
    for (const [files, title] of cases) expect((await userErrorOf(shelf.loadFiles(files))).title).toBe(title);
    expect(host.adopted).toBe(0);
    expect(host.model).toBe(active);
    expect(tf.memory().numTensors).toBe(before);
    host.model?.dispose();
  });

  it('loads a model without metadata with guessed labels to review, exports it, and loads the export back', async () => {
    const host = testHost(await loadDemoModel());
    const shelf = new ModelShelf(host);
    const change = await shelf.loadFiles([given('model.json', demo('model.json')), given('group1-shard1of1.bin', demo('group1-shard1of1.bin'))], 'my folder');
    expect(change.origin.metadata).toMatchObject({ name: 'my folder', labels: ['class 0', 'class 1', 'class 2'], needsReview: true });
    expect(change.origin.warnings.join(' ')).toMatch(/No metadata\.json/);
    const fixed = await shelf.updateCurrent({ labels: ['normal', 'lesion', 'cyst'], camLayer: 'conv2' });
    expect(fixed.entries).toBeNull();
    expect(fixed.change.model.labels).toEqual(['normal', 'lesion', 'cyst']);
    expect(fixed.change.model.defaultCamLayer).toBe('conv2');
    expect(fixed.change.origin.warnings).toEqual([]);

    const files = await shelf.exportFiles(null);
    expect(files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin', 'metadata.json']);
    const before = tf.memory().numTensors;
    const again = await shelf.loadFiles(files.map((f) => given(f.name, new Uint8Array(f.bytes))));
    expect(again.origin.metadata).toMatchObject({ name: 'my folder', labels: ['normal', 'lesion', 'cyst'], camLayer: 'conv2' });
    expect(again.origin.metadata.needsReview).toBeUndefined();
    expect(again.model.defaultCamLayer).toBe('conv2');
    // The previous model was freed: as many tensors as before.
    expect(tf.memory().numTensors).toBe(before);
    // Same weights, same predictions as the shipped demo model.
    const x = tf.randomUniform([2, 64, 64, 3], 0, 1, 'float32', 7);
    const demoModel = await loadDemoModel();
    const a = tf.tidy(() => Array.from((demoModel.model.predict(x) as tf.Tensor).dataSync()));
    const b = tf.tidy(() => Array.from((host.model!.model.predict(x) as tf.Tensor).dataSync()));
    expect(b).toEqual(a);
    x.dispose();
    demoModel.dispose();
    host.model?.dispose();
  });

  it('says so when the browser has no IndexedDB', async () => {
    expect((await userErrorOf(new ModelLibrary().list())).title).toBe('The model library is not available here');
  });
});
