import { beforeAll, describe, expect, it } from 'vitest';
// Means are compared relative to their size: float32 sums of 1024 values of ~180 agree to ~1e-7 relative.
import * as tf from '@tensorflow/tfjs';
import { firstConvFilters, layerActivations } from './activations';
import { teachableLike } from '../testing/models';
import { loadDemoModel, useBackend } from '../testing/node';

/** A sub-model ending at `name`, built by tfjs' own functional API: the independent reference. */
function upTo(model: tf.LayersModel, name: string): tf.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor });
}

describe('layer activations', () => {
  beforeAll(() => useBackend('cpu'));

  it("equal the layer's output from a sub-model, channel-major, sorted by mean, with Grad-CAM weights W[c, t] / (h·w) at the last conv", async () => {
    const { model } = await loadDemoModel();
    const x = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const r = await layerActivations(model, x, 'conv2');
    expect(tf.memory().numTensors).toBe(before);
    const ref = tf.tidy(() => upTo(model, 'conv2').predict(x) as tf.Tensor);
    const want = (await ref.data()) as Float32Array; // [32, 32, 32] position-major
    ref.dispose();
    expect([r.height, r.width, r.channels]).toEqual([32, 32, 32]);
    let worst = 0;
    for (let c = 0; c < 32; c++) for (let p = 0; p < 32 * 32; p++) worst = Math.max(worst, Math.abs(r.maps[c * 1024 + p] - want[p * 32 + c]));
    expect(worst).toBeLessThan(1e-5);
    for (let i = 1; i < r.summary.length; i++) expect(r.summary[i - 1].mean).toBeGreaterThanOrEqual(r.summary[i].mean);
    const c0 = r.summary[0].channel;
    let m = 0;
    for (let p = 0; p < 1024; p++) m += want[p * 32 + c0];
    expect(Math.abs(r.summary[0].mean - m / 1024)).toBeLessThan(1e-6 * Math.max(1, m / 1024));
    expect(r.summary.every((s) => s.weight === null)).toBe(true);

    // conv3 -> global average pooling -> dense: d logit_t / dA_c(i, j) = W[c, t] / (16·16) everywhere
    const target = 2;
    const w = (await model.getLayer('classifier').getWeights()[0].data()) as Float32Array; // [64, 3]
    const r3 = await layerActivations(model, x, 'conv3', target);
    expect(tf.memory().numTensors).toBe(before);
    expect(r3.target).toBe(target);
    for (const s of r3.summary) expect(s.weight!).toBeCloseTo(w[s.channel * 3 + target] / 256, 7);

    // a vector layer: global average pooling gives each conv3 channel's mean
    const gap = await layerActivations(model, x, 'gap');
    expect([gap.height, gap.width, gap.channels]).toEqual([1, 1, 64]);
    for (const s of r3.summary) expect(Math.abs(gap.maps[s.channel] - s.mean)).toBeLessThan(1e-6 * Math.max(1, Math.abs(s.mean)));
    x.dispose();
    model.dispose();
  });

  it('reach a layer inside nested models and refuse a layer the model lacks', async () => {
    const model = teachableLike();
    const inner = (model.layers[0] as tf.Sequential).layers[0] as tf.LayersModel;
    const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 12) as tf.Tensor4D;
    const r = await layerActivations(model, x, 'sequential_1/mobilenet/skip', 1);
    const ref = tf.tidy(() => upTo(inner, 'skip').predict(x) as tf.Tensor);
    const want = (await ref.data()) as Float32Array;
    ref.dispose();
    let worst = 0;
    for (let c = 0; c < 8; c++) for (let p = 0; p < 256; p++) worst = Math.max(worst, Math.abs(r.maps[c * 256 + p] - want[p * 8 + c]));
    expect(worst).toBeLessThan(1e-5);
    await expect(layerActivations(model, x, 'sequential_1/nothing')).rejects.toThrow(/no layer "sequential_1\/nothing"/);
    x.dispose();
    model.dispose();
  });
});

describe('first convolution filters', () => {
  beforeAll(() => useBackend('cpu'));

  it('draw each weight as 128 + 127·w / max|w| of its filter, zero filters grey', () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [4, 4, 3], filters: 2, kernelSize: 2, useBias: false })] });
    const k = new Float32Array(2 * 2 * 3 * 2); // [kh, kw, cin, f], filter 1 stays zero
    for (let p = 0; p < 4; p++) for (let c = 0; c < 3; c++) k[(p * 3 + c) * 2] = 0.5;
    k[(1 * 3 + 2) * 2] = -1; // position 1 (row 0, col 1), blue
    model.layers[0].setWeights([tf.tensor4d(k, [2, 2, 3, 2])]);
    const f = firstConvFilters(model)!;
    expect([f.count, f.height, f.width]).toEqual([2, 2, 2]);
    const px = (filter: number, p: number) => Array.from(f.rgba.slice((filter * 4 + p) * 4, (filter * 4 + p) * 4 + 4));
    expect(px(0, 0)).toEqual([192, 192, 192, 255]); // 128 + 63.5, rounded
    expect(px(0, 1)).toEqual([192, 192, 1, 255]);
    for (let p = 0; p < 4; p++) expect(px(1, p)).toEqual([128, 128, 128, 255]);
    model.dispose();
    expect(firstConvFilters(tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] }))).toBeNull();
  });
});
