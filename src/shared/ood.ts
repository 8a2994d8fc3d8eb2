// The training-set statistics a model keeps so Glassbox can say whether an image is like the ones it was
// trained on (Lee, Lee, Lee & Shin 2018: class-conditional Gaussians with one tied covariance on the
// penultimate-layer features, scored by the Mahalanobis distance to the closest class mean). Plain data:
// kept in metadata.json (the demo's, a downloaded model's) and in the model library with the model.

import type { OodVerdict } from './trust';

export interface OodStatistics {
  /** Always 'mahalanobis-tied' (Lee et al. 2018). */
  method: 'mahalanobis-tied';
  /** The penultimate layer, by path: its output, flattened, is the feature vector. */
  layer: string;
  /** Feature dimension. */
  d: number;
  classes: number;
  /** Class means of the training features, classes x d, row-major. */
  means: number[];
  /**
   * The shared (tied) covariance Σ of the training features, shrunk towards (tr Σ / d) I by `shrinkage`,
   * stored as its Cholesky factor L (Σ = L Lᵀ): the lower triangle packed row by row, d(d+1)/2 values.
   */
  covarianceCholesky: number[];
  shrinkage: number;
  /** Distances above this are flagged: the `quantile` (0.99) of the validation images' distances. */
  threshold: number;
  quantile: number;
  trainImages: number;
  /** Images the threshold was set on (held-out validation images). */
  validationImages: number;
}

/** The sentence for an image beyond the threshold (issue 13). */
export const OOD_OUT_SENTENCE = 'This image is unlike anything the model was trained on; its prediction and explanation mean little.';
/** The sentence for a model Glassbox has no training statistics for. */
export const OOD_UNKNOWN_SENTENCE =
  'Glassbox cannot judge whether this image is like the ones the model was trained on: it has no statistics of this model’s training images (only the demo model and models trained here keep them).';

/** The verdict for a model without training statistics. */
export function unknownVerdict(): OodVerdict {
  return { status: 'unknown', sentence: OOD_UNKNOWN_SENTENCE };
}

/** The verdict for a Mahalanobis `distance` against a model's `threshold`: 'out' strictly above it. */
export function verdictFor(distance: number, threshold: number): OodVerdict {
  if (!Number.isFinite(distance) || !Number.isFinite(threshold)) return unknownVerdict();
  const figures = `(distance ${distance.toFixed(1)} on the model’s own features; the training set’s validation images stay below ${threshold.toFixed(1)} in 99 cases of 100)`;
  return distance > threshold
    ? { status: 'out', distance, threshold, sentence: `${OOD_OUT_SENTENCE} ${figures}` }
    : { status: 'in', distance, threshold, sentence: `This image is like the images the model was trained on ${figures}.` };
}

/**
 * Reads statistics from metadata.json's "ood" field. Returns them, or a sentence saying what is wrong
 * (then the model is judged 'unknown' and the loader warns).
 */
export function parseOodStatistics(v: unknown): OodStatistics | string {
  if (typeof v !== 'object' || v === null) return '"ood" must be an object';
  const s = v as Record<string, unknown>;
  const nums = (a: unknown, n: number) => Array.isArray(a) && a.length === n && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (s.method !== 'mahalanobis-tied') return '"ood.method" must be "mahalanobis-tied"';
  if (typeof s.layer !== 'string') return '"ood.layer" must name a layer';
  const d = s.d;
  const classes = s.classes;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) return '"ood.d" must be a whole number';
  if (typeof classes !== 'number' || !Number.isInteger(classes) || classes < 1) return '"ood.classes" must be a whole number';
  if (!nums(s.means, classes * d)) return `"ood.means" must hold ${classes * d} numbers`;
  if (!nums(s.covarianceCholesky, (d * (d + 1)) / 2)) return `"ood.covarianceCholesky" must hold ${(d * (d + 1)) / 2} numbers`;
  for (const k of ['shrinkage', 'threshold', 'quantile', 'trainImages', 'validationImages']) {
    if (typeof s[k] !== 'number' || !Number.isFinite(s[k] as number)) return `"ood.${k}" must be a number`;
  }
  return s as unknown as OodStatistics;
}
