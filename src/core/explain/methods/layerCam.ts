// LayerCAM — Jiang, Zhang, Hou, Cheng & Wei, "LayerCAM: Exploring Hierarchical Class Activation Maps
// for Localization", IEEE Transactions on Image Processing 30, 2021.
//   w^{kc}_ij = ReLU(dy^c/dA^k_ij)
//   L^c       = ReLU( sum_k w^{kc} ⊙ A^k )      (then upsampled to the input size)
// Only positive gradients count, location by location, so shallower layers give usable maps too.

import * as tf from '@tensorflow/tfjs';
import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { activationsAndGrads, camCompatible, resolveCamLayer, upsampleToInput } from '../cam';
import { checkTarget } from './saliency';

export interface LayerCamOptions {
  [key: string]: string | null;
  layer: string | null;
}

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
  options: [{ key: 'layer', label: 'Target layer', type: 'layer', help: 'Defaults to the last convolutional layer; earlier layers give finer maps' }],
  isCompatible: camCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(layerCam, raw);
    checkTarget(ctx, target);
    const layer = resolveCamLayer(ctx, o.layer);
    const [, H, W] = input.shape;
    ctx.onProgress?.({ done: 0, total: 1, stage: 'gradients' });
    const map = tf.tidy(() => {
      const { A, G } = activationsAndGrads(ctx.model, input, layer, target);
      const cam = tf.relu(tf.sum(tf.mul(A, tf.relu(G)), 3)).squeeze([0]) as tf.Tensor2D;
      return upsampleToInput(cam, H, W);
    });
    const values = (await map.data()) as Float32Array;
    map.dispose();
    ctx.onProgress?.({ done: 1, total: 1 });
    return { values, width: W, height: H, signed: false, meta: { method: 'layercam', layer, target } };
  },
};
