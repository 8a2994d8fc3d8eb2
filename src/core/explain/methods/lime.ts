// LIME — Ribeiro, Singh & Guestrin, "'Why Should I Trust You?': Explaining the Predictions of Any
// Classifier", KDD 2016. The image explainer, over superpixels:
//   z ∈ {0,1}^M             which superpixels stay visible (each with p = 0.5; the first sample keeps all)
//   π(z) = sqrt( exp( -d(z, 1)^2 / σ^2 ) ),   d = cosine distance,  σ = kernel width (0.25)
//   g = argmin_g  Σ_z π(z) ( f(x_z) - g(z) )^2 + α ||w||^2,   g(z) = b + w·z   (weighted ridge, α = 1)
// f is the softmax probability of the target class; x_z is the image with the hidden superpixels filled.
// The weight w_i of superpixel i is the explanation; R^2 of the weighted fit says how far a linear story
// holds around this image (lime's `score`). Defaults follow lime's LimeImageExplainer; unlike lime, the
// sampling is seeded, so the same seed gives the same explanation.
//
// This file also holds the superpixel plumbing image SHAP (./kernelShap.ts) shares: segmentation of the
// input, fills computed once, and batched composition of masked inputs on the backend.

import * as tf from '@tensorflow/tfjs';
import type { OptionSpec, Preprocessing, RgbaImage } from '../../../shared/types';
import { hashSeed, mulberry32 } from '../../data/rng';
import { toInputArray } from '../../image/preprocess';
import { BatchBuffer } from '../compose';
import { gridSegments } from '../../segment/grid';
import { slic, type Segmentation } from '../../segment/slic';
import { batchedScores, batchSizeOf } from '../batching';
import type { ExplainContext, ExplainMethod } from '../types';
import { validateOptions, seedOption } from '../types';
import { referenceImage } from './occlusion';
import { checkTarget, imageInputCompatible } from './saliency';

// ---------------------------------------------------------------------------------------------------
// Superpixel plumbing shared with image SHAP

export type FillMode = 'mean' | 'blur' | 'black' | 'color';

export interface SuperpixelOptions {
  segments: number;
  compactness: number;
  segmentation: 'slic' | 'grid';
  fill: FillMode;
  fillColor: string;
}

// Default fill is blur, not lime's per-region mean colour: when an object spans several superpixels,
// each filled with its own mean is still the object (on the demo model p stays 1 with every region
// "hidden", so nothing can be attributed). lime's defaults are followed where they make sense.
export const SUPERPIXEL_DEFAULTS: SuperpixelOptions = { segments: 50, compactness: 10, segmentation: 'slic', fill: 'blur', fillColor: '#808080' };

export const FILL_COLORS = [
  { value: '#808080', label: 'Grey' },
  { value: '#ffffff', label: 'White' },
  { value: '#000000', label: 'Black' },
  { value: '#00ff00', label: 'Green' },
  { value: '#ff00ff', label: 'Magenta' },
  { value: '#0000ff', label: 'Blue' },
];

export const SUPERPIXEL_OPTION_SPECS: OptionSpec[] = [
  { key: 'segments', label: 'Superpixels (about)', type: 'number', min: 4, max: 300, step: 1, integer: true, help: 'Target number of regions the image is cut into; each region is kept or hidden as a whole' },
  { key: 'segmentation', label: 'Regions', type: 'select', choices: [{ value: 'slic', label: 'SLIC superpixels (follow colour edges)' }, { value: 'grid', label: 'Square grid' }] },
  { key: 'compactness', label: 'Compactness', type: 'number', min: 0.5, max: 100, step: 0.5, help: 'SLIC only: higher gives rounder, more even regions; lower follows colour edges more closely' },
  {
    key: 'fill',
    label: 'Hidden regions show',
    type: 'select',
    choices: [
      { value: 'mean', label: 'Their own mean colour' },
      { value: 'blur', label: 'A blurred copy of the image' },
      { value: 'black', label: 'Black' },
      { value: 'color', label: 'A fixed colour' },
    ],
    help: 'What replaces a region when it is hidden; the explanation is relative to this',
  },
  { key: 'fillColor', label: 'Fixed colour', type: 'select', choices: FILL_COLORS, help: 'Used when hidden regions show a fixed colour' },
];

/** The input tensor as 0..255 pixels: exactly when the preprocessing is known, else its min..max stretched. */
export function inputPixels(values: Float32Array, H: number, W: number, C: number, prep?: Preprocessing): RgbaImage {
  const data = new Uint8ClampedArray(H * W * 4);
  let lo = Infinity;
  let hi = -Infinity;
  if (!prep) {
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const toPixel = (v: number, c: number): number => {
    if (!prep) return hi > lo ? ((v - lo) / (hi - lo)) * 255 : 128;
    switch (prep.scale) {
      case 'zeroOne': return v * 255;
      case 'minusOneOne': return (v + 1) * 127.5;
      case 'meanStd': return (v * (prep.std?.[c] ?? 1) + (prep.mean?.[c] ?? 0)) * 255;
      case 'raw255': return v;
    }
  };
  // Pixel channel k (R, G, B) is the model's channel k, or 2 - k for a model that reads BGR.
  const bgr = C === 3 && prep?.channelOrder === 'bgr';
  for (let p = 0; p < H * W; p++) {
    for (let k = 0; k < 3; k++) {
      const c = C === 1 ? 0 : bgr ? 2 - k : k;
      data[p * 4 + k] = toPixel(values[p * C + c], c);
    }
    data[p * 4 + 3] = 255;
  }
  return { width: W, height: H, data };
}

/** A '#rrggbb' colour in the model's input scale. */
export function colourToInput(hex: string, C: number, prep: Preprocessing | undefined, range: { min: number; max: number }): Float32Array {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`Fill colour "${hex}" is not a #rrggbb colour`);
  const rgb = [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  if (prep) {
    const one: Preprocessing = { ...prep, width: 1, height: 1, resize: 'stretch', channels: C === 1 ? 1 : 3 };
    return toInputArray({ width: 1, height: 1, data: new Uint8ClampedArray([...rgb, 255]) }, one);
  }
  const vals = C === 1 ? [0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]] : rgb;
  return Float32Array.from(vals, (v) => range.min + (v / 255) * (range.max - range.min));
}

export function segmentPixels(img: RgbaImage, o: SuperpixelOptions): Segmentation {
  return o.segmentation === 'grid' ? gridSegments(img.width, img.height, o.segments) : slic(img, { segments: o.segments, compactness: o.compactness });
}

export interface Superpixels {
  segmentation: Segmentation;
  count: number;
  /**
   * Inputs for `count` keep-masks (row-major, count x M, 1 = visible): x where kept, the fill where
   * hidden. Returns a new tensor: call inside tf.tidy (batchedScores' makeBatch is) or dispose it.
   */
  compose(keep: Float32Array, count: number): tf.Tensor4D;
  dispose(): void;
}

/** Segments the input and precomputes the fill, once per explanation. */
export async function superpixels(ctx: ExplainContext, input: tf.Tensor4D, o: SuperpixelOptions): Promise<Superpixels> {
  const [, H, W, C] = input.shape;
  const values = (await input.data()) as Float32Array;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const segmentation = segmentPixels(inputPixels(values, H, W, C, ctx.preprocessing), o);
  const M = segmentation.count;
  const labels = segmentation.labels;
  const HW = H * W;
  let fill: Float32Array;
  if (o.fill === 'blur') {
    const t = referenceImage(input, 'blur');
    fill = (await t.data()) as Float32Array;
    t.dispose();
  } else {
    fill = new Float32Array(HW * C);
    if (o.fill === 'mean') {
      const sums = new Float64Array(M * C);
      const counts = new Float64Array(M);
      for (let p = 0; p < HW; p++) {
        const l = labels[p];
        counts[l]++;
        for (let c = 0; c < C; c++) sums[l * C + c] += values[p * C + c];
      }
      for (let p = 0; p < HW; p++) {
        const l = labels[p];
        for (let c = 0; c < C; c++) fill[p * C + c] = sums[l * C + c] / counts[l];
      }
    } else {
      const colour = colourToInput(o.fill === 'black' ? '#000000' : o.fillColor, C, ctx.preprocessing, { min, max });
      for (let p = 0; p < HW; p++) for (let c = 0; c < C; c++) fill[p * C + c] = colour[c];
    }
  }
  // Masked inputs are written straight into one reused JS array per batch and uploaded once (compose.ts).
  const n = HW * C;
  const batch = new BatchBuffer(H, W, C);
  return {
    segmentation,
    count: M,
    compose(keep, count) {
      const out = batch.array(count);
      for (let b = 0; b < count; b++) {
        const k0 = b * M;
        const o0 = b * n;
        if (C === 3) {
          for (let p = 0, q = 0; p < HW; p++, q += 3) {
            const src = keep[k0 + labels[p]] ? values : fill;
            out[o0 + q] = src[q];
            out[o0 + q + 1] = src[q + 1];
            out[o0 + q + 2] = src[q + 2];
          }
        } else {
          for (let p = 0, q = 0; p < HW; p++, q += C) {
            const src = keep[k0 + labels[p]] ? values : fill;
            for (let c = 0; c < C; c++) out[o0 + q + c] = src[q + c];
          }
        }
      }
      return batch.tensor(out, count);
    },
    dispose() {
      // Nothing to free on the backend: the fill and the input values live in JS arrays.
    },
  };
}

/** Tracks the range of the model's answers, to warn when hiding regions changed nothing. */
export class ScoreRange {
  min = Infinity;
  max = -Infinity;
  add(scores: ArrayLike<number>, from = 0, to = scores.length): void {
    for (let i = from; i < to; i++) {
      if (scores[i] < this.min) this.min = scores[i];
      if (scores[i] > this.max) this.max = scores[i];
    }
  }
  /** A message for the person when the probability hardly moved, else undefined. */
  warning(fill: FillMode): string | undefined {
    if (!(this.max - this.min < 1e-4)) return undefined;
    return (
      `The class probability stayed at ${this.max.toFixed(4)} whatever was hidden, so no region can be credited. ` +
      (fill === 'mean' ? 'Regions filled with their own mean colour can still show the object; try the blur fill.' : 'Try another fill or more, smaller regions.')
    );
  }
}

/** One value per segment spread over its pixels. */
export function paintSegments(perSegment: ArrayLike<number>, labels: Int32Array): Float32Array {
  const out = new Float32Array(labels.length);
  for (let p = 0; p < labels.length; p++) out[p] = perSegment[labels[p]];
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Weighted ridge regression from running sums (so the running estimate is cheap after every batch)

export class WeightedRidge {
  private sw = 0;
  private sy = 0;
  private syy = 0;
  private readonly sx: Float64Array;
  private readonly sxy: Float64Array;
  private readonly sxx: Float64Array;
  rows = 0;

  constructor(readonly dims: number) {
    this.sx = new Float64Array(dims);
    this.sxy = new Float64Array(dims);
    this.sxx = new Float64Array(dims * dims);
  }

  /** Adds a 0/1 row with its target and weight. */
  add(z: Uint8Array, y: number, w: number): void {
    const D = this.dims;
    this.sw += w;
    this.sy += w * y;
    this.syy += w * y * y;
    this.rows++;
    for (let i = 0; i < D; i++) {
      if (!z[i]) continue;
      this.sx[i] += w;
      this.sxy[i] += w * y;
      const row = i * D;
      for (let j = 0; j <= i; j++) if (z[j]) this.sxx[row + j] += w;
    }
  }

  /**
   * sklearn's Ridge(alpha, fit_intercept=True) with sample weights: centre by the weighted means, solve
   * (Xc' W Xc + alpha I) w = Xc' W yc, intercept = mean(y) - mean(x)·w; R^2 is the weighted score.
   */
  fit(alpha: number): { weights: Float64Array; intercept: number; r2: number } {
    const D = this.dims;
    const weights = new Float64Array(D);
    if (this.rows === 0 || this.sw <= 0) return { weights, intercept: 0, r2: 0 };
    const sw = this.sw;
    const A = new Float64Array(D * D);
    const b = new Float64Array(D);
    for (let i = 0; i < D; i++) {
      b[i] = this.sxy[i] - (this.sx[i] * this.sy) / sw;
      for (let j = 0; j <= i; j++) {
        const v = this.sxx[i * D + j] - (this.sx[i] * this.sx[j]) / sw;
        A[i * D + j] = v;
        A[j * D + i] = v;
      }
    }
    let scale = 0;
    for (let i = 0; i < D; i++) scale = Math.max(scale, A[i * D + i]);
    let ridge = alpha;
    let L: Float64Array | null = null;
    for (let attempt = 0; attempt < 12 && !L; attempt++) {
      const T = Float64Array.from(A);
      for (let i = 0; i < D; i++) T[i * D + i] += ridge;
      L = choleskyLower(T, D);
      ridge = Math.max(ridge * 10, 1e-10 * (scale || 1));
    }
    if (L) weights.set(choleskySolve(L, D, b));
    let dot = 0;
    let quad = 0;
    for (let i = 0; i < D; i++) {
      dot += weights[i] * b[i];
      let s = 0;
      for (let j = 0; j < D; j++) s += A[i * D + j] * weights[j];
      quad += weights[i] * s;
    }
    let sxw = 0;
    for (let i = 0; i < D; i++) sxw += this.sx[i] * weights[i];
    const intercept = (this.sy - sxw) / sw;
    const sst = this.syy - (this.sy * this.sy) / sw;
    const sse = Math.max(0, sst - 2 * dot + quad);
    // sklearn's r2_score: 1 - SSE/SST, and 1 (perfect) or 0 when the targets do not vary.
    const r2 = sst > 1e-15 * Math.max(1, this.syy) ? 1 - sse / sst : sse <= 1e-15 ? 1 : 0;
    return { weights, intercept, r2 };
  }
}

function choleskyLower(A: Float64Array, D: number): Float64Array | null {
  for (let j = 0; j < D; j++) {
    let d = A[j * D + j];
    for (let k = 0; k < j; k++) d -= A[j * D + k] * A[j * D + k];
    if (!(d > 0)) return null;
    d = Math.sqrt(d);
    A[j * D + j] = d;
    for (let i = j + 1; i < D; i++) {
      let s = A[i * D + j];
      for (let k = 0; k < j; k++) s -= A[i * D + k] * A[j * D + k];
      A[i * D + j] = s / d;
    }
  }
  return A;
}

function choleskySolve(L: Float64Array, D: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < D; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * D + k] * x[k];
    x[i] = s / L[i * D + i];
  }
  for (let i = D - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < D; k++) s -= L[k * D + i] * x[k];
    x[i] = s / L[i * D + i];
  }
  return x;
}

/** lime's kernel on the cosine distance between a 0/1 sample with k of M ones and the all-ones row. */
export function limeKernel(k: number, M: number, width: number): number {
  const d = k === 0 ? 1 : 1 - Math.sqrt(k / M);
  return Math.sqrt(Math.exp(-(d * d) / (width * width)));
}

// ---------------------------------------------------------------------------------------------------
// LIME

export interface LimeOptions extends SuperpixelOptions {
  [key: string]: number | string;
  samples: number;
  kernelWidth: number;
  ridgeAlpha: number;
  seed: number;
}

export const lime: ExplainMethod<LimeOptions> = {
  id: 'lime',
  label: 'LIME',
  summary: 'Hides random groups of superpixels, fits a simple weighted linear model to the answers, and shows each region’s weight.',
  about:
    'LIME cuts the image into regions (superpixels) and asks the model about many copies of the image with random regions hidden. ' +
    'It then fits a straight-line model that predicts the class probability from which regions were visible, paying most attention to copies close to the original. ' +
    'Each region’s weight is how much showing it raised (positive) or lowered (negative) the probability in that simple model. ' +
    'R² says how well the simple model fits: when it is low, the model’s behaviour around this image is not linear in the regions and the weights are not to be trusted. The seed fixes the random copies.',
  kind: 'perturbation',
  signed: true,
  defaultOptions: { ...SUPERPIXEL_DEFAULTS, samples: 1000, kernelWidth: 0.25, ridgeAlpha: 1, seed: 0 },
  options: [
    ...SUPERPIXEL_OPTION_SPECS,
    { key: 'samples', label: 'Samples', type: 'number', min: 10, max: 20000, step: 10, integer: true, help: 'Perturbed copies the model sees (lime: 1000); the first keeps every region' },
    { key: 'kernelWidth', label: 'Kernel width', type: 'number', min: 0.01, max: 10, step: 0.01, help: 'How fast a copy’s weight falls with its cosine distance from the original (lime: 0.25)' },
    { key: 'ridgeAlpha', label: 'Ridge alpha', type: 'number', min: 0, max: 1000, step: 0.1, help: 'Strength of the ridge penalty on the weights (lime: 1)' },
    seedOption('Same seed, same copies, same explanation'),
  ],
  isCompatible: imageInputCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(lime, raw);
    checkTarget(ctx, target);
    const [, H, W] = input.shape;
    const N = o.samples;
    ctx.onProgress?.({ done: 0, total: N, stage: 'superpixels' });
    const sp = await superpixels(ctx, input, o);
    try {
      const M = sp.count;
      // Which superpixels each sample keeps: 1 = visible. Row 0 is the image itself.
      const rng = mulberry32(hashSeed(o.seed, 0x11ae));
      const Z = new Uint8Array(N * M);
      const keep = new Float32Array(N * M);
      const weight = new Float64Array(N);
      for (let s = 0; s < N; s++) {
        let k = 0;
        for (let i = 0; i < M; i++) {
          const on = s === 0 || rng() < 0.5 ? 1 : 0;
          Z[s * M + i] = on;
          keep[s * M + i] = on;
          k += on;
        }
        weight[s] = limeKernel(k, M, o.kernelWidth);
      }
      const ridge = new WeightedRidge(M);
      const range = new ScoreRange();
      let fx = NaN;
      const r = await batchedScores(ctx.model, {
        count: N,
        target,
        output: 'probs',
        head: ctx.info.head,
        batchSize: batchSizeOf(ctx),
        signal: ctx.signal,
        makeBatch: (start, size) => sp.compose(keep.subarray(start * M, (start + size) * M), size),
        onBatch: (done, scores) => {
          range.add(scores, ridge.rows, done);
          for (let s = ridge.rows; s < done; s++) ridge.add(Z.subarray(s * M, (s + 1) * M), scores[s], weight[s]);
          if (ridge.rows > 0) fx = scores[0];
          if (ctx.onProgress && done < N) {
            const fit = ridge.fit(o.ridgeAlpha);
            ctx.onProgress({ done, total: N, stage: 'perturbed copies', partial: { values: Array.from(fit.weights) } });
          }
        },
      });
      const fit = ridge.fit(o.ridgeAlpha);
      const weights = Array.from(fit.weights);
      const warning = range.warning(o.fill);
      ctx.onProgress?.({ done: r.done, total: N, stage: 'perturbed copies', partial: { values: weights } });
      return {
        values: paintSegments(fit.weights, sp.segmentation.labels),
        width: W,
        height: H,
        signed: true,
        segments: sp.segmentation.labels,
        meta: {
          method: 'lime',
          target,
          weights,
          segmentValues: weights,
          intercept: fit.intercept,
          r2: fit.r2,
          localPrediction: fit.intercept + weights.reduce((a, b) => a + b, 0),
          prediction: Number.isFinite(fx) ? fx : 0,
          segmentCount: M,
          samples: N,
          done: r.done,
          total: N,
          cancelled: r.cancelled,
          seed: o.seed,
          kernelWidth: o.kernelWidth,
          ridgeAlpha: o.ridgeAlpha,
          fill: o.fill,
          segmentation: o.segmentation,
          ...(warning ? { warning } : {}),
        },
      };
    } finally {
      sp.dispose();
    }
  },
};
