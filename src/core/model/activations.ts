// What a layer computes for one image (issue 17 "The model's insides"): its feature maps with each
// channel's Grad-CAM weight for a class, and the first convolution's filters as RGB patches (as CNN
// Explainer and Zeiler & Fergus 2014 show them).

import * as tf from '@tensorflow/tfjs';
import type { FilterPatches, LayerActivations } from '../../shared/modelGraph';
import { hasLayer, runModel, walkLayers } from './graph';
import { activationsAndGrads } from '../explain/cam';

/**
 * The output of `layer` (a path, as walkLayers names it) for input `x` [1, H, W, C], channel by channel,
 * sorted by mean activation, with each channel's Grad-CAM weight α_c = mean over positions of
 * d(logit_target)/dA_c when `target` is given (Selvaraju et al. 2017).
 *
 * Output: maps channel-major, height x width per channel (1 x 1 for a rank-2 layer output).
 * Throws an Error naming the layer when the model has no such layer or its output is not rank 2 or 4.
 * Leaves no tensor behind.
 */
export async function layerActivations(model: tf.LayersModel, x: tf.Tensor4D, layer: string, target: number | null = null): Promise<LayerActivations> {
  if (!hasLayer(model, layer)) throw new Error(`The model has no layer "${layer}"`);
  let A: tf.Tensor;
  let G: tf.Tensor | null = null;
  if (target === null) A = tf.tidy(() => runModel(model, x, { capture: [layer] }).captured.get(layer)!);
  else {
    const r = tf.tidy(() => activationsAndGrads(model, x, layer, target));
    A = r.A;
    G = r.G;
  }
  try {
    if (A.rank !== 4 && A.rank !== 2) throw new Error(`Layer "${layer}" gives a rank-${A.rank} output; only feature maps (rank 4) and vectors (rank 2) can be shown`);
    const [height, width, channels] = (A.rank === 4 ? A.shape.slice(1) : [1, 1, A.shape[1]]) as [number, number, number];
    const hw = height * width;
    const a = (await A.data()) as Float32Array; // position-major: [h, w, c]
    const g = G ? ((await G.data()) as Float32Array) : null;
    const maps = new Float32Array(channels * hw);
    const summary = [];
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      let max = -Infinity;
      let gsum = 0;
      for (let p = 0; p < hw; p++) {
        const v = a[p * channels + c];
        maps[c * hw + p] = v;
        sum += v;
        if (v > max) max = v;
        if (g) gsum += g[p * channels + c];
      }
      summary.push({ channel: c, mean: sum / hw, max, weight: g ? gsum / hw : null });
    }
    summary.sort((p, q) => q.mean - p.mean || p.channel - q.channel);
    return { layer, height, width, channels, maps, summary, target };
  } finally {
    A.dispose();
    G?.dispose();
  }
}

/**
 * The filters of the model's first convolution (Conv2D) as RGB patches: each weight w of filter f is drawn
 * as 128 + 127·w / max|w_f| (per filter, so 128 grey is zero, 255 the filter's strongest positive weight,
 * 1 its strongest negative). A one-channel input is drawn grey; more than three input channels show the
 * first three. Returns null when the model has no Conv2D.
 */
export function firstConvFilters(model: tf.LayersModel): FilterPatches | null {
  const first = walkLayers(model).find(({ layer }) => layer.getClassName() === 'Conv2D');
  if (!first) return null;
  const kernel = first.layer.getWeights()[0]; // [kh, kw, cin, filters]; owned by the layer
  const [kh, kw, cin, count] = kernel.shape as number[];
  const k = kernel.dataSync() as Float32Array;
  const rgba = new Uint8ClampedArray(count * kh * kw * 4);
  for (let f = 0; f < count; f++) {
    let m = 0;
    for (let i = 0; i < kh * kw * cin; i++) m = Math.max(m, Math.abs(k[i * count + f]));
    for (let p = 0; p < kh * kw; p++) {
      const o = (f * kh * kw + p) * 4;
      for (let ch = 0; ch < 3; ch++) {
        const w = k[(p * cin + Math.min(ch, cin - 1)) * count + f];
        rgba[o + ch] = Math.round(128 + (m > 0 ? (127 * w) / m : 0));
      }
      rgba[o + 3] = 255;
    }
  }
  return { layer: first.path, height: kh, width: kw, rgba, count };
}
