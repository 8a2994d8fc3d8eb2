// One batch image's figures: a flat map (every value the same) is given no deletion curve and no badge,
// and costs no model evaluation beyond the prediction; a varied map gets its curve (the control).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadDemoModel } from '../testing/node';
import { syntheticSample, SPLIT_SEEDS } from '../data/synthetic';
import type { LoadedModel } from '../model/loaded';
import type { ExplainMethod } from '../explain/types';
import type { Attribution } from '../../shared/attribution';
import { explainWithFigures } from './imageFigures';

let m: LoadedModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  m = await loadDemoModel();
});
afterAll(() => m.dispose());

/** A stand-in method whose map is `values` (the model's input size), whatever the image. */
function fixedMap(values: (i: number) => number): ExplainMethod {
  return {
    explain: async (ctx: { model: tf.LayersModel }) => {
      const [h, w] = (ctx.model.inputs[0].shape as number[]).slice(1, 3);
      const v = new Float32Array(w * h).map((_, i) => values(i));
      return { values: v, width: w, height: h, signed: false, units: 'probability', checks: [], run: { method: 'fixed', options: {}, target: 0, seed: null, evaluations: { done: 0, total: 0, unit: 'passes' }, batchSize: null, ms: 0, backend: 'cpu', cancelled: false } } as Attribution;
    },
  } as unknown as ExplainMethod;
}

describe('explainWithFigures', () => {
  const figures = { steps: 5, randomOrders: 2, seed: 1, baseline: 'blur' as const };
  const image = () => m.inputTensor(syntheticSample(SPLIT_SEEDS.gallery, 7, { size: 64, label: 1 }).image);

  it('a flat map gets no deletion curve, no badge, and the model runs only for the prediction', async () => {
    const before = tf.memory().numTensors;
    const x = image();
    const ctx = { model: m.model, info: m.info, preprocessing: m.meta.preprocessing, batchSize: 8 };
    const kernels = async (fn: () => Promise<unknown>) => (await tf.profile(async () => {
      await fn();
      return [] as tf.Tensor[];
    })).kernels.length;
    try {
      // What the prediction alone costs, in kernels run.
      const predictOnly = await kernels(() => m.probabilities(x));
      expect(predictOnly).toBeGreaterThan(0);
      for (const value of [0, 0.4, -2]) {
        let f: Awaited<ReturnType<typeof explainWithFigures>> | null = null;
        const k = await kernels(async () => (f = await explainWithFigures(m, ctx, x, fixedMap(() => value), {}, figures, 'probability')));
        expect(f!.deletion).toBeNull();
        expect(f!.deletionCheck.status).toBeUndefined();
        expect(f!.deletionCheck.detail).toMatch(/^No figure: the map is flat/);
        // One forward pass's kernels (give or take a cast), not the curve's many passes.
        expect(k).toBeLessThan(2 * predictOnly);
      }
      // Control: a varied map is measured (5 steps and 2 random orders run the model again).
      let f: Awaited<ReturnType<typeof explainWithFigures>> | null = null;
      const k = await kernels(async () => (f = await explainWithFigures(m, ctx, x, fixedMap((i) => i % 7), {}, figures, 'probability')));
      expect(f!.deletion).not.toBeNull();
      expect(['ok', 'warn', 'fail']).toContain(f!.deletionCheck.status);
      expect(k).toBeGreaterThan(3 * predictOnly);
    } finally {
      x.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
