// Grad-CAM++ — Chattopadhay, Sarkar, Howlader & Balasubramanian, "Grad-CAM++: Generalized Gradient-based
// Visual Explanations for Deep Convolutional Networks", WACV 2018.
//   g = dy^c/dA^k (y^c: pre-softmax score; the closed form assumes S^c = exp(y^c))
//   α^{kc}_ij = g_ij² / (2 g_ij² + sum_ab A^k_ab g_ij³)
//   w^c_k     = sum_ij α^{kc}_ij ReLU(g_ij)
//   L^c       = ReLU( sum_k w^c_k A^k )        (then upsampled to the input size)

import * as tf from '@tensorflow/tfjs';
import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { activationsAndGrads, camCompatible, resolveCamLayer, upsampleToInput } from '../cam';
import { checkTarget } from './saliency';

export interface GradCamPlusPlusOptions {
  [key: string]: string | null;
  layer: string | null;
}

export const gradCamPlusPlus: ExplainMethod<GradCamPlusPlusOptions> = {
  id: 'gradcampp',
  label: 'Grad-CAM++',
  summary: 'A refinement of Grad-CAM that weighs each location of a feature by how much it helps, which copes better with several objects.',
  about:
    'Like Grad-CAM, this looks at the last convolutional layer, where each channel responds to some visual pattern, and adds the channels up weighted by how much they support the chosen class. ' +
    'The difference is in the weights: Grad-CAM++ gives more say to the specific places where a channel helps, instead of averaging over the whole image, ' +
    'so several separate pieces of evidence (say, two lesions) all show up rather than only the largest. Bright areas are where the evidence for the class is; the map is as coarse as that layer.',
  kind: 'cam',
  signed: false,
  defaultOptions: { layer: null },
  options: [{ key: 'layer', label: 'Target layer', type: 'layer', help: 'Defaults to the last convolutional layer with spatial size > 1' }],
  isCompatible: camCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(gradCamPlusPlus, raw);
    checkTarget(ctx, target);
    const layer = resolveCamLayer(ctx, o.layer);
    const [, H, W] = input.shape;
    ctx.onProgress?.({ done: 0, total: 1, stage: 'gradients' });
    const map = tf.tidy(() => {
      const { A, G } = activationsAndGrads(ctx.model, input, layer, target);
      const g2 = tf.square(G);
      const g3 = tf.mul(g2, G);
      const sumA = tf.sum(A, [1, 2], true); // [1,1,1,K]
      const denom = tf.add(tf.mul(2, g2), tf.mul(sumA, g3));
      // Where the gradient (or the denominator) is zero the location carries no weight; no epsilon,
      // because gradients at a deep layer are often ~1e-3 and an epsilon would dominate g².
      const zero = tf.equal(denom, 0);
      const alpha = tf.where(zero, tf.zerosLike(G), tf.div(g2, tf.where(zero, tf.onesLike(denom), denom)));
      const weights = tf.sum(tf.mul(alpha, tf.relu(G)), [1, 2], true);
      const cam = tf.relu(tf.sum(tf.mul(A, weights), 3)).squeeze([0]) as tf.Tensor2D;
      return upsampleToInput(cam, H, W);
    });
    const values = (await map.data()) as Float32Array;
    map.dispose();
    ctx.onProgress?.({ done: 1, total: 1 });
    return { values, width: W, height: H, signed: false, meta: { method: 'gradcampp', layer, target } };
  },
};
