// Occlusion — Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014.
// Slide a window over the image, replace what it covers with a fill, and record how much the class
// probability drops:
//   drop_w   = p_c(x) - p_c(x with window w filled)
//   map_ij   = mean of drop_w over the windows w that cover pixel (i, j)
// Positive values: hiding the pixel lowered the class probability; negative: hiding it raised it.
// The fill is the baseline chosen (../baselines.ts), in the model's input scale.
// Results: units 'probability-change'; checks f(x), evaluations used, saturation.

import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../../data/rng';
import { runModel } from '../../model/graph';
import { probabilitiesFromLogits } from '../../model/head';
import { baselineImage, baselineOptions, baselineRequest, type BaselineOptionValues } from '../baselines';
import { batchedScores, batchSizeOf, measuredScore } from '../batching';
import { BatchBuffer } from '../compose';
import { checkTarget, imageInputCompatible } from '../gradients';
import { ScoreRange } from '../perturb';
import { evaluationsCheck, figure, startRun } from '../result';
import type { ExplainMethod } from '../types';
import { OptionError, validateOptions } from '../types';
import { t } from '../../../shared/i18n';
import { methodText } from '../methodText';

/** Window start positions along one axis: every `stride`, plus one flush with the far edge. */
export function windowStarts(size: number, window: number, stride: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + window < size; s += stride) out.push(s);
  out.push(size - window);
  return out;
}

export interface OcclusionOptions extends BaselineOptionValues {
  [key: string]: number | string;
  window: number;
  stride: number;
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
  defaultOptions: { window: 8, stride: 4, baseline: 'mean', baselineColor: '#808080' },
  options: [
    { key: 'window', label: 'Window size (pixels)', type: 'number', min: 1, max: 512, step: 1, integer: true, help: 'Side of the square that is hidden; larger than the input is clamped to the input' },
    { key: 'stride', label: 'Stride (pixels)', type: 'number', min: 1, max: 512, step: 1, integer: true, help: 'How far the window moves each time; at most the window size' },
    ...baselineOptions(['mean', 'blur', 'black', 'noise', 'color'], 'Baseline (what hidden pixels become)', 'What the model sees in the hidden window; black can look like an object to some models. The noise is the same for every run'),
  ],
  isCompatible: imageInputCompatible,
  followsScoreChoice: true,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(occlusion, raw);
    checkTarget(ctx, target);
    const finish = startRun(ctx, occlusion.id, target, o);
    const [, H, W] = input.shape;
    const winY = Math.min(o.window, H);
    const winX = Math.min(o.window, W);
    if (o.stride > o.window) throw new OptionError(t('methods:optionErrors.stride', { method: methodText(occlusion, 'label'), stride: o.stride, window: o.window }));
    const ys = windowStarts(H, winY, o.stride);
    const xs = windowStarts(W, winX, o.stride);
    const total = ys.length * xs.length;
    const [, , , C] = input.shape;
    const fill = await baselineImage(ctx, input, baselineRequest(o, hashSeed(0, 0xba5e)));
    const image = (await input.data()) as Float32Array;
    const measured = measuredScore(ctx);
    const p0 = tf.tidy(() => {
      const logits = runModel(ctx.model, input, { logits: true }).output as tf.Tensor2D;
      return tf.slice(measured.output === 'logits' ? logits : probabilitiesFromLogits(logits, ctx.info.head), [0, target], [1, 1]);
    });
    const base = (await p0.data())[0];
    p0.dispose();
    const range = new ScoreRange(measured.score);
    range.add([base]);
    const sum = new Float64Array(H * W);
    const cover = new Float64Array(H * W);
    // Each copy is the image with the window's rows overwritten by the fill, composed in JS (compose.ts).
    const batch = new BatchBuffer(H, W, C);
    const n = H * W * C;
    const rowLen = winX * C;
    ctx.onProgress?.({ done: 0, total, stage: t('methods:checks.stages.windows') });
    const r = await batchedScores(ctx.model, {
      count: total,
      target,
      output: measured.output,
      head: ctx.info.head,
      batchSize: batchSizeOf(ctx),
      independent: true, // (pool) batches may be built ahead and spread over the pool
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
      onBatch: (done) => ctx.onProgress?.({ done, total, stage: t('methods:checks.stages.windows') }),
    });
    range.add(r.scores, 0, r.done);
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
      units: measured.changeUnits,
      checks: [measured.score === 'logit' ? figure('logit', t('methods:checks.figures.classLogit'), base) : figure('probability', t('methods:checks.figures.classProbability'), base, 'probability'), evaluationsCheck(r.done, total, 'windows', r.cancelled), range.check(o.baseline)],
      run: finish({ done: r.done, total, unit: 'windows' }, { cancelled: r.cancelled, batched: true, score: measured.score }),
    };
  },
};
