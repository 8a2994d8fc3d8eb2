// How a classifier's last layer turns its scores into probabilities. Explanations differentiate the
// per-class scores before that link (the logits, as Grad-CAM's paper does); predictions and the methods
// that measure a change in probability go through the link named here.

import * as tf from '@tensorflow/tfjs';
import type { OutputHead } from '../../shared/types';

/**
 * Probabilities from per-class logits.
 * @param logits [B, classes] scores before the final activation, as `runModel(…, { logits: true })` returns.
 * @param head 'softmax' or 'linear' (one class per input: softmax over the classes); 'sigmoid' (independent
 *   probabilities per class, multi-label; a single sigmoid unit arrives as the two logits [-z, z], so this gives
 *   [1 - p, p]). Absent means 'softmax'.
 * @returns [B, classes] probabilities in [0, 1]. The caller owns (disposes) the result.
 */
export function probabilitiesFromLogits(logits: tf.Tensor2D, head: OutputHead = 'softmax'): tf.Tensor2D {
  return head === 'sigmoid' ? tf.sigmoid(logits) : tf.softmax(logits);
}
