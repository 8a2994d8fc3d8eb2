// Multinomial logistic regression (softmax regression) on standardised inputs: the linear model beside
// the CNN (issue 17). Its weights per class are an image a person can look at, and its explanation of an
// input is exact: logit_c = b_c + Σ_i w_ic · z_i, so w_ic · z_i is feature i's whole contribution.

import * as tf from '@tensorflow/tfjs';

export interface LinearModel {
  /** Per-feature mean and standard deviation of the training rows (std 1 where a feature is constant). */
  mean: Float32Array;
  std: Float32Array;
  /** Feature-major weights: w[i * classes + c]. */
  weights: Float32Array;
  bias: Float32Array;
  classes: number;
  features: number;
}

/** Standardises one row with the model's training statistics. */
export function standardise(m: Pick<LinearModel, 'mean' | 'std'>, row: ArrayLike<number>): Float32Array {
  const z = new Float32Array(m.mean.length);
  for (let i = 0; i < z.length; i++) z[i] = (row[i] - m.mean[i]) / m.std[i];
  return z;
}

/**
 * Checks rows `x` (n x d) against labels `y` and standardises them: per-feature mean and standard deviation
 * (population; 1 where a feature is constant) and the standardised rows, row-major (n*d). Throws, naming
 * `who`, on empty data, mismatched lengths or rows of different lengths.
 */
export function standardisedRows(x: ArrayLike<number>[], y: ArrayLike<number>, who: string): { n: number; d: number; mean: Float32Array; std: Float32Array; Z: Float32Array } {
  const n = x.length;
  if (n === 0 || n !== y.length) throw new Error(`${who}: ${n} rows and ${y.length} labels`);
  const d = x[0].length;
  if (x.some((r) => r.length !== d)) throw new Error(`${who}: rows differ in length`);
  const mean = new Float32Array(d);
  const std = new Float32Array(d);
  for (const r of x) for (let i = 0; i < d; i++) mean[i] += r[i] / n;
  for (const r of x) for (let i = 0; i < d; i++) std[i] += (r[i] - mean[i]) ** 2 / n;
  for (let i = 0; i < d; i++) std[i] = std[i] > 1e-12 ? Math.sqrt(std[i]) : 1;
  const Z = new Float32Array(n * d);
  x.forEach((r, k) => Z.set(standardise({ mean, std }, r), k * d));
  return { n, d, mean, std, Z };
}

/**
 * Fits softmax regression to rows `x` (n x d) and classes `y` (0..classes-1) by full-batch Adam from zero
 * weights (so the fit is deterministic: no random initialisation, no shuffling), minimising mean
 * cross-entropy + l2 · Σ w². Inputs are standardised first. Defaults: 300 steps, learning rate 0.05,
 * l2 1e-3. Throws on empty data, mismatched lengths or rows of different lengths. Leaves no tensor behind.
 */
export async function trainLogistic(
  x: ArrayLike<number>[],
  y: number[],
  o: { classes: number; steps?: number; learningRate?: number; l2?: number },
): Promise<LinearModel> {
  const { n, d, mean, std, Z } = standardisedRows(x, y, 'trainLogistic');
  const l2 = o.l2 ?? 1e-3;
  const X = tf.tensor2d(Z, [n, d]);
  const Y = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), o.classes).toFloat());
  // tf.variable keeps its own copy: the zeros it starts from are freed here
  const [W, b] = tf.tidy(() => [tf.variable(tf.zeros([d, o.classes])), tf.variable(tf.zeros([o.classes]))]);
  const opt = tf.train.adam(o.learningRate ?? 0.05);
  try {
    for (let s = 0; s < (o.steps ?? 300); s++) {
      tf.tidy(() => {
        opt.minimize(() => tf.add(tf.losses.softmaxCrossEntropy(Y, tf.add(tf.matMul(X, W), b)), tf.mul(l2, tf.sum(tf.square(W)))) as tf.Scalar);
      });
    }
    return { mean, std, weights: (await W.data()) as Float32Array, bias: (await b.data()) as Float32Array, classes: o.classes, features: d };
  } finally {
    opt.dispose();
    tf.dispose([X, Y, W, b]);
  }
}

/** Logits of one row: b_c + Σ_i w_ic · z_i (z standardised). */
export function logisticLogits(m: LinearModel, row: ArrayLike<number>): Float32Array {
  const z = standardise(m, row);
  const out = Float32Array.from(m.bias);
  for (let i = 0; i < m.features; i++) for (let c = 0; c < m.classes; c++) out[c] += m.weights[i * m.classes + c] * z[i];
  return out;
}

/** Each feature's contribution w_ic · z_i to class c's logit for one row: they add up to logit_c − b_c exactly. */
export function logisticContributions(m: LinearModel, row: ArrayLike<number>, c: number): Float32Array {
  const z = standardise(m, row);
  const out = new Float32Array(m.features);
  for (let i = 0; i < m.features; i++) out[i] = m.weights[i * m.classes + c] * z[i];
  return out;
}

/**
 * Area-averages RGBA bytes (width x height) to size x size, grey (Rec. 601 luma) or colour (RGB), values
 * 0..1, pixel-major (colour: 3 values per pixel). The downsampled image is the linear model's input.
 */
export function downsample(rgba: ArrayLike<number>, width: number, height: number, size = 16, colour = false): Float32Array {
  const C = colour ? 3 : 1;
  const out = new Float32Array(size * size * C);
  const cnt = new Float32Array(size * size);
  for (let y = 0; y < height; y++) {
    const ty = Math.min(size - 1, Math.floor((y * size) / height));
    for (let x = 0; x < width; x++) {
      const tx = Math.min(size - 1, Math.floor((x * size) / width));
      const p = (y * width + x) * 4;
      const t = ty * size + tx;
      cnt[t]++;
      if (colour) for (let c = 0; c < 3; c++) out[t * 3 + c] += rgba[p + c] / 255;
      else out[t] += (0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2]) / 255;
    }
  }
  for (let t = 0; t < size * size; t++) for (let c = 0; c < C; c++) if (cnt[t] > 0) out[t * C + c] /= cnt[t];
  return out;
}
