// What the UI needs to know about a model, as plain data: layers (nested ones flattened into paths),
// the layers CAM methods can use, and which one they use by default, and its output head. A model that
// accepts any image size is described at the size Glassbox feeds it (its preprocessing), so its layers
// have real sizes and CAM layers are found.

import * as tf from '@tensorflow/tfjs';
import type { LayerSummary, ModelMetadata, ModelSummary, BackendName } from '../../shared/types';
import { outputShapesAt, walkLayers } from './graph';
import { detectHead, independentProbabilities } from './head';

const CONV_CLASSES = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose']);

function outputShapeOf(layer: tf.layers.Layer): (number | null)[] {
  const s = layer.outputShape as unknown;
  if (Array.isArray(s) && Array.isArray(s[0])) return s[0] as (number | null)[];
  return (s as (number | null)[]) ?? [];
}

/** Whether the model's input leaves its height or width free (a fully convolutional model). */
export function acceptsAnySize(model: tf.LayersModel): boolean {
  const s = model.inputs[0].shape;
  return s[1] == null || s[2] == null || s[1] < 0 || s[2] < 0;
}

/**
 * Every leaf layer as plain data. `at` ({width, height} in pixels) gives the output shapes at that input size
 * for a model that accepts any size (computed from the layers' shape rules); otherwise the declared ones.
 */
export function summariseLayers(model: tf.LayersModel, at?: { width: number; height: number }): LayerSummary[] {
  let sized: Map<string, (number | null)[]> | null = null;
  if (at && acceptsAnySize(model)) {
    const c = model.inputs[0].shape[3] ?? null;
    try {
      sized = outputShapesAt(model, [null, at.height, at.width, c]);
    } catch {
      sized = null; // a layer without a shape rule: keep the declared (free) shapes
    }
  }
  return walkLayers(model).map(({ path, layer }) => {
    const outputShape = sized?.get(path) ?? outputShapeOf(layer);
    return {
      path,
      name: layer.name,
      className: layer.getClassName(),
      outputShape,
      params: layer.countParams(),
      isConv: CONV_CLASSES.has(layer.getClassName()),
    };
  });
}

/** Layers with a spatial (rank-4, H and W > 1) output: what a CAM method can use. */
export function camCandidates(layers: LayerSummary[]): LayerSummary[] {
  return layers.filter((l) => l.outputShape.length === 4 && (l.outputShape[1] ?? 0) > 1 && (l.outputShape[2] ?? 0) > 1);
}

/** The last convolutional layer with spatial size > 1; failing that, the last spatial layer. */
export function defaultCamLayer(layers: LayerSummary[]): string | null {
  const cands = camCandidates(layers);
  const convs = cands.filter((l) => l.isConv);
  const pick = convs.length ? convs[convs.length - 1] : cands[cands.length - 1];
  return pick?.path ?? null;
}

/** The UI's description of a model at its preprocessing size, with its output head (head.ts). */
export function summariseModel(model: tf.LayersModel, meta: ModelMetadata, backend: BackendName): ModelSummary {
  const layers = summariseLayers(model, meta.preprocessing);
  const inputShape = (model.inputs[0].shape as (number | null)[]).map((d) => d ?? -1);
  const head = detectHead(model);
  return {
    name: meta.name,
    labels: meta.labels,
    inputShape,
    preprocessing: meta.preprocessing,
    layers,
    convLayers: camCandidates(layers).filter((l) => l.isConv).map((l) => l.path),
    camLayers: camCandidates(layers).map((l) => l.path),
    defaultCamLayer: defaultCamLayer(layers),
    params: model.countParams(),
    backend,
    testAccuracy: meta.testAccuracy,
    head: head.head,
    ...(independentProbabilities(head) ? { multiLabel: true } : {}),
  };
}
