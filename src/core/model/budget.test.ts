// Memory budgeted before allocating (issue 11): every size a file can ask for is bounded at load, with the
// size and the limit named, and one input's memory is estimated against the budget. Expected byte counts are
// worked out by hand from the layer shapes in the comments.

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../testing/node';
import { disposeModel } from './graph';
import { saveLayersModelToFiles } from './io';
import { MAX_INPUT_SIDE, MEMORY_BUDGET_BYTES, estimateMemory, formatBytes, maxBatchFor, memoryRefusal, sideTooLarge } from './budget';
import { LoadedModel } from './loaded';
import { loadValidatedModel, validateModelFiles, type ModelFilesInput } from './validate';
import { applyMetadataPatch } from './patch';
import type { ModelMetadata } from '../../shared/types';

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** Accepts any image size: conv(filters, 3x3, same) → conv(4, 3x3, stride 2, same) → GAP → Dense(3, softmax). */
function anySize(filters = 4): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [null, null, 3], filters, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1', kernelInitializer: init(1) }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'c2', kernelInitializer: init(2) }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'out', kernelInitializer: init(3) }),
    ],
  });
}

async function filesOf(model: tf.LayersModel, metadata?: object): Promise<ModelFilesInput> {
  const s = await saveLayersModelToFiles(model);
  return { modelJson: JSON.stringify(s.modelJson), shards: new Map([[s.shardName, s.weights]]), metadataText: metadata ? JSON.stringify(metadata) : undefined };
}

const glassboxMeta = (width: number, height: number) => ({ name: 'm', labels: ['a', 'b', 'c'], preprocessing: { width, height, channels: 3, resize: 'stretch', scale: 'zeroOne' } });
const tmMeta = (imageSize: number) => ({ tmVersion: '2.4.7', packageName: '@teachablemachine/image', modelName: 'tm', labels: ['a', 'b', 'c'], imageSize });

function refusal(r: { ok: boolean; code?: string; error?: { title: string; detail: string; action: string } }) {
  if (r.ok || !r.error) throw new Error('expected a refusal');
  return { code: r.code, ...r.error };
}

beforeAll(async () => {
  await useBackend('cpu');
});

describe('sizes a file can ask for', () => {
  let plain: ModelFilesInput;
  let model: tf.Sequential;
  beforeAll(async () => {
    model = anySize();
    plain = await filesOf(model);
  });

  it('bounds each side at MAX_INPUT_SIDE', () => {
    expect(sideTooLarge(MAX_INPUT_SIDE, MAX_INPUT_SIDE)).toBeNull();
    expect(sideTooLarge(MAX_INPUT_SIDE + 1, 10)).toMatch(/more than 2048 pixels per side/);
    expect(sideTooLarge(10, 50000)).not.toBeNull();
  });

  it.each([50000, 12000, 25000])('refuses metadata.json width/height %i for an any-size model, naming the size and the limit', async (side) => {
    const r = refusal(validateModelFiles({ ...plain, metadataText: JSON.stringify(glassboxMeta(side, side)) }));
    expect(r.code).toBe('bad-metadata');
    expect(r.detail).toContain(`${side} x ${side} pixels`);
    expect(r.detail).toContain('2048 pixels per side');
    expect(r.action.length).toBeGreaterThan(20);
  });

  it("refuses Teachable Machine's imageSize 100000, naming the size and the limit", () => {
    const r = refusal(validateModelFiles({ ...plain, metadataText: JSON.stringify(tmMeta(100000)) }));
    expect(r.code).toBe('bad-metadata');
    expect(r.detail).toContain('"imageSize" is 100000 pixels');
    expect(r.detail).toContain('2048 pixels per side');
  });

  it('refuses a fixed 16384x16384 input before building the model, naming the size and the limit', async () => {
    const huge = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [16384, 16384, 3], filters: 1, kernelSize: 1 }), tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    const files = await filesOf(huge);
    disposeModel(huge);
    const before = tf.memory().numTensors;
    const r = refusal(await loadValidatedModel(files));
    expect(r.code).toBe('too-large');
    expect(r.title).toBe("The model's input is 16384 x 16384 pixels");
    expect(r.detail).toContain('[any, 16384, 16384, 3]');
    expect(r.detail).toContain('2048 pixels per side');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts sizes within the limit', async () => {
    const r = await loadValidatedModel({ ...plain, metadataText: JSON.stringify(tmMeta(48)) });
    if (!r.ok) throw new Error(r.error.title);
    expect(r.metadata.preprocessing).toMatchObject({ width: 48, height: 48 });
    disposeModel(r.model);
    disposeModel(model);
  });
});

describe('memory of one input', () => {
  it('sums the input and every layer output, at the size fed (float32, batch 1)', () => {
    // At 32x32x3: input 32*32*3 = 3072 floats = 12288 B. c1 32*32*4 = 4096, c2 16*16*4 = 1024 (stride 2),
    // gap 4, out 3: 5127 floats = 20508 B.
    const model = anySize();
    expect(estimateMemory(model, 32, 32, 3)).toEqual({ inputBytes: 12288, activationBytes: 20508, totalBytes: 32796 });
    // At 20x10: c1 20*10*4 = 800, c2 10*5*4 = 200, gap 4, out 3 = 1007 floats = 4028 B; input 600 floats.
    expect(estimateMemory(model, 20, 10, 3)).toEqual({ inputBytes: 2400, activationBytes: 4028, totalBytes: 6428 });
    disposeModel(model);
  });

  it('formats bytes as a person reads them', () => {
    expect([formatBytes(512), formatBytes(3100), formatBytes(50_331_648), formatBytes(MEMORY_BUDGET_BYTES), formatBytes(1_124_073_736)]).toEqual(['512 B', '3.1 kB', '50 MB', '1 GB', '1.1 GB']);
  });

  it('refuses, before running anything, a size whose activations exceed the budget, with the numbers', async () => {
    // 64 filters at 2048x2048: c1 = 2048*2048*64 floats = 1,073,741,824 B; c2 1024*1024*4 floats = 16,777,216 B;
    // gap 4 and out 3 floats = 28 B. Input 2048*2048*3 floats = 50,331,648 B. Total 1,140,850,716 B > 1 GB.
    const wide = anySize(64);
    expect(estimateMemory(wide, 2048, 2048, 3)).toEqual({ inputBytes: 50_331_648, activationBytes: 1_090_519_068, totalBytes: 1_140_850_716 });
    const files = await filesOf(wide, glassboxMeta(2048, 2048));
    const before = tf.memory().numTensors;
    const r = refusal(await loadValidatedModel(files));
    expect(r.code).toBe('too-large');
    expect(r.title).toBe('The model needs too much memory at 2048 x 2048 pixels');
    expect(r.detail).toContain('takes 50 MB');
    expect(r.detail).toContain('1.1 GB of activations');
    expect(r.detail).toContain('the 1 GB Glassbox allows');
    expect(tf.memory().numTensors).toBe(before);
    // The same model at 256x256 fits (64*256*256 floats = 16.8 MB of activations).
    expect(memoryRefusal(wide, 256, 256, 3)).toBeNull();
    disposeModel(wide);
  });

  it('caps a batch so that its forward pass fits half the budget, at least 1', () => {
    const e = (totalBytes: number) => ({ inputBytes: 0, activationBytes: totalBytes, totalBytes });
    // 500 MB / 61 MB (a MobileNet v1 at 224 px) = 8.2 → 8; 500 MB / 100 MB = 5; 500 MB / 600 MB < 1 → 1.
    expect([maxBatchFor(e(61_000_000)), maxBatchFor(e(100_000_000)), maxBatchFor(e(600_000_000))]).toEqual([8, 5, 1]);
    // The any-size model at 32x32: 32796 B per input (above) → floor(5e8 / 32796) = 15245.
    const lm = new LoadedModel(anySize(), { name: 'm', labels: ['a', 'b', 'c'], preprocessing: { width: 32, height: 32, channels: 3, resize: 'stretch', scale: 'zeroOne' } });
    expect(lm.maxBatch).toBe(15245);
    lm.dispose();
  });

  it('bounds a size typed in the editor: the side limit, then the memory budget', () => {
    const meta: ModelMetadata = { name: 'm', labels: ['a', 'b', 'c'], preprocessing: { width: 224, height: 224, channels: 3, resize: 'stretch', scale: 'zeroOne' } };
    const free = { inputShape: [-1, -1, -1, 3], classes: 3, camLayers: [] };
    expect(applyMetadataPatch(meta, { preprocessing: { width: 4096, height: 4096 } }, free)).toMatchObject({ ok: false, error: { title: 'The input size must be between 8 and 2048 pixels' } });
    const wide = anySize(64);
    const limits = { ...free, memoryAt: (w: number, h: number, c: number) => memoryRefusal(wide, h, w, c) };
    expect(applyMetadataPatch(meta, { preprocessing: { width: 2048, height: 2048 } }, limits)).toMatchObject({ ok: false, error: { title: 'The model needs too much memory at 2048 x 2048 pixels' } });
    expect(applyMetadataPatch(meta, { preprocessing: { width: 512, height: 384 } }, limits)).toMatchObject({ ok: true, meta: { preprocessing: { width: 512, height: 384 } } });
    // A size the model fixes is the model's, even past the editor's limit: other corrections still apply.
    const fixed = { inputShape: [-1, 3000, 3000, 3], classes: 3, camLayers: [] };
    const big = { ...meta, preprocessing: { ...meta.preprocessing, width: 3000, height: 3000 } };
    expect(applyMetadataPatch(big, { preprocessing: { scale: 'minusOneOne' } }, fixed)).toMatchObject({ ok: true, meta: { preprocessing: { scale: 'minusOneOne' } } });
    disposeModel(wide);
  });
});
