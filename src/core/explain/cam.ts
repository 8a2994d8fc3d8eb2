// Shared plumbing of the CAM family (after pytorch-grad-cam's base_cam.py): activations of the target
// layer, gradients of the class score with respect to them, and upsampling of a coarse map to the input.

import * as tf from '@tensorflow/tfjs';
import { runModel } from '../model/graph';
import type { Attribution, OptionSpec, OptionValues } from '../../shared/types';
import type { ExplainContext, ImageTensor, ModelInfo } from './types';
import { checkTarget } from './gradients';
import { startRun } from './result';
import { t } from '../../shared/i18n';

export function resolveCamLayer(ctx: ExplainContext, requested?: string | null): string {
  const layer = requested ?? ctx.camLayer ?? ctx.info.defaultCamLayer;
  if (!layer) throw new Error('This model has no layer with a spatial output, so CAM methods cannot run on it; try a gradient or perturbation method');
  if (!ctx.info.camLayers.includes(layer)) throw new Error(`Layer "${layer}" has no spatial output; pick one of: ${ctx.info.camLayers.join(', ')}`);
  return layer;
}

export function camCompatible(m: ModelInfo): boolean {
  return m.camLayers.length > 0;
}

/**
 * Activations A [1,h,w,K] of `layer` and dScore/dA for class `target` (score = pre-softmax logit).
 * Call inside tf.tidy.
 */
export function activationsAndGrads(model: tf.LayersModel, x: tf.Tensor4D, layer: string, target: number): { A: tf.Tensor4D; G: tf.Tensor4D } {
  const A = runModel(model, x, { capture: [layer] }).captured.get(layer) as tf.Tensor4D;
  const score = (a: tf.Tensor) => {
    const out = runModel(model, x, { override: { path: layer, tensor: a }, logits: true }).output as tf.Tensor2D;
    return tf.sum(tf.slice(out, [0, target], [out.shape[0], 1]));
  };
  const G = tf.grad(score)(A) as tf.Tensor4D;
  return { A, G };
}

/** Bilinear upsampling of a [h,w] map to the input size; returns the pixel values. */
export function upsampleToInput(map: tf.Tensor2D, height: number, width: number): tf.Tensor2D {
  const [h, w] = map.shape;
  const m4 = tf.reshape(map, [1, h, w, 1]) as tf.Tensor4D;
  return tf.reshape(tf.image.resizeBilinear(m4, [height, width], false, true), [height, width]) as tf.Tensor2D;
}

export interface CamOptions {
  [key: string]: string | null;
  layer: string | null;
}

export const CAM_LAYER_OPTION: OptionSpec = { key: 'layer', label: 'Target layer', type: 'layer', help: 'Defaults to the last convolutional layer with spatial size > 1' };

/**
 * The plumbing every gradient-based CAM shares: check the class, resolve the layer (options.layer), get
 * activations A and gradients G ([1,h,w,K]) of the class logit, let `combine` weigh them into an [h,w]
 * map, ReLU, upsample to the input's H x W, report. Units 'activation-x-logit-gradient'; the run record
 * names `method` (the registry id) and the layer.
 */
export async function gradientCam(
  ctx: ExplainContext,
  input: ImageTensor,
  target: number,
  options: OptionValues & { layer: string | null },
  method: string,
  combine: (A: tf.Tensor4D, G: tf.Tensor4D) => tf.Tensor2D,
): Promise<Attribution> {
  checkTarget(ctx, target);
  const layer = resolveCamLayer(ctx, options.layer);
  const finish = startRun(ctx, method, target, options);
  const [, H, W] = input.shape;
  ctx.onProgress?.({ done: 0, total: 1, stage: t('methods:checks.stages.gradients') });
  const map = tf.tidy(() => {
    const { A, G } = activationsAndGrads(ctx.model, input, layer, target);
    return upsampleToInput(tf.relu(combine(A, G)), H, W);
  });
  const values = (await map.data()) as Float32Array;
  map.dispose();
  ctx.onProgress?.({ done: 1, total: 1 });
  return {
    values,
    width: W,
    height: H,
    signed: false,
    units: 'activation-x-logit-gradient',
    checks: [],
    run: finish({ done: 1, total: 1, unit: 'gradients' }, { layer }),
  };
}
