// Grad-CAM++ — Chattopadhay, Sarkar, Howlader & Balasubramanian, "Grad-CAM++: Generalized Gradient-based
// Visual Explanations for Deep Convolutional Networks", WACV 2018.
//   g = dy^c/dA^k (y^c: pre-softmax score; the closed form assumes S^c = exp(y^c))
//   α^{kc}_ij = g_ij² / (2 g_ij² + sum_ab A^k_ab g_ij³)
//   w^c_k     = sum_ij α^{kc}_ij ReLU(g_ij)
//   L^c       = ReLU( sum_k w^c_k A^k )        (then upsampled to the input size)

import * as tf from '@tensorflow/tfjs';
import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { CAM_LAYER_OPTION, camCompatible, gradientCam, type CamOptions } from '../cam';

export type GradCamPlusPlusOptions = CamOptions;

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
  options: [CAM_LAYER_OPTION],
  isCompatible: camCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(gradCamPlusPlus, raw);
    return gradientCam(ctx, input, target, o, gradCamPlusPlus.id, (A, G) => {
      const g2 = tf.square(G);
      const g3 = tf.mul(g2, G);
      const sumA = tf.sum(A, [1, 2], true); // [1,1,1,K]
      const denom = tf.add(tf.mul(2, g2), tf.mul(sumA, g3));
      // Where the gradient (or the denominator) is zero the location carries no weight; no epsilon,
      // because gradients at a deep layer are often ~1e-3 and an epsilon would dominate g².
      const zero = tf.equal(denom, 0);
      const alpha = tf.where(zero, tf.zerosLike(G), tf.div(g2, tf.where(zero, tf.onesLike(denom), denom)));
      const weights = tf.sum(tf.mul(alpha, tf.relu(G)), [1, 2], true);
      return tf.sum(tf.mul(A, weights), 3).squeeze([0]) as tf.Tensor2D;
    });
  },
};
