// Saturation: "Explain: probability / logit (log-odds)". On a model built in code whose class probability is
// exactly 1 in float32 whatever is hidden, the probability methods see a flat function (all values 0, the
// saturation check warns), and with score 'logit' they explain the logit, whose exact values are known:
// for a linear logit z = Σ k_i x_i + b and a black (all-zero) baseline, the Shapley value of region r is
// Σ_{i in r} k_i x_i, and hiding a region moves the logit by exactly that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LoadedModel } from '../model/loaded';
import { useBackend } from '../testing/node';
import { checkOf, expectNoLeak } from './testkit';
import { validateOptions, type ExplainContext, type ExplainMethod } from './types';
import { kernelShapMethod as kernelShap } from './methods/kernelShap';
import { lime } from './methods/lime';
import { occlusion } from './methods/occlusion';
import { rise } from './methods/rise';
import { measuredScore } from './batching';
import type { Attribution, Preprocessing, RgbaImage } from '../../shared/types';

const S = 16;
const C = 3;
const PREP: Preprocessing = { width: S, height: S, channels: 3, resize: 'stretch', scale: 'zeroOne' };
const k1 = Float32Array.from({ length: S * S * C }, (_, i) => 0.01 * (1 + (i % 7)));
let lm: LoadedModel;
const image: RgbaImage = { width: S, height: S, data: new Uint8ClampedArray(S * S * 4) };
for (let p = 0; p < S * S; p++) {
  for (let c = 0; c < 3; c++) image.data[p * 4 + c] = 128 + ((p * 13 + c * 29) % 128);
  image.data[p * 4 + 3] = 255;
}
/** The model's input for `image`, computed here: [0, 1] pixels. */
const x = Float32Array.from({ length: S * S * C }, (_, i) => image.data[Math.floor(i / 3) * 4 + (i % 3)] / 255);

beforeAll(async () => {
  await useBackend('cpu');
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [S, S, C] }));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  const kernel = new Float32Array(S * S * C * 2);
  for (let i = 0; i < k1.length; i++) {
    kernel[i * 2] = -k1[i];
    kernel[i * 2 + 1] = k1[i];
  }
  // Logit difference >= 60 for every masked copy: p(class 1) is exactly 1 in float32.
  const w = [tf.tensor2d(kernel, [S * S * C, 2]), tf.tensor1d([-30, 30])];
  model.layers[1].setWeights(w);
  tf.dispose(w);
  lm = new LoadedModel(model, { name: 'saturated', labels: ['a', 'b'], preprocessing: PREP });
});
afterAll(() => lm?.dispose());

async function run(method: ExplainMethod, options: Record<string, number | string>, score?: 'probability' | 'logit'): Promise<Attribution> {
  const input = lm.inputTensor(image);
  try {
    const ctx: ExplainContext = { model: lm.model, info: lm.info, preprocessing: PREP, batchSize: 64, ...(score ? { score } : {}) };
    return await method.explain(ctx, input, 1, validateOptions(method, options));
  } finally {
    input.dispose();
  }
}

/** Σ k_i x_i over the pixels of each region: the exact logit contribution of each region. */
function regionLogits(a: Attribution): number[] {
  const labels = a.segments!;
  const out = new Array(a.regions!.values.length).fill(0);
  for (let p = 0; p < labels.length; p++) for (let c = 0; c < C; c++) out[labels[p]] += k1[p * C + c] * x[p * C + c];
  return out;
}

describe('explaining the logit instead of a saturated probability', () => {
  it('maps the choice to the forward pass output, the units and the run', () => {
    expect(measuredScore({})).toEqual({ output: 'probs', score: 'probability', changeUnits: 'probability-change' });
    expect(measuredScore({ score: 'logit' })).toEqual({ output: 'logits', score: 'logit', changeUnits: 'logit-change' });
  });

  it('SHAP: flat (all 0, saturation warned) on the probability; exact region logits on the logit', async () => {
    const opts = { segmentation: 'grid', segments: 4, baseline: 'black', seed: 1 };
    const p = await run(kernelShap, opts);
    expect(p.units).toBe('probability-change');
    expect(p.run.score).toBe('probability');
    expect(Math.max(...p.regions!.values.map(Math.abs))).toBeLessThan(1e-6);
    expect(checkOf(p, 'saturation').status).toBe('warn');
    expect(checkOf(p, 'saturation').detail).toMatch(/logit \(log-odds\)/);

    const l = await expectNoLeak(() => run(kernelShap, opts, 'logit'));
    expect(l.units).toBe('logit-change');
    expect(l.run.score).toBe('logit');
    expect(l.regions!.exact).toBe(true);
    const want = regionLogits(l);
    expect(want).toHaveLength(4);
    l.regions!.values.forEach((v, r) => expect(v).toBeCloseTo(want[r], 3));
    // base = logit of the all-black copy = the bias 30; f(x) = 30 + Σ k x.
    expect(l.regions!.start!.value).toBeCloseTo(30, 3);
    expect(l.regions!.end!.value).toBeCloseTo(30 + want.reduce((s, v) => s + v, 0), 3);
    expect(checkOf(l, 'saturation').status).toBe('ok');
  });

  it('LIME: no weights on the probability; the region logits (to ridge shrinkage) on the logit, with no "empty" map', async () => {
    const opts = { segmentation: 'grid', segments: 4, baseline: 'black', samples: 400, seed: 2, ridgeAlpha: 0.001 };
    const p = await run(lime, opts);
    expect(p.values.every((v) => Math.abs(v) < 1e-6)).toBe(true);
    expect(checkOf(p, 'prediction').format).toBe('probability');
    const l = await run(lime, opts, 'logit');
    expect(l.units).toBe('logit-change');
    expect(l.run.score).toBe('logit');
    const want = regionLogits(l);
    l.regions!.values.forEach((v, r) => expect(v).toBeCloseTo(want[r], 2));
    expect(checkOf(l, 'lime-r2').value).toBeGreaterThan(0.999);
    expect(checkOf(l, 'prediction').label).toMatch(/logit/);
  });

  it('occlusion and RISE follow the choice too', async () => {
    const o = await run(occlusion, { window: 8, stride: 8, baseline: 'black' }, 'logit');
    expect(o.units).toBe('logit-change');
    expect(o.run.score).toBe('logit');
    // Hiding the top-left 8x8 window (black) drops the logit by Σ k x over it.
    let drop = 0;
    for (let y = 0; y < 8; y++) for (let xx = 0; xx < 8; xx++) for (let c = 0; c < C; c++) drop += k1[(y * S + xx) * C + c] * x[(y * S + xx) * C + c];
    expect(o.values[0]).toBeCloseTo(drop, 3);
    expect((await run(occlusion, { window: 8, stride: 8, baseline: 'black' })).values.every((v) => Math.abs(v) < 1e-6)).toBe(true);
    const r = await run(rise, { masks: 20, grid: 4, baseline: 'black', seed: 3 }, 'logit');
    expect(r.units).toBe('logit');
    expect(r.run.score).toBe('logit');
    // Every masked copy's logit is at least the bias 30 > 0, so the mean logit map is positive and drawn unsigned.
    expect(Math.min(...r.values)).toBeGreaterThan(0);
    expect(r.signed).toBe(false);
  });
});
