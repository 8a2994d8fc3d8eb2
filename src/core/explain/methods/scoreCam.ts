// Score-CAM — Wang, Wang, Du, Yang, Zhang, Ding, Mardziel & Hu, "Score-CAM: Score-Weighted Visual
// Explanations for Convolutional Neural Networks", CVPR workshops 2020.
//   H^k   = s(Up(A^k)),   s(M) = (M - min M) / (max M - min M)   (each channel as a [0,1] mask)
//   w^c_k = softmax(f(x ⊙ H^k + r ⊙ (1 - H^k)))_c                 (class probability; no gradients)
//   L^c   = ReLU( sum_k w^c_k A^k )                               (then upsampled to the input size)
// The paper (and its code) fills the masked-out part with zeros (r = 0, black for a [0, 1] model; the
// baseline 'black' is black in any input scale, ../baselines.ts). That puts the image on a black
// background the model never saw: on the demo model every such copy is called "cyst" with p(lesion)
// ~ 1e-25 and the pointing game falls to 0/100. Filling with the image's mean colour (the default) or
// a blurred copy keeps the copies in distribution (100/100); 'black' stays available as the paper's
// setting. One forward pass per channel, batched; constant channels give no mask and get weight 0.
// Results: units 'activation-x-probability'; checks evaluations used and saturation.

import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../../data/rng';
import { runModel } from '../../model/graph';
import { baselineOptions, baselineRequest, baselineTensor, type BaselineOptionValues } from '../baselines';
import { batchedScores, batchSizeOf } from '../batching';
import { CAM_LAYER_OPTION, camCompatible, resolveCamLayer, upsampleToInput } from '../cam';
import { checkTarget } from '../gradients';
import { ScoreRange } from '../perturb';
import { evaluationsCheck, startRun } from '../result';
import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { t } from '../../../shared/i18n';

export interface ScoreCamOptions extends BaselineOptionValues {
  [key: string]: string | null;
  layer: string | null;
}

export const scoreCam: ExplainMethod<ScoreCamOptions> = {
  id: 'scorecam',
  label: 'Score-CAM',
  summary: 'Uses each feature map of a layer as a mask on the image and weighs it by how sure the model stays of the class when it only sees that part.',
  about:
    'Score-CAM does not use gradients. It takes each channel of a convolutional layer (each one lights up on some pattern), turns it into a soft mask, ' +
    'shows the model only the part of the image under that mask (the rest is replaced by a plain fill), and records how sure the model then is of the chosen class. ' +
    'Channels whose region alone convinces the model count most. Bright areas are what, on its own, made the model choose the class. ' +
    'It needs one model run per channel, so it is slower than Grad-CAM.',
  kind: 'cam',
  signed: false,
  defaultOptions: { layer: null, baseline: 'mean', baselineColor: '#808080' },
  options: [
    CAM_LAYER_OPTION,
    ...baselineOptions(['mean', 'blur', 'black', 'noise', 'color'], 'Baseline (what hidden parts become)', 'What the model sees outside each mask; black can look like an object to some models. The noise is the same for every run'),
  ],
  isCompatible: camCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(scoreCam, raw);
    checkTarget(ctx, target);
    const layer = resolveCamLayer(ctx, o.layer);
    const finish = startRun(ctx, scoreCam.id, target, o);
    const [, H, W] = input.shape;
    const fill = await baselineTensor(ctx, input, baselineRequest(o, hashSeed(0, 0xba5e)));
    const A = tf.tidy(() => runModel(ctx.model, input, { capture: [layer] }).captured.get(layer) as tf.Tensor4D);
    // x ⊙ M + r ⊙ (1 − M) = r + (x − r) ⊙ M: two broadcast ops per batch instead of four.
    const diff = tf.sub(input, fill);
    try {
      const [, h, w, K] = A.shape;
      const [mn, mx] = tf.tidy(() => [tf.min(A, [0, 1, 2]), tf.max(A, [0, 1, 2])]);
      const lo = (await mn.data()) as Float32Array;
      const hi = (await mx.data()) as Float32Array;
      mn.dispose();
      mx.dispose();
      ctx.onProgress?.({ done: 0, total: K, stage: t('methods:checks.stages.masked') });
      const r = await batchedScores(ctx.model, {
        count: K,
        target,
        output: 'probs',
        head: ctx.info.head,
        batchSize: batchSizeOf(ctx),
        independent: true, // (pool) batches may be built ahead and spread over the pool
        signal: ctx.signal,
        makeBatch: (start, size) => {
          const a = tf.transpose(tf.slice(A, [0, 0, 0, start], [1, h, w, size]), [3, 1, 2, 0]) as tf.Tensor4D;
          const up = tf.image.resizeBilinear(a, [H, W], false, true);
          const low = tf.tensor4d(Array.from(lo.subarray(start, start + size)), [size, 1, 1, 1]);
          const span = Array.from(hi.subarray(start, start + size), (v, i) => v - lo[start + i]);
          // 1/span for real masks, 0 for constant channels (their mask is empty).
          const inv = tf.tensor4d(span.map((s) => (s > 0 ? 1 / s : 0)), [size, 1, 1, 1]);
          const masks = tf.clipByValue(tf.mul(tf.sub(up, low), inv), 0, 1);
          return tf.add(fill, tf.mul(diff, masks)) as tf.Tensor4D;
        },
        onBatch: (done) => ctx.onProgress?.({ done, total: K, stage: t('methods:checks.stages.masked') }),
      });
      const weights = new Float32Array(K);
      for (let k = 0; k < r.done; k++) weights[k] = hi[k] - lo[k] > 0 ? r.scores[k] : 0;
      const map = tf.tidy(() => {
        const cam = tf.relu(tf.sum(tf.mul(A, tf.tensor4d(weights, [1, 1, 1, K])), 3)).squeeze([0]) as tf.Tensor2D;
        return upsampleToInput(cam, H, W);
      });
      const values = (await map.data()) as Float32Array;
      map.dispose();
      const range = new ScoreRange();
      range.add(r.scores, 0, r.done);
      return {
        values,
        width: W,
        height: H,
        signed: false,
        units: 'activation-x-probability',
        checks: [evaluationsCheck(r.done, K, 'masked', r.cancelled), range.check(o.baseline)],
        run: finish({ done: r.done, total: K, unit: 'masked copies' }, { cancelled: r.cancelled, batched: true, layer }),
      };
    } finally {
      A.dispose();
      fill.dispose();
      diff.dispose();
    }
  },
};
