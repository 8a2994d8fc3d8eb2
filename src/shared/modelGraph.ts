// The model's structure as plain data, for the layer graph (issue 17 "The model's insides"): every layer
// once, nested models (Teachable Machine's MobileNet) as blocks that hold their own layers, and the edges
// between layers as the model wires them (skip connections included).

/** One layer, or one nested model drawn as a block. */
export interface GraphNode {
  /** Path through nested models joined by '/', as walkLayers and the CAM layer list name layers. */
  path: string;
  /** The layer's own name (the last part of `path`). */
  name: string;
  /** Keras class name: "Conv2D", "Dense", "InputLayer", or the nested model's class ("Functional", "Sequential"). */
  className: string;
  /** Output shape with the batch dimension first (null where free). */
  outputShape: (number | null)[];
  /** Trainable and non-trainable parameters; a block counts all of its layers'. */
  params: number;
  /** The layer's activation ("relu", "softmax"...) when it has one; null otherwise. */
  activation: string | null;
  /** Path of the block this node lies in; null at the top level. */
  parent: string | null;
  /** A nested model: its layers are the nodes whose `parent` is this path. */
  block: boolean;
}

/** A wire from one layer's output to another layer's input, both at the same level (same `parent`). */
export interface GraphEdge {
  from: string;
  to: string;
}

export interface ModelGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}
