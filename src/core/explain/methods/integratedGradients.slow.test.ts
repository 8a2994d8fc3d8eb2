// Integrated Gradients on the demo model (npm run test:slow; CI runs it too): completeness at 64 steps with
// either quadrature rule and every baseline, and the pointing game on held-out synthetic images with
// ground-truth masks. Minutes on 2 cores; the unit tests check completeness exactly on a linear model.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModel } from '../../model/graph';
import { useBackend } from '../../testing/node';
import { checkOf, demoModel, explainImage, LESION, lesionSample, pointingGame, withBackend } from '../testkit';
import { integratedGradients } from './integratedGradients';

/** Logit of `target` for each image in the batch, computed independently of the method. */
async function logits(model: tf.LayersModel, x: tf.Tensor4D, target: number): Promise<number[]> {
  const t = tf.tidy(() => tf.slice(runModel(model, x, { logits: true }).output as tf.Tensor2D, [0, target], [x.shape[0], 1]));
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);

describe('Integrated Gradients on the demo model (slow)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  /** |sum of attributions - (f(x) - f(black))| / |f(x) - f(black)|, with f computed here. */
  async function blackGaps(image: number, rule: 'trapezoid' | 'midpoint'): Promise<{ delta: number; at8: number; at64: number }> {
    const lm = await demoModel();
    const s = lesionSample(image);
    const x = lm.inputTensor(s.image);
    const black = tf.zerosLike(x);
    const [fx] = await logits(lm.model, x, LESION);
    const [fb] = await logits(lm.model, black, LESION);
    black.dispose();
    x.dispose();
    const delta = fx - fb;
    const gaps: number[] = [];
    for (const steps of [8, 64]) {
      const a = await explainImage(integratedGradients, lm, s, { steps, rule, baseline: 'black' }, { batchSize: 65 });
      const gap = Math.abs(sum(a.values) - delta) / Math.abs(delta);
      gaps.push(gap);
      // the checks report the same numbers as measured here
      expect(checkOf(a, 'fx').value).toBeCloseTo(fx, 3);
      expect(checkOf(a, 'f-baseline').value).toBeCloseTo(fb, 3);
      expect(checkOf(a, 'completeness').value).toBeCloseTo(gap, 3);
    }
    console.log(`IG completeness (${tf.getBackend()}), image ${image}, ${rule}: f(x) - f(black) = ${delta.toFixed(2)}; relative gap ${(100 * gaps[0]).toFixed(3)}% at 8 steps, ${(100 * gaps[1]).toFixed(3)}% at 64`);
    return { delta, at8: gaps[0], at64: gaps[1] };
  }

  function expectComplete(g: { at8: number; at64: number }): void {
    expect(g.at64).toBeLessThanOrEqual(0.01);
    // Shrinks with more steps, unless both are already at float32 rounding level.
    if (g.at8 > 1e-5) expect(g.at64).toBeLessThan(g.at8);
    else expect(g.at64).toBeLessThanOrEqual(1e-5);
  }

  it('is complete on the demo model (CPU): the attributions add up to f(x) - f(black) within 1% at 64 steps, and the gap shrinks with more steps', () =>
    withBackend('cpu', async () => {
      expectComplete(await blackGaps(0, 'trapezoid'));
    }));

  it('is complete with either rule on another image (wasm)', async () => {
    expectComplete(await blackGaps(1, 'trapezoid'));
    expectComplete(await blackGaps(1, 'midpoint'));
  });

  it('is complete for the other baselines too (64 steps)', async () => {
    const lm = await demoModel();
    for (const baseline of ['blur', 'mean', 'noise'] as const) {
      const a = await explainImage(integratedGradients, lm, lesionSample(3), { steps: 64, baseline, draws: 2 }, { batchSize: 65 });
      const delta = checkOf(a, 'fx').value - checkOf(a, 'f-baseline').value;
      const gap = Math.abs(sum(a.values) - delta) / Math.abs(delta);
      console.log(`IG completeness, baseline ${baseline}: relative gap ${(100 * gap).toFixed(3)}%`);
      expect(gap).toBeLessThanOrEqual(0.01);
    }
  });

  // The heaviest test of the file: a generous timeout, as the machine may be shared.
  it('points at the lesion on held-out images', async () => {
    const lm = await demoModel();
    // 100 images: with the default black reference the figure sits near the bar on the first 50.
    expect(await pointingGame(integratedGradients, lm, 100, {}, { batchSize: 64 })).toBeGreaterThanOrEqual(0.8);
  }, 600_000);
});
