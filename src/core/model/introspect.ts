// What the UI needs to know about a model, as plain data: layers (nested ones flattened into paths),
// the layers CAM methods can use, and which one they use by default.

import * as tf from '@tensorflow/tfjs';
import type { LayerSummary, ModelMetadata, ModelSummary, BackendName } from '../../shared/types';
import { walkLayers } from './graph';

const CONV_CLASSES = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose']);

function outputShapeOf(layer: tf.layers.Layer): (number | null)[] {
  const s = layer.outputShape as unknown;
  if (Array.isArray(s) && Array.isArray(s[0])) return s[0] as (number | null)[];
  return (s as (number | null)[]) ?? [];
}

export function summariseLayers(model: tf.LayersModel): LayerSummary[] {
  return walkLayers(model).map(({ path, layer }) => {
    const outputShape = outputShapeOf(layer);
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

export function summariseModel(model: tf.LayersModel, meta: ModelMetadata, backend: BackendName): ModelSummary {
  const layers = summariseLayers(model);
  const inputShape = (model.inputs[0].shape as (number | null)[]).map((d) => d ?? -1);
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
  };
}
