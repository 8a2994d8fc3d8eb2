import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { SPLIT_SEEDS, syntheticSample } from '../data/synthetic';
import { loadDemoModel, REPO_ROOT, useBackend } from '../testing/node';
import type { LoadedModel } from '../model/loaded';
import type { RgbaImage } from '../../shared/types';
import { calibrate, fitMahalanobis, mahalanobisScores, penultimateFeatures, penultimateLayer, quantile } from './ood';

const FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures/images');

let demo: LoadedModel;
beforeAll(async () => {
  await useBackend('cpu');
  demo = await loadDemoModel();
});
afterAll(() => demo?.dispose());

async function features(images: RgbaImage[]): Promise<{ values: Float32Array; d: number }> {
  const parts: Float32Array[] = [];
  let d = 0;
  for (let i = 0; i < images.length; i += 50) {
    const x = tf.tidy(() => tf.concat(images.slice(i, i + 50).map((im) => demo.inputTensor(im))) as tf.Tensor4D);
    const f = await penultimateFeatures(demo.model, x);
    x.dispose();
    parts.push(f.values);
    d = f.d;
  }
  const values = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    values.set(p, o);
    o += p.length;
  }
  return { values, d };
}

describe('Mahalanobis OOD score (Lee et al. 2018) on the demo model', () => {
  it('quantile interpolates like numpy', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.99)).toBeCloseTo(9.9, 12);
  });

  it('flags a chest X-ray and a dermoscopy photo and passes ≥ 95% of held-out synthetic images', async () => {
    expect(penultimateLayer(demo.model)).toBe('gap');
    const before = tf.memory().numTensors;
    const train = Array.from({ length: 300 }, (_, i) => syntheticSample(SPLIT_SEEDS.train, i, { size: 64 }));
    const tr = await features(train.map((s) => s.image));
    const model = fitMahalanobis(tr.values, tr.d, train.map((s) => s.label), 3);
    const val = await features(Array.from({ length: 200 }, (_, i) => syntheticSample(SPLIT_SEEDS.validation, i, { size: 64 }).image));
    const m = calibrate(model, val.values);
    const test = await features(Array.from({ length: 200 }, (_, i) => syntheticSample(SPLIT_SEEDS.test, i, { size: 64 }).image));
    const testScores = mahalanobisScores(m, test.values);
    const passed = testScores.filter((s) => s <= m.threshold).length;

    const png = PNG.sync.read(fs.readFileSync(path.join(FIXTURES, '00000001_000.png')));
    const xray: RgbaImage = { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
    const jp = jpeg.decode(fs.readFileSync(path.join(FIXTURES, 'ISIC_0000000.jpg')), { useTArray: true });
    const derm: RgbaImage = { width: jp.width, height: jp.height, data: new Uint8ClampedArray(jp.data.buffer, jp.data.byteOffset, jp.data.length) };
    const ext = mahalanobisScores(m, (await features([xray, derm])).values);
    expect(tf.memory().numTensors).toBe(before);
    console.log(`OOD: d = ${tr.d}, threshold ${m.threshold.toFixed(2)}; held-out passed ${passed}/200 (max ${Math.max(...testScores).toFixed(2)}); X-ray ${ext[0].toFixed(2)}, dermoscopy ${ext[1].toFixed(2)}`);
    expect(passed / 200).toBeGreaterThanOrEqual(0.95);
    expect(ext[0]).toBeGreaterThan(m.threshold);
    expect(ext[1]).toBeGreaterThan(m.threshold);
  }, 120000);
});
