import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node';
import {
  cancelAfterFirstProgress,
  contextOf,
  demoModel,
  expectFinite,
  expectNoLeak,
  explainImage,
  lesionSample,
  linearModel,
  maxAbsDiff,
  withBackend,
} from '../testkit';
import { validateOptions } from '../types';
import { integratedGradients, quadrature } from './integratedGradients';

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
    expect(a.run.cancelled).toBe(true);
    expect(a.run.evaluations.done).toBe(8);
    expect(a.run.evaluations.total).toBe(51);
    expect(a.values.length).toBe(64 * 64);
    expectFinite(a.values);
  });

});
