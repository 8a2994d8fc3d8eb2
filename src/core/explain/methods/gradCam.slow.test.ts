// Grad-CAM on the demo model, scored on held-out synthetic images with ground-truth masks (the pointing
// game): a statistical check that takes minutes on 2 cores, so it runs in `npm run test:slow` (CI runs it too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from './gradCam';
import { validateOptions } from '../types';
import { SPLIT_SEEDS, syntheticSample } from '../../data/synthetic';
import { argmax, loadDemoModel, useBackend } from '../../testing/node';
import type { LoadedModel } from '../../model/loaded';

let demo: LoadedModel;

beforeAll(async () => {
  await useBackend('cpu');
  demo = await loadDemoModel();
});
afterAll(() => demo?.dispose());

const ctx = () => ({ model: demo.model, info: demo.info });

describe('Grad-CAM on held-out images (slow)', () => {
  it('points inside the ground-truth lesion on at least 90% of 100 held-out lesion images', async () => {
    let hits = 0;
    const N = 100;
    for (let i = 0; i < N; i++) {
      const s = syntheticSample(SPLIT_SEEDS.test, i, { size: 64, label: 1 });
      const x = demo.inputTensor(s.image);
      const a = await gradCam.explain(ctx(), x, 1, validateOptions(gradCam));
      x.dispose();
      if (s.mask[argmax(a.values)]) hits++;
    }
    console.log(`pointing game gradcam (lesion): ${hits}/${N}`);
    expect(hits / N).toBeGreaterThanOrEqual(0.9);
  });

  it('also localises cysts when asked about the cyst class', async () => {
    let hits = 0;
    const N = 50;
    for (let i = 0; i < N; i++) {
      const s = syntheticSample(SPLIT_SEEDS.test, i, { size: 64, label: 2 });
      const x = demo.inputTensor(s.image);
      const a = await gradCam.explain(ctx(), x, 2, validateOptions(gradCam));
      x.dispose();
      if (s.mask[argmax(a.values)]) hits++;
    }
    console.log(`pointing game gradcam (cyst): ${hits}/${N}`);
    expect(hits / N).toBeGreaterThanOrEqual(0.8);
  });
});
