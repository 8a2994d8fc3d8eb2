// Gradients of the class logit with respect to the input, shared by the gradient methods (vanilla
// gradient, Gradient x Input, SmoothGrad, Integrated Gradients) and the target check every method makes.
//   g = d logit_c / dx   for a batch of inputs x, summed with weights in float64, read back per batch.
// The logit is the class score before the output head (softmax/sigmoid), as in Simonyan et al. 2014 and
// Sundararajan et al. 2017.

import * as tf from '@tensorflow/tfjs';
import { runModel } from '../model/graph';
import { batchSizeOf, yieldToEventLoop } from './batching';
import type { ExplainContext, ModelInfo } from './types';
import { poolFor, spreadBatches, type BatchResult, type BatchTask, type GradientsTask } from './spread';

/** Gradient and perturbation methods only need an image-shaped input. */
export function imageInputCompatible(m: ModelInfo): boolean {
  return m.inputShape.length === 4 && m.inputShape[1] > 0 && m.inputShape[2] > 0;
}

/**
 * Refuses a class the model does not have: `target` must be a whole number in 0..classes-1. Every method
 * calls it before any work. Throws an Error naming the classes there are.
 */
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
  const pool = poolFor(ctx.model);
  // (pool) One batch is not worth shipping (saliency, Gradient x Input).
  if (pool && o.count > bs) {
    const r = await spreadBatches({
      count: o.count,
      batchSize: bs,
      signal: ctx.signal,
      pool,
      yieldNow: yieldToEventLoop,
      build: (start, size): GradientsTask => {
        let task: GradientsTask | null = null;
        // Read inside the tidy: what makeBatch made is freed, a tensor it merely returned (the input) is not.
        tf.tidy(() => {
          const { x, weight } = o.makeBatch(start, size);
          // Copies: a backend may hand back the array a tensor was made from (a method's reused buffer).
          task = { kind: 'gradients', x: Float32Array.from(x.dataSync() as Float32Array), shape: x.shape, target: o.target };
          if (weight) {
            task.weight = Float32Array.from(weight.dataSync() as Float32Array);
            task.weightShape = weight.shape;
          }
        });
        return task!;
      },
      local: (task) => gradientsOf(ctx.model, task),
      deliver: (start, size, res) => {
        const cv = res.sum!;
        for (let i = 0; i < cv.length; i++) sum[i] += cv[i];
        scores.set(res.scores, start);
        ctx.onProgress?.({ done: start + size, total: o.count, stage: o.stage });
      },
    });
    return { sum, scores, done: r.done, cancelled: r.cancelled };
  }
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

/**
 * Evaluates one shipped gradient batch (spread.ts GradientsTask) on `model`: sum over the batch of
 * weight * d logit_target / dx (H*W*C) and each input's logit. What a pool helper runs, and what the
 * primary runs for a batch a helper failed; the same ops as sumGradients' own loop.
 */
export async function gradientsOf(model: tf.LayersModel, task: BatchTask): Promise<BatchResult> {
  if (task.kind !== 'gradients') throw new Error(`gradientsOf: a ${task.kind} task`);
  const [contrib, sc] = tf.tidy(() => {
    const x = tf.tensor4d(task.x, task.shape);
    const { grad, score } = logitGradients(model, x, task.target);
    const g = task.weight ? tf.mul(grad, tf.tensor(task.weight, task.weightShape)) : grad;
    return [tf.sum(g, 0), score];
  });
  const [cv, sv] = await Promise.all([contrib.data(), sc.data()]);
  contrib.dispose();
  sc.dispose();
  return { sum: Float32Array.from(cv as Float32Array), scores: Float32Array.from(sv as Float32Array) };
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
