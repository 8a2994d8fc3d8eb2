// HiResCAM — Draelos & Carin, "Use HiResCAM instead of Grad-CAM for faithful explanations of
// convolutional neural networks", 2020 (arXiv:2011.08891).
//   L^c = ReLU( sum_k (dy^c/dA^k ⊙ A^k) )      (element-wise, no spatial averaging of the gradient;
//                                                then upsampled to the input size)
// For a network ending in global average pooling + a linear layer, this equals the class score's
// decomposition over the layer's locations (up to the ReLU and a constant factor).

import * as tf from '@tensorflow/tfjs';
import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { CAM_LAYER_OPTION, camCompatible, gradientCam, type CamOptions } from '../cam';

export type HiResCamOptions = CamOptions;

export const hiResCam: ExplainMethod<HiResCamOptions> = {
  id: 'hirescam',
  label: 'HiResCAM',
  summary: 'Multiplies each feature by its own gradient at each location, so the map shows exactly where the layer added to the class score.',
  about:
    'HiResCAM works on the last convolutional layer like Grad-CAM, but instead of giving each channel a single weight for the whole image, ' +
    'it multiplies the channel at every location by the gradient at that same location. ' +
    'The result is provably faithful for models that end in average pooling and a linear layer: bright areas are exactly the locations that raised the class score. ' +
    'Its resolution is that of the chosen layer.',
  kind: 'cam',
  signed: false,
  defaultOptions: { layer: null },
  options: [CAM_LAYER_OPTION],
  isCompatible: camCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(hiResCam, raw);
    return gradientCam(ctx, input, target, o, hiResCam.id, (A, G) => tf.sum(tf.mul(A, G), 3).squeeze([0]) as tf.Tensor2D);
  },
};
