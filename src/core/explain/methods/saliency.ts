// Vanilla gradient saliency — Simonyan, Vedaldi & Zisserman, "Deep Inside Convolutional Networks:
// Visualising Image Classification Models and Saliency Maps", ICLR workshop 2014.
//   w = dS_c / dx                                   (gradient of the pre-softmax class score)
//   M_ij = max_ch |w_{ij,ch}|   (paper)   or   sum_ch |w_{ij,ch}|
// This file also holds the batched input-gradient plumbing that the other gradient methods
// (Gradient x Input, SmoothGrad, Integrated Gradients) build on.

import * as tf from '@tensorflow/tfjs';
import { runModel } from '../../model/graph';
import { batchSizeOf, yieldToEventLoop } from '../batching';
import type { ExplainContext, ExplainMethod, ModelInfo } from '../types';
import { validateOptions } from '../types';

/** Gradient and perturbation methods only need an image-shaped input. */
export function imageInputCompatible(m: ModelInfo): boolean {
  return m.inputShape.length === 4 && m.inputShape[1] > 0 && m.inputShape[2] > 0;
}

export function checkTarget(ctx: ExplainContext, target: number): void {
  if (!Number.isInteger(target) || target < 0 || target >= ctx.info.classes) {
    throw new Error(`Target class ${target} does not exist: the model has ${ctx.info.classes} classes (0..${ctx.info.classes - 1})`);
  }
}

/**
 * d logit_target / dx for every input in the batch, and the logits themselves. Inputs of a batch do
 * not interact (inference mode), so the gradient of the summed score is the per-input gradient.
 * Call inside tf.tidy.
 */
export function logitGradients(model: tf.LayersModel, x: tf.Tensor4D, target: number): { grad: tf.Tensor4D; score: tf.Tensor1D } {
  const n = x.shape[0];
  // Non-scalar value: dy defaults to ones, i.e. the gradient of the summed scores.
  const { value, grad } = tf.valueAndGrad((inp: tf.Tensor4D) => {
    const out = runModel(model, inp, { logits: true }).output as tf.Tensor2D;
    return tf.reshape(tf.slice(out, [0, target], [n, 1]), [n]) as tf.Tensor1D;
  })(x);
  return { grad, score: value };
}

export interface GradientSumOptions {
  /** Number of inputs to differentiate at. */
  count: number;
  target: number;
  /**
   * Inputs [start, start + size) as x: [size, H, W, C], and an optional multiplier broadcastable to it
   * that each input's gradient is scaled by before summing. Called inside tf.tidy.
   */
  makeBatch: (start: number, size: number) => { x: tf.Tensor4D; weight?: tf.Tensor };
  stage: string;
}

export interface GradientSum {
  /** sum_i weight_i * grad_i, H*W*C row-major, accumulated in float64. */
  sum: Float64Array;
  /** Logit of the target at each input. */
  scores: Float32Array;
  done: number;
  cancelled: boolean;
}

/**
 * Sums weighted input gradients over `count` inputs in batches, reading each batch back (so progress
 * is reported, the event loop can deliver a cancel, and the sum is kept in float64). Stops after the
 * current batch when ctx.signal is aborted, returning what was done.
 */
export async function sumGradients(ctx: ExplainContext, input: tf.Tensor4D, o: GradientSumOptions): Promise<GradientSum> {
  const [, H, W, C] = input.shape;
  const bs = Math.max(1, batchSizeOf(ctx));
  const sum = new Float64Array(H * W * C);
  const scores = new Float32Array(o.count);
  let done = 0;
  while (done < o.count) {
    if (ctx.signal) await yieldToEventLoop();
    if (ctx.signal?.aborted) return { sum, scores, done, cancelled: true };
    const size = Math.min(bs, o.count - done);
    const start = done;
    const [contrib, sc] = tf.tidy(() => {
      const { x, weight } = o.makeBatch(start, size);
      const { grad, score } = logitGradients(ctx.model, x, o.target);
      const g = weight ? tf.mul(grad, weight) : grad;
      return [tf.sum(g, 0), score];
    });
    const [cv, sv] = await Promise.all([contrib.data(), sc.data()]);
    contrib.dispose();
    sc.dispose();
    for (let i = 0; i < cv.length; i++) sum[i] += cv[i];
    scores.set(sv, start);
    done += size;
    ctx.onProgress?.({ done, total: o.count, stage: o.stage });
  }
  return { sum, scores, done, cancelled: false };
}

/** Per-pixel reduction of an H*W*C array over channels. */
export function reduceChannels(v: ArrayLike<number>, H: number, W: number, C: number, how: 'sum' | 'sumAbs' | 'maxAbs'): Float32Array {
  const out = new Float32Array(H * W);
  for (let p = 0; p < H * W; p++) {
    let acc = 0;
    for (let c = 0; c < C; c++) {
      const g = v[p * C + c];
      if (how === 'sum') acc += g;
      else if (how === 'sumAbs') acc += Math.abs(g);
      else acc = Math.max(acc, Math.abs(g));
    }
    out[p] = acc;
  }
  return out;
}

/** Input values as a JS array (H*W*C) and their range. */
export async function inputValues(input: tf.Tensor4D): Promise<{ values: Float32Array; min: number; max: number }> {
  const values = (await input.data()) as Float32Array;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { values, min, max };
}

export interface SaliencyOptions {
  [key: string]: string;
  channels: 'max' | 'sum';
}

export const saliency: ExplainMethod<SaliencyOptions> = {
  id: 'saliency',
  label: 'Vanilla gradient',
  summary: 'Shows which pixels would change the class score most if they changed slightly.',
  about:
    'This is the simplest gradient map: for every pixel it asks "if this pixel got a little brighter or darker, how much would the score of the chosen class move?" ' +
    'Bright pixels are the ones the score is most sensitive to, whichever direction. ' +
    'It is sharp but often noisy and speckled, and sensitivity is not the same as importance: a pixel can matter a lot to the model and still have a small gradient.',
  kind: 'gradient',
  signed: false,
  defaultOptions: { channels: 'max' },
  options: [
    {
      key: 'channels',
      label: 'Colour channels',
      type: 'select',
      choices: [
        { value: 'max', label: 'Largest of the channels (Simonyan et al.)' },
        { value: 'sum', label: 'Sum of the channels' },
      ],
      help: 'How the gradient magnitudes of the red, green and blue values of a pixel are combined',
    },
  ],
  isCompatible: imageInputCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(saliency, raw);
    checkTarget(ctx, target);
    const [, H, W, C] = input.shape;
    ctx.onProgress?.({ done: 0, total: 1, stage: 'gradients' });
    const r = await sumGradients(ctx, input, { count: 1, target, makeBatch: () => ({ x: input }), stage: 'gradients' });
    const values = reduceChannels(r.sum, H, W, C, o.channels === 'max' ? 'maxAbs' : 'sumAbs');
    return { values, width: W, height: H, signed: false, meta: { method: 'saliency', target, channels: o.channels, logit: r.scores[0], cancelled: r.cancelled, done: r.done, total: 1 } };
  },
};
