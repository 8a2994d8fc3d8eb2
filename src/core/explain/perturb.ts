// Perturbation plumbing shared by the methods that hide parts of the image: superpixels (segmentation of
// the input's real colours, its baseline computed once, batches of inputs with chosen regions hidden) for
// LIME and image SHAP, and the saturation check for every hiding method (occlusion, RISE, Score-CAM,
// LIME, SHAP): when the class probability does not move whatever is hidden, nothing can be credited.

import type * as tf from '@tensorflow/tfjs';
import type { OptionSpec, Preprocessing, ResultCheck, RgbaImage } from '../../shared/types';
import { gridSegments } from '../segment/grid';
import { slic, type Segmentation } from '../segment/slic';
import { baselineImage, baselineOptions, type BaselineKind } from './baselines';
import { BatchBuffer } from './compose';
import type { ExplainContext } from './types';
import { formatNumber } from '../../shared/readable';
import { t } from '../../shared/i18n';

export interface SuperpixelOptions {
  segments: number;
  compactness: number;
  segmentation: 'slic' | 'grid';
  baseline: BaselineKind;
  baselineColor: string;
}

// Default baseline is blur, not lime's per-region mean colour: when an object spans several superpixels,
// each filled with its own mean is still the object (on the demo model p stays 1 with every region
// "hidden", so nothing can be attributed). lime's defaults are followed where they make sense.
export const SUPERPIXEL_DEFAULTS: SuperpixelOptions = { segments: 50, compactness: 10, segmentation: 'slic', baseline: 'blur', baselineColor: '#808080' };

/** The options of a superpixel method: how regions are cut, and what a hidden region becomes. */
export const SUPERPIXEL_OPTION_SPECS: OptionSpec[] = [
  { key: 'segments', label: 'Superpixels (about)', type: 'number', min: 4, max: 300, step: 1, integer: true, help: 'Target number of regions the image is cut into; each region is kept or hidden as a whole' },
  { key: 'segmentation', label: 'Regions', type: 'select', choices: [{ value: 'slic', label: 'SLIC superpixels (follow colour edges)' }, { value: 'grid', label: 'Square grid' }] },
  { key: 'compactness', label: 'Compactness', type: 'number', min: 0.5, max: 100, step: 0.5, help: 'SLIC only: higher gives rounder, more even regions; lower follows colour edges more closely' },
  ...baselineOptions(['blur', 'regionMean', 'mean', 'black', 'noise', 'color'], 'Baseline (what hidden regions become)', 'What replaces a region when it is hidden; the explanation is relative to this'),
];

/**
 * The input tensor's H*W*C values as 0..255 RGBA pixels: exactly (undoing scale, mean/std and BGR order)
 * when the preprocessing is known, else its min..max stretched over 0..255.
 */
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

/** Superpixels of an RGBA image: SLIC (Achanta et al. 2012) or a square grid of about o.segments cells. */
export function segmentPixels(img: RgbaImage, o: Pick<SuperpixelOptions, 'segmentation' | 'segments' | 'compactness'>): Segmentation {
  return o.segmentation === 'grid' ? gridSegments(img.width, img.height, o.segments) : slic(img, { segments: o.segments, compactness: o.compactness });
}

export interface Superpixels {
  segmentation: Segmentation;
  count: number;
  /**
   * Inputs for `count` keep-masks (row-major, count x M, 1 = visible): x where kept, the baseline where
   * hidden. Returns a new [count, H, W, C] tensor: call inside tf.tidy (batchedScores' makeBatch is) or
   * dispose it.
   */
  compose(keep: Float32Array, count: number): tf.Tensor4D;
}

/**
 * Segments the input (in its real colours, via ctx.preprocessing) and computes the baseline once per
 * explanation (baselines.ts; `seed` fixes a noise baseline). Masked inputs are then written straight into
 * one reused JS array per batch and uploaded once (compose.ts).
 */
export async function superpixels(ctx: ExplainContext, input: tf.Tensor4D, o: SuperpixelOptions, seed: number): Promise<Superpixels> {
  const [, H, W, C] = input.shape;
  const values = (await input.data()) as Float32Array;
  const segmentation = segmentPixels(inputPixels(values, H, W, C, ctx.preprocessing), o);
  const M = segmentation.count;
  const labels = segmentation.labels;
  const HW = H * W;
  const fill = await baselineImage(ctx, input, { kind: o.baseline, color: o.baselineColor, seed, regions: { labels, count: M } });
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
  };
}

/** One value per segment spread over its pixels: out[p] = perSegment[labels[p]]. */
export function paintSegments(perSegment: ArrayLike<number>, labels: Int32Array): Float32Array {
  const out = new Float32Array(labels.length);
  for (let p = 0; p < labels.length; p++) out[p] = perSegment[labels[p]];
  return out;
}

/** Tracks the range of the model's answers over perturbed inputs, for the saturation check. */
export class ScoreRange {
  min = Infinity;
  max = -Infinity;
  /** `score`: what the tracked values are, the class probability (default) or its logit. */
  constructor(private readonly score: 'probability' | 'logit' = 'probability') {}
  add(scores: ArrayLike<number>, from = 0, to = scores.length): void {
    for (let i = from; i < to; i++) {
      if (scores[i] < this.min) this.min = scores[i];
      if (scores[i] > this.max) this.max = scores[i];
    }
  }

  /**
   * The saturation check: the spread (max - min) of the class probability over the perturbed inputs.
   * 'warn' below 1e-4: hiding parts of the image (almost) changed nothing, the probability is saturated
   * and the values are at rounding level; the detail says what to try for this baseline. No status
   * before any input was evaluated.
   */
  check(baseline: BaselineKind): ResultCheck {
    const spread = this.max - this.min;
    const what = this.score;
    const base: ResultCheck = { id: 'saturation', label: t(`methods:checks.spread.label.${what}`), value: Number.isFinite(spread) ? spread : 0, format: 'number' };
    if (!Number.isFinite(spread)) return base;
    if (!(spread < 1e-4)) return { ...base, status: 'ok' };
    return {
      ...base,
      status: 'warn',
      detail: t('methods:checks.spread.detail', {
        stayed: t(`methods:checks.spread.stayed.${what}`, { value: formatNumber(this.max, 4) }),
        advice: t(`methods:checks.spread.advice.${baseline === 'regionMean' ? 'regionMean' : what}`),
      }),
    };
  }
}
