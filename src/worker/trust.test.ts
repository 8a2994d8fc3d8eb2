// worker/trust.ts on the demo model (Node, wasm backend): the figures of real explanations, the sanity check
// on Grad-CAM and on a model-independent "map", cancellation, no tensor leaks; then through the Engine: the
// map it kept is the one measured, and the figures run in their own slot (never superseding the view).
// The metrics themselves (hand-computed AUCs, Spearman, SSIM, the badge thresholds) are tested in
// src/core/metrics; here the wiring is.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DEMO_MODEL_DIR, loadDemoModel, useBackend } from '../core/testing/node';
import { SPLIT_SEEDS, syntheticSample } from '../core/data/synthetic';
import { gaussianBlur } from '../core/explain/baselines';
import { getMethod } from '../core/explain/registry';
import { validateOptions, type ExplainMethod } from '../core/explain/types';
import type { LoadedModel } from '../core/model/loaded';
import type { Attribution, OptionValues } from '../shared/types';
import { cancelReasonOf } from '../shared/jobs';
import { MapMemo, mapKey, measure, sanityCheck, type KeptMap, type TrustSubject } from './trust';
import { Engine } from './engine';

const LESION = 1;
let demo: LoadedModel;

beforeAll(async () => {
  await useBackend('wasm');
  demo = await loadDemoModel();
});
afterAll(() => demo?.dispose());

function subject(method: ExplainMethod, sampleIndex: number, options: Partial<OptionValues> = {}): TrustSubject {
  const s = syntheticSample(SPLIT_SEEDS.test, sampleIndex, { size: 64, label: LESION });
  return { ctx: { model: demo.model, info: demo.info, preprocessing: demo.meta.preprocessing, batchSize: 32 }, input: demo.inputTensor(s.image), target: LESION, method, options: validateOptions(method, options) };
}

/** Spearman ρ written out here (Pearson of average ranks), to check the stability figure independently. */
function rho(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ranks = (v: ArrayLike<number>) => {
    const idx = Array.from({ length: v.length }, (_, i) => i).sort((i, j) => v[i] - v[j]);
    const r = new Float64Array(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
      for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const ma = ra.reduce((s, v) => s + v, 0) / n;
  const mb = rb.reduce((s, v) => s + v, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** A "method" that never looks at the model: Sobel gradient magnitude of the input's channel mean. */
function sobel(x: tf.Tensor4D): Float32Array {
  const [, h, w, c] = x.shape;
  const v = x.dataSync();
  const g = (px: number, py: number) => {
    const xx = Math.min(w - 1, Math.max(0, px));
    const yy = Math.min(h - 1, Math.max(0, py));
    let s = 0;
    for (let k = 0; k < c; k++) s += v[(yy * w + xx) * c + k];
    return s / c;
  };
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let px = 0; px < w; px++) {
      const gx = g(px + 1, y - 1) + 2 * g(px + 1, y) + g(px + 1, y + 1) - g(px - 1, y - 1) - 2 * g(px - 1, y) - g(px - 1, y + 1);
      const gy = g(px - 1, y + 1) + 2 * g(px, y + 1) + g(px + 1, y + 1) - g(px - 1, y - 1) - 2 * g(px, y - 1) - g(px + 1, y - 1);
      out[y * w + px] = Math.hypot(gx, gy);
    }
  return out;
}

describe('measure: deletion, insertion and stability of a real explanation', () => {
  it('Grad-CAM on a demo lesion beats a random ranking on both curves; the curves end where the model says; no leak', async () => {
    const s = subject(getMethod('gradcam'), 3);
    const before = tf.memory().numTensors;
    const r = await measure(s, { steps: 20 });
    expect(tf.memory().numTensors).toBe(before);
    const del = r.deletion!;
    const ins = r.insertion!;
    console.log(`Grad-CAM deletion AUC ${del.auc.toFixed(3)} (random ${del.randomAuc.toFixed(3)}), insertion ${ins.auc.toFixed(3)} (random ${ins.randomAuc.toFixed(3)})`);
    expect(r.cancelled).toBe(false);
    expect(del.x).toHaveLength(21);
    expect(del.randomY).toHaveLength(21);
    expect(del.x[0]).toBe(0);
    expect(del.x[20]).toBe(1);
    // Endpoints computed independently: the model on the image, and on its blur (σ = 64/8 px, the baseline).
    const p = await demo.probabilities(s.input);
    const blurred = gaussianBlur(s.input, 8);
    const pBlur = await demo.probabilities(blurred);
    blurred.dispose();
    expect(del.baseline).toBe('blur');
    expect(del.y[0]).toBeCloseTo(p[LESION], 4);
    expect(del.randomY[0]).toBeCloseTo(p[LESION], 4);
    expect(del.y[20]).toBeCloseTo(pBlur[LESION], 4);
    expect(ins.y[0]).toBeCloseTo(pBlur[LESION], 4);
    expect(ins.y[20]).toBeCloseTo(p[LESION], 4);
    // A clear margin, not a tie: measured 0.04 against 0.6-0.8 on held-out lesions.
    expect(del.auc).toBeLessThan(del.randomAuc - 0.2);
    expect(ins.auc).toBeGreaterThan(ins.randomAuc + 0.1);
    expect(del.units).toBe('probability');
    const delCheck = r.checks.find((c) => c.id === 'deletion-auc')!;
    // the check's value is the area the badge judges: the curve held between its two ends, trapezoids by hand
    const lo = Math.min(del.y[0], del.y[20]);
    const hi = Math.max(del.y[0], del.y[20]);
    const held = del.y.map((v) => Math.min(hi, Math.max(lo, v)));
    const area = held.reduce((a, v, i) => (i ? a + ((del.x[i] - del.x[i - 1]) * (v + held[i - 1])) / 2 : a), 0);
    expect(delCheck.value).toBeCloseTo(area, 10);
    expect(delCheck.status).toBe('ok');
    expect(delCheck.detail).toMatch(/^Removing the 10% most important pixels (drops|moves) the probability from \d\.\d\d to \d\.\d\d; a random order/);
    expect(r.checks.map((c) => c.id)).toEqual(['deletion-auc', 'insertion-auc']);
    // Grad-CAM draws no samples: no stability figure.
    expect(r.stability).toBeUndefined();
    s.input.dispose();
  });

  it('a kept map is measured as it is (no rerun), and gives the figures the method gives when rerun', async () => {
    const method = getMethod('gradcam');
    const s = subject(method, 5);
    const a = await method.explain(s.ctx, s.input, LESION, s.options);
    const memo = new MapMemo();
    memo.remember('k', demo, a);
    let reruns = 0;
    const counting: ExplainMethod = { ...method, explain: (...args) => (reruns++, method.explain(...args)) };
    const kept = await measure({ ...s, method: counting }, { map: memo.get('k', demo), steps: 10, randomOrders: 1 });
    expect(reruns).toBe(0);
    const fresh = await measure({ ...s, method: counting }, { steps: 10, randomOrders: 1 });
    expect(reruns).toBe(1);
    expect(kept.deletion!.y).toEqual(fresh.deletion!.y);
    expect(kept.insertion!.auc).toBe(fresh.insertion!.auc);
    s.input.dispose();
  });

  it('SmoothGrad: stability is Spearman ρ between seed s and seed s + 1 (checked against the two maps made here)', async () => {
    const method = getMethod('smoothgrad');
    const s = subject(method, 1, { samples: 8, seed: 11 });
    const before = tf.memory().numTensors;
    const r = await measure(s, { steps: 5, randomOrders: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const a = await method.explain(s.ctx, s.input, LESION, s.options);
    const b = await method.explain(s.ctx, s.input, LESION, { ...s.options, seed: 12 });
    expect(r.stability!.seeds).toEqual([11, 12]);
    expect(r.stability!.rho).toBeCloseTo(rho(a.values, b.values), 6);
    console.log(`SmoothGrad (8 samples) seeds 11/12: ρ = ${r.stability!.rho.toFixed(3)}`);
    const c = r.checks.find((x) => x.id === 'stability')!;
    expect(c.status).toBe(r.stability!.rho >= 0.8 ? 'ok' : r.stability!.rho >= 0.5 ? 'warn' : 'fail');
    s.input.dispose();
  });

  it('Integrated Gradients on a fixed baseline: the seed changes nothing, so the stability line says so with no figure and no badge', async () => {
    const method = getMethod('intgrad');
    const s = subject(method, 1, { steps: 8, seed: 5 });
    const a = await method.explain(s.ctx, s.input, LESION, s.options);
    const b = await method.explain(s.ctx, s.input, LESION, { ...s.options, seed: 6 });
    // checked here first: with these options the two seeds give one map
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    const r = await measure(s, { steps: 5, randomOrders: 1 });
    const c = r.checks.find((x) => x.id === 'stability')!;
    expect(c.status).toBeUndefined();
    expect(Number.isNaN(c.value)).toBe(true);
    expect(c.detail).toMatch(/^The seed does not change this map/);
    s.input.dispose();
  });

  it('stops when cancelled: the unfinished curve says it was stopped, nothing leaks', async () => {
    const s = subject(getMethod('gradcam'), 3);
    const signal = { aborted: false };
    const before = tf.memory().numTensors;
    const r = await measure({ ...s, ctx: { ...s.ctx, batchSize: 8 } }, {
      steps: 40,
      signal,
      onProgress: (p) => {
        if (p.stage === 'deletion curve' && p.done > 0) signal.aborted = true;
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.cancelled).toBe(true);
    expect(r.insertion).toBeUndefined();
    const c = r.checks.find((x) => x.id === 'deletion-auc')!;
    expect(c.status).toBe('warn');
    expect(c.detail).toMatch(/stopped before the end/);
    s.input.dispose();
  });
});

describe('measure: a flat or empty map (an empty Grad-CAM map is all zeros) gets no figure', () => {
  const kept = (values: Float32Array): KeptMap => ({ values, width: 64, height: 64, seed: null });
  /** Runs measure under tf.profile: the kernels it ran (0 = no model evaluation at all) and what it said. */
  async function profiled(s: TrustSubject, map: KeptMap, stages: string[]) {
    let r: Awaited<ReturnType<typeof measure>> | null = null;
    const info = await tf.profile(async () => {
      r = await measure(s, { map, steps: 2, randomOrders: 1, onProgress: (p) => stages.push(p.stage ?? '') });
      return [];
    });
    return { kernels: info.kernels.length, r: r! };
  }

  it('all zeros, all equal: no curves, deletion and insertion without a badge saying why, no model evaluation', async () => {
    const s = subject(getMethod('gradcam'), 3);
    for (const v of [0, 0.7, -1]) {
      const stages: string[] = [];
      const before = tf.memory().numTensors;
      const { kernels, r } = await profiled(s, kept(new Float32Array(64 * 64).fill(v)), stages);
      expect(kernels).toBe(0);
      expect(stages).toEqual([]);
      expect(tf.memory().numTensors).toBe(before);
      expect(r.deletion).toBeUndefined();
      expect(r.insertion).toBeUndefined();
      expect(r.cancelled).toBe(false);
      expect(r.checks.map((c) => c.id)).toEqual(['deletion-auc', 'insertion-auc']);
      for (const c of r.checks) {
        expect(c.status).toBeUndefined();
        expect(c.detail).toBe('No figure: the map is flat (every value the same), so it ranks no pixel above another.');
      }
      expect(r.rules).toEqual({}); // no badge, so no rule to show
    }
    s.input.dispose();
  });

  it('a sampled method with a flat map: no second seed is run, stability has no badge either', async () => {
    const method = getMethod('smoothgrad');
    const s = subject(method, 1, { samples: 4, seed: 3 });
    let runs = 0;
    const counting: ExplainMethod = { ...method, explain: (...args) => (runs++, method.explain(...args)) };
    const { kernels, r } = await profiled({ ...s, method: counting }, kept(new Float32Array(64 * 64)), []);
    expect(runs).toBe(0);
    expect(kernels).toBe(0);
    expect(r.stability).toBeUndefined();
    const stab = r.checks.find((c) => c.id === 'stability')!;
    expect(stab.status).toBeUndefined();
    expect(stab.detail).toMatch(/^No figure: the map is flat/);
    s.input.dispose();
  });

  it('control: an all-negative map that is not flat still ranks pixels, so its curves are measured', async () => {
    const s = subject(getMethod('gradcam'), 3);
    const v = Float32Array.from({ length: 64 * 64 }, (_, i) => -1 - (i % 7));
    const stages: string[] = [];
    const { kernels, r } = await profiled(s, kept(v), stages);
    expect(kernels).toBeGreaterThan(0);
    expect(stages).toContain('deletion curve');
    expect(r.deletion!.y).toHaveLength(3);
    expect(r.checks.find((c) => c.id === 'deletion-auc')!.status).toBeDefined();
    s.input.dispose();
  });
});

describe('sanityCheck: cascading randomisation (Adebayo et al. 2018)', () => {
  it('Grad-CAM changes when the model is randomised (top-layer ρ < 0.5) and does not fail; no leak', async () => {
    const s = subject(getMethod('gradcam'), 2);
    const before = tf.memory().numTensors;
    const r = await sanityCheck(s, { seed: 1, repeats: 3 });
    expect(tf.memory().numTensors).toBe(before);
    console.log('Grad-CAM sanity:', r.randomisation.layers.map((l, i) => `${l} ρ=${r.randomisation.spearman[i].toFixed(3)} ssim=${r.randomisation.ssim[i].toFixed(3)}`).join('; '));
    expect(r.randomisation.layers[r.randomisation.layers.length - 1]).toBe('conv1');
    expect(r.randomisation.spearman).toHaveLength(r.randomisation.layers.length);
    expect(r.randomisation.spearman[0]).toBeLessThan(0.5);
    expect(r.check.status).not.toBe('fail');
    expect(r.check.value).toBe(r.randomisation.spearman[0]);
    s.input.dispose();
  });

  it('a model-independent "map" (Sobel edges of the image) keeps ρ ≈ 1 at every step and fails, saying why', async () => {
    const s = subject(getMethod('gradcam'), 2);
    const edges = sobel(s.input);
    const r = await sanityCheck(s, { repeats: 1, explain: async () => edges });
    for (const v of r.randomisation.spearman) expect(v).toBeCloseTo(1, 9);
    expect(r.check.status).toBe('fail');
    expect(r.check.detail).toMatch(/shows the image, not what the model learned/);
    s.input.dispose();
  });

  it('cancelled before one cascade ends: empty curve, a "stopped" badge, no leak', async () => {
    const s = subject(getMethod('gradcam'), 2);
    const signal = { aborted: false };
    const before = tf.memory().numTensors;
    const r = await sanityCheck(s, { repeats: 2, signal, onProgress: (p) => { if (p.done >= 2) signal.aborted = true; } });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.cancelled).toBe(true);
    expect(r.randomisation.spearman).toEqual([]);
    expect(r.check.status).toBe('warn');
    expect(r.check.detail).toMatch(/Stopped before/);
    s.input.dispose();
  });
});

describe('MapMemo', () => {
  it('keeps a copy per key and model, drops stopped maps, forgets the oldest beyond its capacity', () => {
    const a = (v: number, cancelled = false) => ({ values: new Float32Array([v, v]), width: 2, height: 1, run: { cancelled, seed: null } }) as unknown as Attribution;
    const memo = new MapMemo(2);
    const owner = {};
    const first = a(1);
    memo.remember('one', owner, first);
    first.values[0] = 99; // the page's copy moving away (transfer) does not touch the kept one
    expect(Array.from(memo.get('one', owner)!.values)).toEqual([1, 1]);
    expect(memo.get('one', {})).toBeNull();
    memo.remember('stopped', owner, a(2, true));
    expect(memo.get('stopped', owner)).toBeNull();
    memo.remember('two', owner, a(2));
    memo.remember('three', owner, a(3));
    expect(memo.get('one', owner)).toBeNull();
    expect(memo.get('three', owner)!.values[0]).toBe(3);
    expect(mapKey('i', 'm', 1, { b: 1, a: 2 })).toBe(mapKey('i', 'm', 1, { a: 2, b: 1 }));
  });
});

describe('through the Engine', () => {
  let engine: Engine;
  let imageId: string;
  let baseline: number;
  beforeAll(async () => {
    engine = new Engine();
    const files = Object.fromEntries(['model.json', 'group1-shard1of1.bin', 'metadata.json'].map((n) => [n, `data:application/octet-stream;base64,${fs.readFileSync(path.join(DEMO_MODEL_DIR, n)).toString('base64')}`]));
    const r = await engine.init({ wasmPaths: {}, demoModel: { base: '', files } });
    if (r.backend.active !== 'wasm') await engine.setBackend('wasm');
    imageId = engine.demoImages(1)[1].id;
    baseline = tf.memory().numTensors;
  });

  it('measures the map explain() kept, in its own slot: an explanation asked meanwhile is not superseded', async () => {
    const a = await engine.explain({ jobId: 'e1', imageId, methodId: 'gradcam', target: LESION });
    // The page asks with the run record's options (defaults filled in): the engine finds its kept map by them.
    const stages = new Set<string>();
    const trust = engine.trust({ jobId: 't1', imageId, methodId: 'gradcam', target: LESION, options: a.run.options, key: 'page-key' }, (p) => stages.add(p.stage ?? ''));
    const view = engine.explain({ jobId: 'e2', imageId, methodId: 'saliency', target: LESION });
    const [f, v] = await Promise.all([trust, view]);
    expect(v.run.method).toBe('saliency');
    expect([...stages].sort()).toEqual(['deletion curve', 'insertion curve']); // no 'the map': not computed again
    expect(f.key).toBe('page-key');
    expect(f.partial).toBeUndefined();
    expect(f.deletion!.auc).toBeLessThan(f.deletion!.randomAuc);
    expect(a.values.length).toBe(64 * 64);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('superseded: rejects with JobCancelled; stopped: hands back the figures so far, marked partial', async () => {
    const superseded = engine.trust({ jobId: 't2', imageId, methodId: 'gradcam', target: LESION, key: 'k' });
    engine.cancel('t2', 'superseded');
    let reason: string | null = null;
    await superseded.catch((e) => (reason = cancelReasonOf(e)));
    expect(reason).toBe('superseded');
    let stop = true;
    const stopped = await engine.trust({ jobId: 't3', imageId, methodId: 'gradcam', target: LESION, key: 'k' }, (p) => {
      if (stop && p.done > 0) {
        stop = false;
        engine.cancel('t3', 'stopped');
      }
    });
    expect(stopped.partial).toBe(true);
    expect(stopped.checks.some((c) => c.status === 'warn' && /stopped/i.test(c.detail ?? ''))).toBe(true);
    const sanity = await engine.sanityCheck({ jobId: 't4', imageId, methodId: 'gradcam', target: LESION, key: 'k' });
    expect(sanity.randomisation.layers.length).toBeGreaterThan(1);
    expect(sanity.partial).toBe(false);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
