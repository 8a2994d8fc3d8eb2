import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradCam } from './gradCam';
import { validateOptions } from '../types';
import { SPLIT_SEEDS, syntheticSample } from '../../data/synthetic';
import { loadDemoModel, useBackend } from '../../testing/node';
import type { LoadedModel } from '../../model/loaded';

let demo: LoadedModel;

beforeAll(async () => {
  await useBackend('cpu');
  demo = await loadDemoModel();
});
afterAll(() => demo?.dispose());

const ctx = () => ({ model: demo.model, info: demo.info });

describe('Grad-CAM on the demo model', () => {

  it('gives the same map for the same input, and leaves tf.memory().numTensors unchanged', async () => {
    const s = syntheticSample(SPLIT_SEEDS.test, 3, { size: 64, label: 1 });
    const x = demo.inputTensor(s.image);
    const before = tf.memory().numTensors;
    const a = await gradCam.explain(ctx(), x, 1, validateOptions(gradCam));
    const b = await gradCam.explain(ctx(), x, 1, validateOptions(gradCam));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    expect(a.width).toBe(64);
    expect(a.height).toBe(64);
    expect(a.values.length).toBe(64 * 64);
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(a.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(Math.max(...a.values)).toBeGreaterThan(0);
  });

  it('answers "why class B?" with a different map than "why class A?"', async () => {
    const s = syntheticSample(SPLIT_SEEDS.test, 4, { size: 64, label: 1 });
    const x = demo.inputTensor(s.image);
    const lesion = await gradCam.explain(ctx(), x, 1, validateOptions(gradCam));
    const normal = await gradCam.explain(ctx(), x, 0, validateOptions(gradCam));
    x.dispose();
    // the lesion map's mass sits inside the lesion much more than the normal-class map's does
    const inside = (v: Float32Array) => {
      let a = 0, t = 0;
      v.forEach((x, i) => { t += x; if (s.mask[i]) a += x; });
      return t > 0 ? a / t : 0;
    };
    expect(inside(lesion.values)).toBeGreaterThan(inside(normal.values) + 0.2);
  });

  it('uses another layer on request and refuses a layer without spatial output', async () => {
    const s = syntheticSample(SPLIT_SEEDS.test, 5, { size: 64, label: 1 });
    const x = demo.inputTensor(s.image);
    const a = await gradCam.explain(ctx(), x, 1, validateOptions(gradCam, { layer: 'conv2' }));
    expect(a.run.layer).toBe('conv2');
    await expect(gradCam.explain(ctx(), x, 1, validateOptions(gradCam, { layer: 'classifier' }))).rejects.toThrow(/no spatial output/);
    x.dispose();
  });
});
