// Grad-CAM — Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
// Localization", ICCV 2017.
//   alpha_k = mean_ij dy^c / dA^k_ij           (global-average-pooled gradients)
//   L^c     = ReLU( sum_k alpha_k A^k )        (then upsampled to the input size)
// y^c is the class score before softmax; A is the chosen layer's activation.

import * as tf from '@tensorflow/tfjs';
import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { CAM_LAYER_OPTION, camCompatible, gradientCam, type CamOptions } from '../cam';

export type GradCamOptions = CamOptions;

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
  options: [CAM_LAYER_OPTION],
  isCompatible: camCompatible,
  explain(ctx, input, target, raw) {
    const o = validateOptions(gradCam, raw);
    // alpha_k: gradients averaged over the layer's positions
    return gradientCam(ctx, input, target, o, gradCam.id, (A, G) => tf.sum(tf.mul(A, tf.mean(G, [1, 2], true)), 3).squeeze([0]) as tf.Tensor2D);
  },
};
