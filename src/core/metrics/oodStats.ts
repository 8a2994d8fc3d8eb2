// Training-set statistics for the out-of-distribution verdict (Lee et al. 2018; the maths is in ood.ts):
// fit them from a model and its training and validation images, keep them as plain data (shared/ood.ts),
// and judge an image against them. Used by scripts/oodDemo.ts (the demo model), the trainer (every model
// trained in the studio) and the engine's predict().

import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from '../model/loaded';
import type { OodVerdict, RgbaImage } from '../../shared/types';
import { unknownVerdict, verdictFor, type OodStatistics } from '../../shared/ood';
import { SPLIT_SEEDS, syntheticSample } from '../data/synthetic';
import { calibrate, fitMahalanobis, mahalanobisScores, penultimateFeatures, penultimateLayer, type MahalanobisModel } from './ood';

const BATCH = 32;

/** Penultimate features of `images` through `lm` (its preprocessing), in batches: n rows of d. */
export async function featuresOfImages(lm: LoadedModel, images: readonly RgbaImage[], layer = penultimateLayer(lm.model)): Promise<{ values: Float32Array; d: number }> {
  const parts: Float32Array[] = [];
  let d = 0;
  for (let i = 0; i < images.length; i += BATCH) {
    const x = tf.tidy(() => tf.concat(images.slice(i, i + BATCH).map((im) => lm.inputTensor(im))) as tf.Tensor4D);
    try {
      const f = await penultimateFeatures(lm.model, x, layer);
      parts.push(f.values);
      d = f.d;
    } finally {
      x.dispose();
    }
  }
  const values = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    values.set(p, o);
    o += p.length;
  }
  return { values, d };
}

/**
 * Fits the statistics: class means and the shrunk tied covariance of the training images' penultimate
 * features, and the flag threshold at the `quantile` (default 0.99) of the validation images' distances
 * (the training images' own when there are no validation images).
 * @param train images with their class (0..classes-1); every class needs at least one.
 * @throws Error when a class has no image or the covariance cannot be factored.
 */
export async function fitOodStatistics(
  lm: LoadedModel,
  train: readonly { image: RgbaImage; label: number }[],
  validation: readonly RgbaImage[],
  o: { shrinkage?: number; quantile?: number } = {},
): Promise<OodStatistics> {
  const shrinkage = o.shrinkage ?? 0.1;
  const quantile = o.quantile ?? 0.99;
  const layer = penultimateLayer(lm.model);
  const classes = lm.info.classes;
  const tr = await featuresOfImages(lm, train.map((s) => s.image), layer);
  const fitted = fitMahalanobis(tr.values, tr.d, train.map((s) => s.label), classes, shrinkage);
  const val = validation.length ? await featuresOfImages(lm, validation, layer) : tr;
  const m = calibrate(fitted, val.values, quantile);
  const d = m.d;
  const packed: number[] = [];
  for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) packed.push(m.chol[a * d + b]);
  return {
    method: 'mahalanobis-tied',
    layer,
    d,
    classes,
    means: Array.from(m.means),
    covarianceCholesky: packed,
    shrinkage,
    threshold: m.threshold,
    quantile,
    trainImages: train.length,
    validationImages: validation.length,
  };
}

/** The statistics as ood.ts's model (the Cholesky factor unpacked into a d x d lower triangle). */
export function mahalanobisModelOf(s: OodStatistics): MahalanobisModel {
  const chol = new Float64Array(s.d * s.d);
  let k = 0;
  for (let a = 0; a < s.d; a++) for (let b = 0; b <= a; b++) chol[a * s.d + b] = s.covarianceCholesky[k++];
  return { d: s.d, classes: s.classes, means: Float64Array.from(s.means), chol, threshold: s.threshold };
}

/** Mahalanobis distance (to the closest class mean) of each image's features, n rows of d. */
export function oodDistances(s: OodStatistics, features: ArrayLike<number>): Float64Array {
  return mahalanobisScores(mahalanobisModelOf(s), features);
}

/**
 * The verdict on one preprocessed input `x` [1, H, W, C] for `lm`: 'unknown' when the model keeps no
 * statistics (or they do not fit it: another layer or feature size), else 'in' or 'out' of the validation
 * images' 99th percentile. Leaves no tensor behind.
 */
export async function judgeInput(lm: LoadedModel, stats: OodStatistics | undefined, x: tf.Tensor4D): Promise<OodVerdict> {
  if (!stats) return unknownVerdict();
  let f: { values: Float32Array; d: number };
  try {
    f = await penultimateFeatures(lm.model, x, stats.layer);
  } catch {
    return unknownVerdict();
  }
  if (f.d !== stats.d) return unknownVerdict();
  return verdictFor(oodDistances(stats, f.values)[0], stats.threshold);
}

/**
 * The demo model's statistics: fitted on the synthetic training split (SPLIT_SEEDS.train, the images the
 * demo trained on) and calibrated on the validation split, at the model's input size. Held-out test and
 * gallery images are never used, so checks on them are fair.
 */
export async function syntheticOodStatistics(lm: LoadedModel, trainCount = 3000, validationCount = 300): Promise<OodStatistics> {
  const size = lm.meta.preprocessing.width;
  const train = Array.from({ length: trainCount }, (_, i) => syntheticSample(SPLIT_SEEDS.train, i, { size }));
  const validation = Array.from({ length: validationCount }, (_, i) => syntheticSample(SPLIT_SEEDS.validation, i, { size }).image);
  return fitOodStatistics(lm, train.map((s) => ({ image: s.image, label: s.label })), validation);
}
