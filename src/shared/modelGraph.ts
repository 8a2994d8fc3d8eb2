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

/** One channel (feature map) of a layer's output for one image. */
export interface ChannelSummary {
  /** Index in the layer's last axis. */
  channel: number;
  /** Mean activation over the map's positions (the sort key of the grid). */
  mean: number;
  max: number;
  /**
   * The channel's Grad-CAM weight for the class asked for: the mean over positions of d(logit)/d(activation)
   * (Selvaraju et al. 2017, eq. 1). Null when no class was asked for.
   */
  weight: number | null;
}

/** A layer's output for one image, channel by channel. */
export interface LayerActivations {
  layer: string;
  /** Map size; 1 x 1 for a layer without spatial axes (Dense). */
  height: number;
  width: number;
  channels: number;
  /** Channel-major values: channel c's map is maps[c*height*width ... (c+1)*height*width). */
  maps: Float32Array;
  /** Every channel, strongest mean activation first. */
  summary: ChannelSummary[];
  /** The class the weights are for, or null. */
  target: number | null;
}

/** The first convolution's filters drawn as small RGB patches. */
export interface FilterPatches {
  layer: string;
  /** Kernel height and width in pixels. */
  height: number;
  width: number;
  /** RGBA bytes of every filter, filter-major (filter f at f*height*width*4). 128 grey is a zero weight. */
  rgba: Uint8ClampedArray;
  count: number;
}
