// Out-of-distribution score — Lee, Lee, Lee & Shin, "A Simple Unified Framework for Detecting
// Out-of-Distribution Samples and Adversarial Attacks", NeurIPS 2018: fit class-conditional Gaussians with
// one tied covariance to the penultimate-layer features f(x) of the training images,
//   μ_c = mean of f over class c,  Σ = (1/N) Σ_c Σ_{i in c} (f_i − μ_c)(f_i − μ_c)^T,
// and score an image by its Mahalanobis distance to the closest class mean,
//   M(x) = min_c sqrt( (f(x) − μ_c)^T Σ^{-1} (f(x) − μ_c) ).
// Σ is shrunk towards a multiple of the identity, Σ' = (1 − λ) Σ + λ (tr Σ / d) I (Ledoit & Wolf's target),
// so it stays invertible with fewer images than features. An image is flagged when M(x) is above the 99th
// percentile of M over held-out validation images.

import * as tf from '@tensorflow/tfjs';
import { runModel, walkLayers } from '../model/graph';
import { choleskyInPlace, choleskySolve } from '../explain/linalg';

/** The layer whose output feeds the model's last layer (the penultimate features), by path. */
export function penultimateLayer(model: tf.LayersModel): string {
  const layers = walkLayers(model);
  if (layers.length < 2) throw new Error('The model has a single layer: it has no penultimate features');
  return layers[layers.length - 2].path;
}

/** Penultimate features of a batch `x` [B, H, W, C] (flattened): B rows of d values, row-major. */
export async function penultimateFeatures(model: tf.LayersModel, x: tf.Tensor4D, layer = penultimateLayer(model)): Promise<{ values: Float32Array; d: number }> {
  const f = tf.tidy(() => {
    const t = runModel(model, x, { capture: [layer] }).captured.get(layer)!;
    return tf.reshape(t, [x.shape[0], -1]);
  });
  const values = (await f.data()) as Float32Array;
  const d = f.shape[1] as number;
  f.dispose();
  return { values, d };
}

export interface MahalanobisModel {
  d: number;
  /** Class means, classes x d, row-major. */
  means: Float64Array;
  classes: number;
  /** Cholesky factor of the shrunk tied covariance (lower triangle, d x d). */
  chol: Float64Array;
  /** Flag threshold on the distance (set by calibrate). */
  threshold: number;
}

/**
 * Fits class means and the shrunk tied covariance to `features` (n rows of d) with `labels` (0..classes-1).
 * `shrinkage` λ in [0, 1] (default 0.1). Throws when a class has no row or the covariance is singular.
 */
export function fitMahalanobis(features: ArrayLike<number>, d: number, labels: ArrayLike<number>, classes: number, shrinkage = 0.1): MahalanobisModel {
  const n = labels.length;
  if (features.length !== n * d) throw new Error(`fitMahalanobis: ${features.length} values for ${n} rows of ${d}`);
  const means = new Float64Array(classes * d);
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    counts[labels[i]]++;
    for (let j = 0; j < d; j++) means[labels[i] * d + j] += features[i * d + j];
  }
  for (let c = 0; c < classes; c++) {
    if (!counts[c]) throw new Error(`fitMahalanobis: class ${c} has no training image`);
    for (let j = 0; j < d; j++) means[c * d + j] /= counts[c];
  }
  const S = new Float64Array(d * d);
  const r = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) r[j] = features[i * d + j] - means[labels[i] * d + j];
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) S[a * d + b] += r[a] * r[b];
  }
  let trace = 0;
  for (let a = 0; a < d; a++) trace += S[a * d + a] / n;
  const mu = trace / d || 1e-12;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) S[a * d + b] = (1 - shrinkage) * (S[a * d + b] / n) + (a === b ? shrinkage * mu : 0);
  }
  if (!choleskyInPlace(S, d)) throw new Error('fitMahalanobis: the feature covariance is singular; raise the shrinkage');
  return { d, means, classes, chol: S, threshold: Infinity };
}

/** Mahalanobis distance of each of the rows of `features` to the closest class mean. */
export function mahalanobisScores(m: MahalanobisModel, features: ArrayLike<number>): Float64Array {
  const n = features.length / m.d;
  const out = new Float64Array(n);
  const diff = new Float64Array(m.d);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let c = 0; c < m.classes; c++) {
      for (let j = 0; j < m.d; j++) diff[j] = features[i * m.d + j] - m.means[c * m.d + j];
      const s = choleskySolve(m.chol, m.d, diff);
      let q = 0;
      for (let j = 0; j < m.d; j++) q += diff[j] * s[j];
      best = Math.min(best, q);
    }
    out[i] = Math.sqrt(Math.max(0, best));
  }
  return out;
}

/** The q-quantile (linear interpolation between order statistics, numpy's default) of `v`. */
export function quantile(v: ArrayLike<number>, q: number): number {
  const s = Array.from(v).sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

/** Sets the flag threshold at the `q` quantile (default 0.99) of the validation images' distances. */
export function calibrate(m: MahalanobisModel, validationFeatures: ArrayLike<number>, q = 0.99): MahalanobisModel {
  return { ...m, threshold: quantile(mahalanobisScores(m, validationFeatures), q) };
}
