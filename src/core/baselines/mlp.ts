// A small multilayer perceptron beside the CNN (issue 17 "Models that explain themselves"): one hidden
// layer of ReLU units on the same standardised inputs as the logistic regression. It sits between the
// linear model (readable weights) and the CNN (convolutions): how much does one hidden layer buy?
// Trained with tfjs; used afterwards in plain TypeScript (a forward pass of 256 x 32 weights needs no
// tensors), so explaining an image cannot leak a tensor.

import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../data/rng';
import { standardise, standardisedRows } from './logistic';

export interface MlpModel {
  /** Per-feature mean and standard deviation of the training rows (std 1 where a feature is constant). */
  mean: Float32Array;
  std: Float32Array;
  /** Input-major first layer: w1[i * hidden + h]. */
  w1: Float32Array;
  b1: Float32Array;
  /** Hidden-major output layer: w2[h * classes + c]. */
  w2: Float32Array;
  b2: Float32Array;
  features: number;
  hidden: number;
  classes: number;
}

export interface MlpOptions {
  classes: number;
  /** Hidden ReLU units (default 32). */
  hidden?: number;
  /** Full-batch Adam steps (default 300). */
  steps?: number;
  /** Adam's learning rate (default 0.01). */
  learningRate?: number;
  /** L2 penalty on both weight matrices (default 1e-3). */
  l2?: number;
  /** Seeds the initial weights (default 1). */
  seed?: number;
}

/** Glorot-uniform initial weights from a seeded mulberry32 stream: the same seed gives the same numbers on every backend. */
function glorot(fanIn: number, fanOut: number, rng: () => number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (rng() * 2 - 1) * limit;
  return w;
}

/**
 * Fits a one-hidden-layer ReLU network (d → hidden → classes, softmax) to rows `x` (n x d) and classes `y`
 * (0..classes-1): inputs standardised with the training rows' mean and std, Glorot-uniform weights from
 * `seed`, zero biases, full-batch Adam on mean cross-entropy + l2 · (Σ w1² + Σ w2²). Full batch and a
 * seeded start make it deterministic: the same data and seed give the same weights. Throws on empty data,
 * mismatched lengths or rows of different lengths. Leaves no tensor behind.
 */
export async function trainMlp(x: ArrayLike<number>[], y: number[], o: MlpOptions): Promise<MlpModel> {
  const { n, d, mean, std, Z } = standardisedRows(x, y, 'trainMlp');
  const hidden = o.hidden ?? 32;
  const classes = o.classes;
  const rng = mulberry32(o.seed ?? 1);
  const w1Init = glorot(d, hidden, rng);
  const w2Init = glorot(hidden, classes, rng);
  const l2 = o.l2 ?? 1e-3;
  const X = tf.tensor2d(Z, [n, d]);
  const Y = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), classes).toFloat());
  const [W1, B1, W2, B2] = tf.tidy(() => [
    tf.variable(tf.tensor2d(w1Init, [d, hidden])),
    tf.variable(tf.zeros([hidden])),
    tf.variable(tf.tensor2d(w2Init, [hidden, classes])),
    tf.variable(tf.zeros([classes])),
  ]);
  const opt = tf.train.adam(o.learningRate ?? 0.01);
  try {
    for (let s = 0; s < (o.steps ?? 300); s++) {
      tf.tidy(() => {
        opt.minimize(() => {
          const h = tf.relu(tf.add(tf.matMul(X, W1), B1));
          const logits = tf.add(tf.matMul(h, W2), B2);
          const penalty = tf.mul(l2, tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(W2))));
          return tf.add(tf.losses.softmaxCrossEntropy(Y, logits), penalty) as tf.Scalar;
        });
      });
    }
    const [w1, b1, w2, b2] = (await Promise.all([W1.data(), B1.data(), W2.data(), B2.data()])) as Float32Array[];
    return { mean, std, w1, b1, w2, b2, features: d, hidden, classes };
  } finally {
    opt.dispose();
    tf.dispose([X, Y, W1, B1, W2, B2]);
  }
}

/** The hidden layer's pre-activations of a standardised row. */
function hiddenOf(m: MlpModel, z: Float32Array): Float32Array {
  const a = Float32Array.from(m.b1);
  for (let i = 0; i < m.features; i++) {
    const zi = z[i];
    if (zi === 0) continue;
    for (let h = 0; h < m.hidden; h++) a[h] += zi * m.w1[i * m.hidden + h];
  }
  return a;
}

/** Class logits of one raw row (standardised with the model's statistics), in plain TypeScript. */
export function mlpLogits(m: MlpModel, row: ArrayLike<number>): Float32Array {
  const a = hiddenOf(m, standardise(m, row));
  const out = Float32Array.from(m.b2);
  for (let h = 0; h < m.hidden; h++) {
    if (a[h] <= 0) continue;
    for (let c = 0; c < m.classes; c++) out[c] += a[h] * m.w2[h * m.classes + c];
  }
  return out;
}

/**
 * Gradient × input (Shrikumar et al. 2016; Ancona et al. 2018) of class `c`'s logit for one raw row, in the
 * standardised input space: z_i · ∂logit_c/∂z_i, where the gradient of a ReLU network is exact and
 * piecewise constant: ∂logit_c/∂z_i = Σ_h w1[i,h] · [a_h > 0] · w2[h,c]. Output: one value per feature.
 */
export function mlpGradientTimesInput(m: MlpModel, row: ArrayLike<number>, c: number): Float32Array {
  const z = standardise(m, row);
  const a = hiddenOf(m, z);
  const back = new Float32Array(m.hidden);
  for (let h = 0; h < m.hidden; h++) back[h] = a[h] > 0 ? m.w2[h * m.classes + c] : 0;
  const out = new Float32Array(m.features);
  for (let i = 0; i < m.features; i++) {
    let g = 0;
    for (let h = 0; h < m.hidden; h++) g += m.w1[i * m.hidden + h] * back[h];
    out[i] = g * z[i];
  }
  return out;
}

/** Softmax of logits (numerically stable). */
export function softmax(logits: ArrayLike<number>): number[] {
  let m = -Infinity;
  for (let i = 0; i < logits.length; i++) m = Math.max(m, logits[i]);
  const e = Array.from(logits, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
