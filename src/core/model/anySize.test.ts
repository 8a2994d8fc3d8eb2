// Fully convolutional models (input [null, null, 3]) run at the stated or the default size (issue 11):
// layers get real sizes there, so CAM layers are found and every method is compatible, and the "accepts any
// image size" warning is given once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../testing/node';
import { describeMethods, getMethod } from '../explain/registry';
import { validateOptions } from '../explain/types';
import { disposeModel } from './graph';
import { saveLayersModelToFiles } from './io';
import { LoadedModel } from './loaded';
import { loadValidatedModel } from './validate';

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** conv(4, 3x3, same) → conv(4, 3x3, stride 2, same) → GAP → Dense(3, softmax), on [any, any, 3]. */
function fullyConvolutional(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [null, null, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1', kernelInitializer: init(1) }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'c2', kernelInitializer: init(2) }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'out', kernelInitializer: init(3) }),
    ],
  });
}

let model: tf.Sequential;
let files: { modelJson: unknown; shards: Map<string, ArrayBuffer> };

beforeAll(async () => {
  await useBackend('cpu');
  model = fullyConvolutional();
  const s = await saveLayersModelToFiles(model);
  files = { modelJson: JSON.stringify(s.modelJson), shards: new Map([[s.shardName, s.weights]]) };
});
afterAll(() => disposeModel(model));

async function load(metadata?: object): Promise<{ lm: LoadedModel; warnings: string[] }> {
  const r = await loadValidatedModel({ ...files, metadataText: metadata ? JSON.stringify(metadata) : undefined });
  if (!r.ok) throw new Error(`${r.error.title}: ${r.error.detail}`);
  return { lm: new LoadedModel(r.model, r.metadata), warnings: r.warnings };
}

describe('a model that accepts any image size', () => {
  it('without metadata: 224x224, the warning once, CAM layers at their real size, every method compatible', async () => {
    const { lm, warnings } = await load();
    expect(lm.meta.preprocessing).toMatchObject({ width: 224, height: 224, channels: 3 });
    expect(warnings.filter((w) => /any image size/.test(w))).toEqual(['The model accepts any image size; Glassbox will use 224 x 224 pixels. Please confirm.']);
    // ModelInfo carries the size the methods will see; the summary keeps saying the model takes any size.
    expect(lm.info.inputShape).toEqual([-1, 224, 224, 3]);
    const s = lm.summary('cpu');
    expect(s.inputShape).toEqual([-1, -1, -1, 3]);
    // 'same' padding keeps 224; stride 2 halves it to 112.
    expect(s.layers.map((l) => [l.path, l.outputShape])).toEqual([
      ['c1', [null, 224, 224, 4]],
      ['c2', [null, 112, 112, 4]],
      ['gap', [null, 4]],
      ['out', [null, 3]],
    ]);
    expect(lm.info.camLayers).toEqual(['c1', 'c2']);
    expect(lm.info.defaultCamLayer).toBe('c2');
    const incompatible = describeMethods(lm.info).filter((m) => !m.compatible).map((m) => m.id);
    expect(incompatible).toEqual([]);
    lm.dispose();
  });

  it("uses Teachable Machine's imageSize and Glassbox's stated size, warning once or not at all", async () => {
    const tm = await load({ tmVersion: '2.4.7', packageName: '@teachablemachine/image', labels: ['a', 'b', 'c'], imageSize: 40 });
    expect(tm.lm.meta.preprocessing).toMatchObject({ width: 40, height: 40 });
    expect(tm.warnings.filter((w) => /any image size/.test(w))).toHaveLength(1);
    expect(tm.lm.info.camLayers).toEqual(['c1', 'c2']);
    tm.lm.dispose();
    const own = await load({ name: 'fcn', labels: ['a', 'b', 'c'], preprocessing: { width: 24, height: 16, channels: 3, resize: 'stretch', scale: 'zeroOne' } });
    expect(own.warnings).toEqual([]);
    expect(own.lm.info.inputShape).toEqual([-1, 16, 24, 3]);
    expect(own.lm.summary('cpu').layers.find((l) => l.path === 'c2')?.outputShape).toEqual([null, 8, 12, 4]);
    own.lm.dispose();
  });

  it('explains at the stated size: Grad-CAM and the vanilla gradient give full-size maps, without leaking', async () => {
    const { lm } = await load({ name: 'fcn', labels: ['a', 'b', 'c'], preprocessing: { width: 24, height: 16, channels: 3, resize: 'stretch', scale: 'zeroOne' } });
    const before = tf.memory().numTensors;
    const x = tf.randomUniform([1, 16, 24, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    for (const id of ['gradcam', 'saliency']) {
      const method = getMethod(id);
      const a = await method.explain({ model: lm.model, info: lm.info, preprocessing: lm.meta.preprocessing }, x, 1, validateOptions(method, {}));
      expect([a.width, a.height, a.values.length]).toEqual([24, 16, 24 * 16]);
      expect(a.values.every(Number.isFinite)).toBe(true);
      expect(Math.max(...a.values)).toBeGreaterThan(0);
    }
    const p = await lm.probabilities(x);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
    lm.dispose();
  });

  it('after the person changes the size, the CAM layers follow', async () => {
    const { lm } = await load();
    const resized = new LoadedModel(lm.model, { ...lm.meta, preprocessing: { ...lm.meta.preprocessing, width: 64, height: 32 } });
    expect(resized.info.inputShape).toEqual([-1, 32, 64, 3]);
    expect(resized.summary('cpu').layers.find((l) => l.path === 'c1')?.outputShape).toEqual([null, 32, 64, 4]);
    expect(resized.info.camLayers).toEqual(['c1', 'c2']);
    resized.dispose();
  });
});
