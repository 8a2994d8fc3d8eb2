import { describe, expect, it } from 'vitest';
import { parseMetadata } from './metadata';
import type { ModelMetadata } from '../../shared/types';
import { classifyModelFiles, entryFor, metadataJson, uniqueName } from './files';

const META: ModelMetadata = {
  name: 'm',
  labels: ['a', 'b', 'c'],
  preprocessing: { width: 64, height: 64, channels: 3, resize: 'stretch', scale: 'zeroOne' },
  needsReview: true,
};

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

