// Test-only helpers shared by the explanation method tests (Node, vitest). Not imported by app code.

import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { SPLIT_SEEDS, syntheticSample, type SyntheticSample } from '../data/synthetic';
import { hashSeed, mulberry32 } from '../data/rng';
import { LoadedModel } from '../model/loaded';
import { argmax, loadDemoModel, useBackend } from '../testing/node';
import type { Attribution, OptionValues, Preprocessing, Progress, ResultCheck, RgbaImage } from '../../shared/types';
import type { CancelSignal, ExplainContext, ExplainMethod } from './types';
import { validateOptions } from './types';

let demo: Promise<LoadedModel> | null = null;

/** The shipped demo model, loaded once per test file (each file runs in its own process). */
export function demoModel(): Promise<LoadedModel> {
  demo ??= loadDemoModel();
  return demo;
}

export const LESION = 1;

/** Held-out lesion image i (never seen in training) with its ground-truth mask. */
export function lesionSample(i: number): SyntheticSample {
  return syntheticSample(SPLIT_SEEDS.test, i, { size: 64, label: LESION });
}

export function contextOf(lm: LoadedModel, extra: Partial<ExplainContext> = {}): ExplainContext {
  return { model: lm.model, info: lm.info, ...extra };
}

export async function explainImage(method: ExplainMethod, lm: LoadedModel, sample: SyntheticSample, options: Partial<OptionValues> = {}, extra: Partial<ExplainContext> = {}): Promise<Attribution> {
  const x = lm.inputTensor(sample.image);
  try {
    return await method.explain(contextOf(lm, extra), x, LESION, validateOptions(method, options));
  } finally {
    x.dispose();
  }
}

/**
 * Pointing game (Zhang et al., "Top-down Neural Attention by Excitation Backprop", 2016): a hit when
 * the map's maximum falls inside the ground-truth lesion mask. Logs the measured figure.
 */
export async function pointingGame(method: ExplainMethod, lm: LoadedModel, count: number, options: Partial<OptionValues> = {}, extra: Partial<ExplainContext> = {}): Promise<number> {
  let hits = 0;
  for (let i = 0; i < count; i++) {
    const s = lesionSample(i);
    const a = await explainImage(method, lm, s, options, extra);
    if (s.mask[argmax(a.values)]) hits++;
  }
  console.log(`pointing game ${method.id}: ${hits}/${count} (${tf.getBackend()})`);
  return hits / count;
}

/** Runs fn and checks it left no tensor behind. */
export async function expectNoLeak<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

/** A signal that flips to aborted at the first progress report with some work done. */
export function cancelAfterFirstProgress(): { signal: CancelSignal; onProgress: (p: Progress) => void; reports: Progress[] } {
  const state = { aborted: false };
  const reports: Progress[] = [];
  return {
    signal: state,
    reports,
    onProgress: (p) => {
      reports.push(p);
      if (p.done > 0) state.aborted = true;
    },
  };
}

export function expectFinite(values: ArrayLike<number>): void {
  let bad = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad++;
  expect(bad).toBe(0);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/**
 * A linear classifier built in code: flatten + dense (linear activation) with known seeded weights.
 * kernel[(y*W + x)*C + c][k] is the weight of input value (y, x, c) for class k.
 */
export function linearModel(H: number, W: number, C: number, classes: number, seed = 1): { lm: LoadedModel; kernel: Float32Array; bias: Float32Array } {
  const model = tf.sequential({ name: 'linear' });
  model.add(tf.layers.flatten({ inputShape: [H, W, C], name: 'flatten' }));
  model.add(tf.layers.dense({ units: classes, activation: 'linear', name: 'linear_out' }));
  const rng = mulberry32(hashSeed(seed, 42));
  const kernel = Float32Array.from({ length: H * W * C * classes }, () => rng() * 2 - 1);
  const bias = Float32Array.from({ length: classes }, () => rng() * 2 - 1);
  const weights = [tf.tensor2d(kernel, [H * W * C, classes]), tf.tensor1d(bias)];
  model.layers[1].setWeights(weights);
  tf.dispose(weights);
  const lm = new LoadedModel(model, {
    name: 'linear',
    labels: Array.from({ length: classes }, (_, k) => `class${k}`),
    preprocessing: { width: W, height: H, channels: C === 1 ? 1 : 3, resize: 'stretch', scale: 'zeroOne' },
  });
  return { lm, kernel, bias };
}

/** Runs fn on another backend and switches back afterwards, even if it fails. */
export async function withBackend<T>(name: 'cpu' | 'wasm', fn: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend() as 'cpu' | 'wasm';
  await useBackend(name);
  try {
    return await fn();
  } finally {
    await useBackend(previous);
  }
}

// ---------------------------------------------------------------------------------------------
// Superpixel methods (LIME, SHAP): a model that looks at one rectangle only, and where a map's top region lies.

/** [0, 1] pixels, stretched: the preprocessing of the region model. */
export const PREP: Preprocessing = { width: 64, height: 64, channels: 3, resize: 'stretch', scale: 'zeroOne' };

/**
 * A model whose output depends on one rectangle only: crop rows 16..31, columns 32..47 (cell 6 of a
 * 4x4 grid), average it, and map the mean brightness to the logit of class 1.
 */
export function regionModel(): LoadedModel {
  const model = tf.sequential({ name: 'region' });
  model.add(tf.layers.cropping2D({ cropping: [[16, 32], [32, 16]], inputShape: [64, 64, 3], name: 'crop' }));
  model.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax', name: 'out' }));
  const w = [tf.tensor2d([0, 2, 0, 2, 0, 2], [3, 2]), tf.tensor1d([0, -3])];
  model.getLayer('out').setWeights(w);
  tf.dispose(w);
  return new LoadedModel(model, { name: 'region', labels: ['other', 'bright region'], preprocessing: PREP });
}

/** Whether pixel p (row-major, 64 wide) lies in the rectangle regionModel looks at. */
export function inRegion(p: number): boolean {
  const x = p % 64;
  const y = Math.floor(p / 64);
  return y >= 16 && y < 32 && x >= 32 && x < 48;
}

/** Explains `image` for `target` with PREP as the context's preprocessing and batches of 64. */
export async function explainWithPrep(method: ExplainMethod, lm: LoadedModel, image: RgbaImage, target: number, options: Record<string, number | string>, extra: Partial<ExplainContext> = {}): Promise<Attribution> {
  const x = lm.inputTensor(image);
  try {
    return await method.explain(contextOf(lm, { preprocessing: PREP, batchSize: 64, ...extra }), x, target, validateOptions(method, options));
  } finally {
    x.dispose();
  }
}

/** Index of the segment with the largest value, and the share of its pixels for which `pred` holds. */
export function topSegment(a: Attribution, pred: (p: number) => boolean): { top: number; share: number; hits: number } {
  const seg = a.regions!.values;
  const top = argmax(seg);
  const labels = a.segments as Int32Array;
  let n = 0;
  let hits = 0;
  for (let p = 0; p < labels.length; p++) {
    if (labels[p] !== top) continue;
    n++;
    if (pred(p)) hits++;
  }
  return { top, share: hits / n, hits };
}

/** The check `id` of a result; fails the test when the result does not state it. */
export function checkOf(a: Attribution, id: string): ResultCheck {
  const c = a.checks.find((x) => x.id === id);
  expect(c, `the result states no check "${id}" (it has: ${a.checks.map((x) => x.id).join(', ')})`).toBeDefined();
  return c as ResultCheck;
}
