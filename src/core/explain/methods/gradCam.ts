// Grad-CAM — Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
// Localization", ICCV 2017.
//   alpha_k = mean_ij dy^c / dA^k_ij           (global-average-pooled gradients)
//   L^c     = ReLU( sum_k alpha_k A^k )        (then upsampled to the input size)
// y^c is the class score before softmax; A is the chosen layer's activation.

import * as tf from '@tensorflow/tfjs';
import type { ExplainMethod } from '../types';
import { activationsAndGrads, camCompatible, resolveCamLayer, upsampleToInput } from '../cam';
import { checkTarget } from './saliency';

export interface GradCamOptions {
  [key: string]: string | null;
  layer: string | null;
}

export const gradCam: ExplainMethod<GradCamOptions> = {
  id: 'gradcam',
  label: 'Grad-CAM',
  summary: 'Highlights the regions whose features pushed the chosen class score up.',
  about:
    'Grad-CAM looks at the last convolutional layer, where each channel has learned to respond to some visual pattern. ' +
    'It asks how much raising each channel would raise the score of the chosen class, weights the channels by that, and adds them up. ' +
    'Bright areas are where the model found evidence for the class; the map is coarse (the size of that layer), so it shows where, not exactly which pixels.',
  kind: 'cam',
  signed: false,
  defaultOptions: { layer: null },
  options: [{ key: 'layer', label: 'Target layer', type: 'layer', help: 'Defaults to the last convolutional layer with spatial size > 1' }],
  isCompatible: camCompatible,
  async explain(ctx, input, target, o) {
    checkTarget(ctx, target);
    const layer = resolveCamLayer(ctx, o.layer);
    const [, H, W] = input.shape;
    ctx.onProgress?.({ done: 0, total: 1, stage: 'gradients' });
    const map = tf.tidy(() => {
      const { A, G } = activationsAndGrads(ctx.model, input, layer, target);
      const alpha = tf.mean(G, [1, 2], true); // [1,1,1,K]
      const cam = tf.relu(tf.sum(tf.mul(A, alpha), 3)).squeeze([0]) as tf.Tensor2D;
      return upsampleToInput(cam, H, W);
    });
    const values = (await map.data()) as Float32Array;
    map.dispose();
    ctx.onProgress?.({ done: 1, total: 1 });
    return { values, width: W, height: H, signed: false, meta: { method: 'gradcam', layer, target } };
  },
};
