// How a classifier's last layer turns its scores into probabilities. Explanations differentiate the
// per-class scores before that link (the logits, as Grad-CAM's paper does); predictions and the methods
// that measure a change in probability go through the link named here.

import * as tf from '@tensorflow/tfjs';
import type { OutputHead } from '../../shared/types';
import { droppableLink, outputLayer } from './graph';

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

/** The output head of a built model, and how many classes its logits have. */
export interface HeadInfo {
  head: OutputHead;
  /** Units of the output layer: its last dimension. */
  units: number;
  /**
   * Classes the logits of `runModel(…, { logits: true })` have: `units`, except a single sigmoid unit, which
   * is read as the two classes [1 - p, p] (logits [-z, z]).
   */
  classes: number;
}

/**
 * Detects the head from the output layer (descending into nested models): a final softmax (Softmax layer,
 * Activation('softmax'), Dense(…, 'softmax')) → 'softmax'; a final sigmoid → 'sigmoid'; anything else
 * (no final activation, or one runModel cannot remove) → 'linear'. Exactly the activations that
 * runModel's `logits: true` drops, so probabilities made by probabilitiesFromLogits match the model's own.
 */
export function detectHead(model: tf.LayersModel): HeadInfo {
  const link = droppableLink(outputLayer(model));
  const shape = model.outputs[0].shape;
  const units = (shape[shape.length - 1] as number | null) ?? 0;
  const head: OutputHead = link ?? 'linear';
  return { head, units, classes: head === 'sigmoid' && units === 1 ? 2 : units };
}

/** Whether probabilities under `head` with `units` output units are independent (multi-label) rather than one class per image. */
export function independentProbabilities(h: Pick<HeadInfo, 'head' | 'units'>): boolean {
  return h.head === 'sigmoid' && h.units > 1;
}
