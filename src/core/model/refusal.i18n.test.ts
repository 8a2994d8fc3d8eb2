// Model refusals in Chinese (issue 16 "Two languages"), through the real loader: an input larger than Glassbox
// feeds and an input whose activations exceed the memory budget are refused naming the sizes, the shape, the
// limit and the bytes, in Chinese; switched back, the same files are refused in English. The byte counts are
// worked out by hand below (as in budget.test.ts).

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setLanguage } from '../../shared/i18n';
import { useBackend } from '../testing/node';
import { disposeModel } from './graph';
import { saveLayersModelToFiles } from './io';
import { loadValidatedModel, validateModelFiles, type ModelFilesInput } from './validate';

async function filesOf(model: tf.LayersModel, metadata?: object): Promise<ModelFilesInput> {
  const s = await saveLayersModelToFiles(model);
  return { modelJson: JSON.stringify(s.modelJson), shards: new Map([[s.shardName, s.weights]]), metadataText: metadata ? JSON.stringify(metadata) : undefined };
}

function refusal(r: { ok: boolean; code?: string; error?: { title: string; detail: string; action: string } }) {
  if (r.ok || !r.error) throw new Error('expected a refusal');
  return { code: r.code, ...r.error };
}

beforeAll(async () => {
  await useBackend('cpu');
});

afterEach(() => {
  setLanguage('en');
});

describe('model refusals in Chinese', () => {
  it('a fixed 16384 x 16384 input: the size, the shape and the 2048 limit, then the same in English', async () => {
    const huge = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [16384, 16384, 3], filters: 1, kernelSize: 1 }), tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    const files = await filesOf(huge);
    disposeModel(huge);
    setLanguage('zh');
    const zh = refusal(validateModelFiles(files));
    expect(zh.code).toBe('too-large');
    expect(zh.title).toBe('模型的输入为 16384 x 16384 像素');
    expect(zh.detail).toBe('它的输入层把图像尺寸固定为 [任意, 16384, 16384, 3]：每边超过了 2048 像素，这是 Glassbox 给模型输入的最大尺寸（它保存的图像最长边不超过 2048 像素）。');
    expect(zh.action).toBe('请使用输入不超过 2048 x 2048 像素的模型（大多数图像分类器的输入是 224 x 224）。');
    setLanguage('en');
    const en = refusal(validateModelFiles(files));
    expect(en.title).toBe("The model's input is 16384 x 16384 pixels");
    expect(en.detail).toContain('[any, 16384, 16384, 3]');
  });

  it('activations over the memory budget: the size and every byte count, in Chinese', async () => {
    // 64 filters at 2048x2048: c1 = 2048*2048*64 floats = 1,073,741,824 B; c2 1024*1024*4 floats = 16,777,216 B;
    // gap 4 and out 3 floats = 28 B: 1,090,519,068 B of activations (1.1 GB). Input 2048*2048*3 floats =
    // 50,331,648 B (50 MB). Total 1,140,850,716 B (1.1 GB) > 1 GB.
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const wide = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [null, null, 3], filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1', kernelInitializer: init(1) }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'c2', kernelInitializer: init(2) }),
        tf.layers.globalAveragePooling2d({ name: 'gap' }),
        tf.layers.dense({ units: 3, activation: 'softmax', name: 'out', kernelInitializer: init(3) }),
      ],
    });
    const files = await filesOf(wide, { name: 'm', labels: ['a', 'b', 'c'], preprocessing: { width: 2048, height: 2048, channels: 3, resize: 'stretch', scale: 'zeroOne' } });
    disposeModel(wide);
    setLanguage('zh');
    const before = tf.memory().numTensors;
    const r = refusal(await loadValidatedModel(files));
    expect(tf.memory().numTensors).toBe(before);
    expect(r.code).toBe('too-large');
    expect(r.title).toBe('模型在 2048 x 2048 像素下需要的内存太多');
    expect(r.detail).toBe('一个 2048 x 2048 x 3 的输入占 50 MB，模型各层为它产生 1.1 GB 的激活：合计 1.1 GB，超过了 Glassbox 为一幅图像允许的 1 GB，这样才不会耗尽浏览器引擎的内存。');
  });
});
