// The layer graph of a tf.LayersModel (Sequential, functional, nested), as plain data for the page
// (src/shared/modelGraph.ts). Follows Keras' own topology: each layer's inbound node that belongs to the
// container (Container.containerNodes) names the layers feeding it, so a skip connection is an edge and a
// layer reused by another model is not confused with its use here.

import type * as tf from '@tensorflow/tfjs';
import type { GraphEdge, GraphNode, ModelGraph } from '../../shared/modelGraph';
import { isNestedModel } from './graph';

interface ContainerLike {
  layers: tf.layers.Layer[];
  containerNodes: Set<string>;
}

interface InboundNode {
  inboundLayers: tf.layers.Layer[];
}

function outputShapeOf(layer: tf.layers.Layer): (number | null)[] {
  const s = layer.outputShape as unknown;
  if (Array.isArray(s) && Array.isArray(s[0])) return s[0] as (number | null)[];
  return (s as (number | null)[]) ?? [];
}

function activationOf(layer: tf.layers.Layer): string | null {
  try {
    const a = (layer.getConfig() as { activation?: unknown }).activation;
    return typeof a === 'string' && a !== 'linear' ? a : null;
  } catch {
    return null;
  }
}

/** The layers feeding `layer` inside `container` (its inbound node that the container owns). */
function inboundWithin(container: ContainerLike, layer: tf.layers.Layer): tf.layers.Layer[] {
  const nodes = (layer as unknown as { inboundNodes: InboundNode[] }).inboundNodes ?? [];
  for (let i = 0; i < nodes.length; i++) {
    if (container.containerNodes.has(`${layer.name}_ib-${i}`)) return nodes[i].inboundLayers;
  }
  return [];
}

/**
 * The graph of `model`: every layer once (input layers included, so the first edge has a source), nested
 * models as `block` nodes whose layers carry `parent`, and one edge per wire between layers of the same
 * level. An edge into a nested model goes to its block node (inside, the block's own input layer starts it).
 *
 * A Sequential model has no input node (Keras keeps its input implicit); its first layer starts it.
 *
 * Input: a built tf.LayersModel. Output: nodes in the model's layer order (a block's layers right after the
 * block), edges from feeding to fed layer. Throws nothing; a layer whose config cannot be read has no
 * activation.
 */
export function layerGraph(model: tf.LayersModel): ModelGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const walk = (container: tf.LayersModel, prefix: string, parent: string | null): void => {
    const c = container as unknown as ContainerLike;
    // A Sequential model's layers feed each other in order (its input is implicit: no input layer in
    // `layers`); a functional model's wires are in its own inbound nodes, input layers included.
    const sequential = container.getClassName() === 'Sequential';
    const names = new Set(c.layers.map((l) => l.name));
    for (let i = 0; i < c.layers.length; i++) {
      const layer = c.layers[i];
      const path = prefix + layer.name;
      const nested = isNestedModel(layer);
      nodes.push({
        path,
        name: layer.name,
        className: layer.getClassName(),
        outputShape: outputShapeOf(layer),
        params: layer.countParams(),
        activation: nested ? null : activationOf(layer),
        parent,
        block: nested,
      });
      const feeding = sequential ? (i > 0 ? [c.layers[i - 1]] : []) : inboundWithin(c, layer).filter((l) => names.has(l.name));
      for (const from of feeding) edges.push({ from: prefix + from.name, to: path });
      if (nested) walk(layer, path + '/', path);
    }
  };
  walk(model, '', null);
  return { nodes, edges };
}
