import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModel } from '../../model/graph';
import { useBackend } from '../../testing/node';
import {
  cancelAfterFirstProgress,
  contextOf,
  demoModel,
  expectFinite,
  expectNoLeak,
  explainImage,
  LESION,
  lesionSample,
  linearModel,
  maxAbsDiff,
  withBackend,
} from '../testkit';
import { validateOptions } from '../types';
import { integratedGradients, quadrature } from './integratedGradients';

/** Logit of `target` for each image in the batch, computed independently of the method. */
async function logits(model: tf.LayersModel, x: tf.Tensor4D, target: number): Promise<number[]> {
  const t = tf.tidy(() => tf.slice(runModel(model, x, { logits: true }).output as tf.Tensor2D, [0, target], [x.shape[0], 1]));
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);

describe('Integrated Gradients', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('quadrature weights integrate constants and linear functions exactly', () => {
    for (const rule of ['trapezoid', 'midpoint'] as const) {
      for (const m of [1, 2, 7, 50]) {
        const { alphas, weights } = quadrature(m, rule);
        expect(sum(weights)).toBeCloseTo(1, 12);
        expect(alphas.reduce((s, a, i) => s + a * weights[i], 0)).toBeCloseTo(0.5, 12);
        expect(Math.min(...alphas)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...alphas)).toBeLessThanOrEqual(1);
      }
    }
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
      // meta reports the same numbers as measured here
      expect(a.meta.fx as number).toBeCloseTo(fx, 3);
      expect(a.meta.fBaseline as number).toBeCloseTo(fb, 3);
      expect(a.meta.relativeGap as number).toBeCloseTo(gap, 3);
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
      const delta = (a.meta.fx as number) - (a.meta.fBaseline as number);
      const gap = Math.abs(sum(a.values) - delta) / Math.abs(delta);
      console.log(`IG completeness, baseline ${baseline}: relative gap ${(100 * gap).toFixed(3)}%`);
      expect(gap).toBeLessThanOrEqual(0.01);
    }
  });

  it('on a linear model with the black baseline equals weight x input exactly, whatever the steps', () =>
    withBackend('cpu', async () => {
      const [H, W, C, K] = [5, 4, 3, 2];
      const { lm, kernel } = linearModel(H, W, C, K, 9);
      const x = tf.randomUniform([1, H, W, C], 0, 1, 'float32', 3) as tf.Tensor4D;
      const xv = await x.data();
      for (const steps of [1, 5]) {
        const a = await integratedGradients.explain(contextOf(lm), x, 1, validateOptions(integratedGradients, { steps }));
        for (let p = 0; p < H * W; p++) {
          let expected = 0;
          for (let c = 0; c < C; c++) expected += kernel[(p * C + c) * K + 1] * xv[p * C + c];
          expect(Math.abs(a.values[p] - expected)).toBeLessThanOrEqual(1e-5);
        }
      }
      x.dispose();
      lm.dispose();
    }));

  it('takes black in the model input scale when the preprocessing is known: weight x (x - (-1)) for a [-1, 1] model', () =>
    withBackend('cpu', async () => {
      const [H, W, C, K] = [4, 3, 3, 2];
      const { lm, kernel } = linearModel(H, W, C, K, 11);
      const x = tf.randomUniform([1, H, W, C], -1, 1, 'float32', 4) as tf.Tensor4D;
      const xv = await x.data();
      const preprocessing = { width: W, height: H, channels: 3 as const, resize: 'stretch' as const, scale: 'minusOneOne' as const };
      const a = await integratedGradients.explain(contextOf(lm, { preprocessing }), x, 0, validateOptions(integratedGradients, { steps: 3 }));
      for (let p = 0; p < H * W; p++) {
        let expected = 0;
        for (let c = 0; c < C; c++) expected += kernel[(p * C + c) * K] * (xv[p * C + c] + 1);
        expect(Math.abs(a.values[p] - expected)).toBeLessThanOrEqual(1e-5);
      }
      x.dispose();
      lm.dispose();
    }));

  it('refuses a target class the model does not have', async () => {
    const lm = await demoModel();
    const x = lm.inputTensor(lesionSample(0).image);
    await expect(integratedGradients.explain(contextOf(lm), x, 3, validateOptions(integratedGradients, { steps: 2 }))).rejects.toThrow(/classes/);
    x.dispose();
  });

  it('noise baseline: same seed gives the same map, another seed a different one', async () => {
    const lm = await demoModel();
    const o = { steps: 8, baseline: 'noise', draws: 2 };
    const a = await explainImage(integratedGradients, lm, lesionSample(0), { ...o, seed: 1 });
    const b = await explainImage(integratedGradients, lm, lesionSample(0), { ...o, seed: 1 });
    const c = await explainImage(integratedGradients, lm, lesionSample(0), { ...o, seed: 2 });
    expect(maxAbsDiff(a.values, b.values)).toBe(0);
    expect(maxAbsDiff(a.values, c.values)).toBeGreaterThan(0);
  });

  it('leaks no tensors, and a cancel returns a partial result', async () => {
    const lm = await demoModel();
    for (const baseline of ['black', 'blur', 'mean', 'noise']) {
      await expectNoLeak(() => explainImage(integratedGradients, lm, lesionSample(0), { steps: 4, baseline, draws: 2 }));
    }
    const c = cancelAfterFirstProgress();
    const a = await expectNoLeak(() => explainImage(integratedGradients, lm, lesionSample(0), { steps: 50 }, { batchSize: 8, ...c }));
    expect(a.meta.cancelled).toBe(true);
    expect(a.meta.done).toBe(8);
    expect(a.meta.total).toBe(51);
    expect(a.values.length).toBe(64 * 64);
    expectFinite(a.values);
  });
});
