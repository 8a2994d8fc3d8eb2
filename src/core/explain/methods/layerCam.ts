// LayerCAM — Jiang, Zhang, Hou, Cheng & Wei, "LayerCAM: Exploring Hierarchical Class Activation Maps
// for Localization", IEEE Transactions on Image Processing 30, 2021.
//   w^{kc}_ij = ReLU(dy^c/dA^k_ij)
//   L^c       = ReLU( sum_k w^{kc} ⊙ A^k )      (then upsampled to the input size)
// Only positive gradients count, location by location, so shallower layers give usable maps too.

import * as tf from '@tensorflow/tfjs';
import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { CAM_LAYER_OPTION, camCompatible, gradientCam, type CamOptions } from '../cam';

export type LayerCamOptions = CamOptions;

export const layerCam: ExplainMethod<LayerCamOptions> = {
  id: 'layercam',
  label: 'LayerCAM',
  summary: 'Keeps only the features that pushed the class score up, location by location, which also works on earlier, finer layers.',
  about:
    'LayerCAM weighs every channel of a convolutional layer at every location by how much it pushed the chosen class up there, ignoring locations where it pushed it down. ' +
    'Because it does not average the weights over the image, it also gives sensible maps on earlier layers, which are finer-grained: ' +
    'pick an earlier layer for more detail, the last one for the most class-specific view. Bright areas are where evidence for the class was found.',
  kind: 'cam',
  signed: false,
  defaultOptions: { layer: null },
  options: [{ ...CAM_LAYER_OPTION, help: 'Defaults to the last convolutional layer; earlier layers give finer maps' }],
  isCompatible: camCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(layerCam, raw);
    return gradientCam(ctx, input, target, o, layerCam.id, (A, G) => tf.sum(tf.mul(A, tf.relu(G)), 3).squeeze([0]) as tf.Tensor2D);
  },
};
