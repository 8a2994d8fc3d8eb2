// A MobileNet-shaped classifier whose outputs mean something, for the "until stable" proof (issue 15 §2) on
// a model of MobileNet's size: the benchmark's seeded random MobileNet-like backbone (src/bench/mobilenet.ts)
// with its dense softmax head FITTED on the backbone's pooled features of the synthetic tissue set (normal,
// lesion, cyst), the way a Teachable Machine model puts a trained head on a frozen MobileNet. With random
// weights everywhere the class scores barely move when regions are hidden, so every region is negligible
// and no budget ever settles; with a fitted head the scores follow the image, as a real model's do.
//
// A random backbone's activations vanish block by block (3x3 depthwise kernels drawn with a fan-in of 9·C
// shrink the signal ~C-fold each time; by the pooled features nothing of the image is left), so before the
// head is fitted every batch-norm layer's moving mean and variance are set, in order, to the statistics of
// its input over the training images: the data-dependent initialisation of Mishkin & Matas ("All you need
// is a good init", ICLR 2016, LSUV), done with batch norm's own statistics as a trained network has them.
//
// The head is softmax regression (src/core/baselines/logistic.ts: standardised features, full-batch Adam
// from zero weights, deterministic) folded into the classifier layer: for standardised z = (f - mean) / std,
// logit_c = b_c + Σ_i w_ic z_i = (b_c - Σ_i w_ic mean_i / std_i) + Σ_i (w_ic / std_i) f_i.

import * as tf from '@tensorflow/tfjs';
import { mobileNetLike, mobileNetLikeMetadata } from './mobilenet';
import { trainLogistic, type LinearModel } from '../core/baselines/logistic';
import { SPLIT_SEEDS, SYNTHETIC_LABELS, syntheticSample } from '../core/data/synthetic';
import { LoadedModel } from '../core/model/loaded';
import type { RgbaImage } from '../shared/types';

export interface TrainedHeadOptions {
  /** Input side in pixels (default 224). */
  inputSize?: number;
  /** Training images per class from the synthetic set's train split (default 40). */
  perClass?: number;
  /** Held-out images per class (test split) for the accuracy (default 20). */
  testPerClass?: number;
  /** Backbone seed (default mobileNetLike's). */
  seed?: number;
}

/** Pooled backbone features (n x d) of `images`, in batches of 16. Leaves no tensor behind. */
async function pooledFeatures(lm: LoadedModel, extractor: tf.LayersModel, images: RgbaImage[]): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  for (let s = 0; s < images.length; s += 16) {
    const f = tf.tidy(() => {
      const x = tf.concat(images.slice(s, s + 16).map((img) => lm.inputTensor(img)));
      return extractor.predict(x) as tf.Tensor2D;
    });
    const [n, d] = f.shape;
    const v = (await f.data()) as Float32Array;
    f.dispose();
    for (let i = 0; i < n; i++) rows.push(v.slice(i * d, (i + 1) * d));
  }
  return rows;
}

/**
 * Sets each batch-norm layer's moving mean and variance (per channel, over batch and space) to those of its
 * input on `x`, first layer first, so every block passes on unit-scale activations. Leaves no tensor behind.
 */
export function calibrateBatchNorm(model: tf.LayersModel, x: tf.Tensor4D): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const probe = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor });
    tf.tidy(() => {
      const { mean, variance } = tf.moments(probe.predict(x) as tf.Tensor4D, [0, 1, 2]);
      const [gamma, beta] = layer.getWeights();
      layer.setWeights([gamma, beta, mean, variance]);
    });
  }
}

/** Writes the standardised linear model into the dense classifier (kernel [d, classes], bias [classes]). */
export function foldHead(model: tf.LayersModel, head: LinearModel): void {
  const { features: d, classes: k } = head;
  const kernel = new Float32Array(d * k);
  const bias = Float32Array.from(head.bias);
  for (let i = 0; i < d; i++) {
    for (let c = 0; c < k; c++) {
      const w = head.weights[i * k + c] / head.std[i];
      kernel[i * k + c] = w;
      bias[c] -= w * head.mean[i];
    }
  }
  const kt = tf.tensor2d(kernel, [d, k]);
  const bt = tf.tensor1d(bias);
  model.getLayer('classifier').setWeights([kt, bt]);
  kt.dispose();
  bt.dispose();
}

/**
 * Builds the MobileNet-shaped model (alpha 0.25, 3 classes: SYNTHETIC_LABELS), calibrates its batch norm and fits its head on
 * `perClass` synthetic training images per class at `inputSize` px. Returns the model (the caller disposes
 * it), its accuracy on `testPerClass` held-out images per class (0..1) and the fit's time in ms.
 * Deterministic for a seed (seeded backbone, head from zeros). Throws only if tfjs does.
 */
export async function mobileNetWithTrainedHead(o: TrainedHeadOptions = {}): Promise<{ model: LoadedModel; testAccuracy: number; fitMs: number }> {
  const inputSize = o.inputSize ?? 224;
  const perClass = o.perClass ?? 40;
  const testPerClass = o.testPerClass ?? 20;
  const classes = SYNTHETIC_LABELS.length;
  const shape = { inputSize, classes, ...(o.seed !== undefined ? { seed: o.seed } : {}) };
  const meta = mobileNetLikeMetadata(shape);
  const lm = new LoadedModel(mobileNetLike(shape), {
    ...meta,
    name: `MobileNet-shaped (alpha 0.25, ${inputSize} px, random backbone, fitted head)`,
    labels: [...SYNTHETIC_LABELS],
    description: 'Benchmark-only: a random seeded MobileNet-like backbone with a softmax head fitted on the synthetic tissue set.',
  });
  const t0 = performance.now();
  const extractor = tf.model({ inputs: lm.model.inputs, outputs: lm.model.getLayer('gap').output as tf.SymbolicTensor });
  const train = Array.from({ length: perClass * classes }, (_, i) => syntheticSample(SPLIT_SEEDS.train, i, { size: inputSize }));
  // Batch-norm statistics from the first 8 training images of each class.
  const calib = tf.tidy(() => tf.concat(train.slice(0, 8 * classes).map((s) => lm.inputTensor(s.image))));
  calibrateBatchNorm(lm.model, calib);
  calib.dispose();
  const x = await pooledFeatures(lm, extractor, train.map((s) => s.image));
  const head = await trainLogistic(x, train.map((s) => s.label), { classes, steps: 300, learningRate: 0.05, l2: 1e-3 });
  foldHead(lm.model, head);
  const fitMs = performance.now() - t0;
  const test = Array.from({ length: testPerClass * classes }, (_, i) => syntheticSample(SPLIT_SEEDS.test, i, { size: inputSize }));
  let right = 0;
  for (const s of test) {
    const xt = lm.inputTensor(s.image);
    const p = await lm.probabilities(xt);
    xt.dispose();
    if (p.indexOf(Math.max(...p)) === s.label) right++;
  }
  return { model: lm, testAccuracy: right / test.length, fitMs };
}
