// Occlusion — Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014.
// Slide a window over the image, replace what it covers with a fill, and record how much the class
// probability drops:
//   drop_w   = p_c(x) - p_c(x with window w filled)
//   map_ij   = mean of drop_w over the windows w that cover pixel (i, j)
// Positive values: hiding the pixel lowered the class probability; negative: hiding it raised it.
// This file also holds the reference images ("nothing here") shared with Integrated Gradients.

import * as tf from '@tensorflow/tfjs';
import { runModel } from '../../model/graph';
import { probabilitiesFromLogits } from '../../model/head';
import { batchedScores, batchSizeOf } from '../batching';
import { BatchBuffer } from '../compose';
import type { ExplainMethod } from '../types';
import { OptionError, validateOptions } from '../types';
import { checkTarget, imageInputCompatible } from './saliency';

/** Gaussian blur of each channel, renormalised at the border so edges do not darken. Call in tidy or dispose. */
export function gaussianBlur(x: tf.Tensor4D, sigma: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, H, W, C] = x.shape;
    const r = Math.max(1, Math.min(Math.ceil(3 * sigma), Math.max(H, W)));
    const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
    const s = k.reduce((a, b) => a + b, 0);
    const k1 = k.map((v) => v / s);
    const kx = tf.tile(tf.tensor4d(k1, [1, 2 * r + 1, 1, 1]), [1, 1, C, 1]) as tf.Tensor4D;
    const ky = tf.tile(tf.tensor4d(k1, [2 * r + 1, 1, 1, 1]), [1, 1, C, 1]) as tf.Tensor4D;
    const blur = (t: tf.Tensor4D) => tf.depthwiseConv2d(tf.depthwiseConv2d(t, kx, 1, 'same'), ky, 1, 'same');
    return tf.div(blur(x), blur(tf.onesLike(x))) as tf.Tensor4D;
  });
}

/** The fills referenceImage makes, as RISE and Score-CAM offer them (mean colour first: their default). */
export const MASK_FILL_CHOICES = [
  { value: 'mean', label: 'Average colour of the image' },
  { value: 'blur', label: 'Blurred image' },
  { value: 'zero', label: 'Zeros (black, as in the paper)' },
];

/**
 * A [1,H,W,C] image that carries (almost) no information about `x`: all zeros, the mean colour of
 * `x`, or a heavily blurred copy (σ = 1/8 of the longer side). The caller disposes it.
 */

export function referenceImage(x: tf.Tensor4D, kind: 'zero' | 'mean' | 'blur'): tf.Tensor4D {
  return tf.tidy(() => {
    if (kind === 'zero') return tf.zerosLike(x);
    if (kind === 'mean') return tf.mul(tf.onesLike(x), tf.mean(x, [1, 2], true)) as tf.Tensor4D;
    return gaussianBlur(x, Math.max(x.shape[1], x.shape[2]) / 8);
  });
}

/** Window start positions along one axis: every `stride`, plus one flush with the far edge. */
export function windowStarts(size: number, window: number, stride: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + window < size; s += stride) out.push(s);
  out.push(size - window);
  return out;
}

export interface OcclusionOptions {
  [key: string]: number | string;
  window: number;
  stride: number;
  fill: 'zero' | 'mean' | 'blur';
}

export const occlusion: ExplainMethod<OcclusionOptions> = {
  id: 'occlusion',
  label: 'Occlusion',
  summary: 'Covers the image one patch at a time and shows where hiding it lowers the class probability most.',
  about:
    'Occlusion is the most direct test there is: it hides a small square of the image, asks the model again, and notes how much less sure it became of the chosen class. ' +
    'It repeats this for squares all over the image. ' +
    'Red areas are where hiding the image hurt the prediction (the model relied on them); blue areas are where hiding it made the model more sure. ' +
    'The window size sets the scale of what it can find: objects smaller than the window blur together, and the map is only as sharp as the stride.',
  kind: 'perturbation',
  signed: true,
  defaultOptions: { window: 8, stride: 4, fill: 'mean' },
  options: [
    { key: 'window', label: 'Window size (pixels)', type: 'number', min: 1, max: 512, step: 1, integer: true, help: 'Side of the square that is hidden; larger than the input is clamped to the input' },
    { key: 'stride', label: 'Stride (pixels)', type: 'number', min: 1, max: 512, step: 1, integer: true, help: 'How far the window moves each time; at most the window size' },
    {
      key: 'fill',
      label: 'Fill with',
      type: 'select',
      choices: [
        { value: 'zero', label: 'Zeros (black)' },
        { value: 'mean', label: 'Average colour of the image' },
        { value: 'blur', label: 'Blurred image' },
      ],
    },
  ],
  isCompatible: imageInputCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(occlusion, raw);
    checkTarget(ctx, target);
    const [, H, W] = input.shape;
    const winY = Math.min(o.window, H);
    const winX = Math.min(o.window, W);
    if (o.stride > o.window) throw new OptionError(`${occlusion.label}: Stride (${o.stride}) must not exceed the window size (${o.window}), or some pixels would never be hidden`);
    const ys = windowStarts(H, winY, o.stride);
    const xs = windowStarts(W, winX, o.stride);
    const total = ys.length * xs.length;
    const [, , , C] = input.shape;
    const f = referenceImage(input, o.fill);
    const fill = (await f.data()) as Float32Array;
    f.dispose();
    const image = (await input.data()) as Float32Array;
    const p0 = tf.tidy(() => tf.slice(probabilitiesFromLogits(runModel(ctx.model, input, { logits: true }).output as tf.Tensor2D, ctx.info.head), [0, target], [1, 1]));
    const base = (await p0.data())[0];
    p0.dispose();
    const sum = new Float64Array(H * W);
    const cover = new Float64Array(H * W);
    // Each copy is the image with the window's rows overwritten by the fill, composed in JS (compose.ts).
    const batch = new BatchBuffer(H, W, C);
    const n = H * W * C;
    const rowLen = winX * C;
    ctx.onProgress?.({ done: 0, total, stage: 'occluding windows' });
    const r = await batchedScores(ctx.model, {
      count: total,
      target,
      output: 'probs',
      head: ctx.info.head,
      batchSize: batchSizeOf(ctx),
      signal: ctx.signal,
      makeBatch: (start, size) => {
        const out = batch.array(size);
        for (let b = 0; b < size; b++) {
          const w = start + b;
          const y0 = ys[Math.floor(w / xs.length)];
          const x0 = xs[w % xs.length];
          out.set(image, b * n);
          for (let y = y0; y < y0 + winY; y++) {
            const at = (y * W + x0) * C;
            out.set(fill.subarray(at, at + rowLen), b * n + at);
          }
        }
        return batch.tensor(out, size);
      },
      onBatch: (done) => ctx.onProgress?.({ done, total, stage: 'occluding windows' }),
    });
    for (let w = 0; w < r.done; w++) {
      const drop = base - r.scores[w];
      const y0 = ys[Math.floor(w / xs.length)];
      const x0 = xs[w % xs.length];
      for (let y = y0; y < y0 + winY; y++) {
        for (let x = x0; x < x0 + winX; x++) {
          sum[y * W + x] += drop;
          cover[y * W + x] += 1;
        }
      }
    }
    const values = new Float32Array(H * W);
    for (let i = 0; i < values.length; i++) values[i] = cover[i] > 0 ? sum[i] / cover[i] : 0;
    return {
      values,
      width: W,
      height: H,
      signed: true,
      meta: { method: 'occlusion', target, window: o.window, stride: o.stride, fill: o.fill, probability: base, cancelled: r.cancelled, done: r.done, total },
    };
  },
};
