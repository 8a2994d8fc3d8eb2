// How a tfjs layers model's weights map onto PyTorch's layouts, for the Python peer of the bench
// (scripts/bench/peer/peer.py builds its torch module from this plan and reads the weights itself).
//
// tfjs (Keras) keeps activations NHWC and stores
//   Conv2D kernel  [kh, kw, in, out]   -> torch Conv2d weight [out, in, kh, kw]: axes (3, 2, 0, 1)
//   Dense kernel   [in, out]           -> torch Linear weight [out, in]:         axes (1, 0)
//   biases         [out]               -> [out]:                                 axes (0)
// 'same' padding at stride 1 with an odd kernel is torch's symmetric padding of k // 2; the final softmax is
// left to the caller (both sides compare probabilities). Only the layer types the demo model uses are
// mapped; anything else is refused with its name.

export type PeerLayer =
  | { type: 'conv2d'; name: string; inChannels: number; outChannels: number; kernel: [number, number]; stride: [number, number]; padding: 'same' | 'valid'; activation: string; bias: boolean }
  | { type: 'maxpool'; name: string; size: [number, number]; stride: [number, number] }
  | { type: 'gap'; name: string }
  | { type: 'flatten'; name: string }
  | { type: 'dense'; name: string; inUnits: number; units: number; activation: string; bias: boolean };

export interface PeerWeight {
  /** tfjs weight name (conv1/kernel). */
  name: string;
  /** The layer and its torch parameter ('weight' or 'bias'). */
  layer: string;
  param: 'weight' | 'bias';
  /** Shard file, byte offset inside it, tfjs shape: float32 little-endian. */
  file: string;
  offset: number;
  shape: number[];
  /** numpy.transpose axes that turn the tfjs array into torch's layout. */
  perm: number[];
}

export interface PeerPlan {
  layers: PeerLayer[];
  weights: PeerWeight[];
  /** The last conv layer (Grad-CAM's target layer, as the app's default). */
  lastConv: string;
  /** Whether the model's last layer applies softmax (then the peer's logits are its pre-softmax values). */
  softmaxHead: boolean;
}

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown> & { name: string };
}

interface ModelJson {
  modelTopology: { class_name?: string; config: { layers: KerasLayer[] }; model_config?: { class_name: string; config: { layers: KerasLayer[] } } };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
}

export const TFJS_TO_TORCH_PERM = { conv2dKernel: [3, 2, 0, 1], denseKernel: [1, 0], bias: [0] } as const;

/**
 * The torch plan of a Sequential tfjs layers model (model.json as parsed JSON).
 * Throws an Error naming the layer for a topology it cannot map (not Sequential, unknown layer type,
 * 'same' padding with an even kernel or a stride, non-float32 weights, a weight the layers do not use).
 */
export function peerPlan(modelJson: unknown): PeerPlan {
  const mj = modelJson as ModelJson;
  const topo = mj.modelTopology.model_config ?? mj.modelTopology;
  if (topo.class_name !== 'Sequential') throw new Error(`the peer maps Sequential models only (this is ${String(topo.class_name)})`);
  const layers: PeerLayer[] = [];
  let channels = 0;
  let shape: number[] = [];
  let softmaxHead = false;
  for (const [i, l] of topo.config.layers.entries()) {
    const c = l.config;
    if (i === 0) {
      const input = c.batch_input_shape as (number | null)[] | undefined;
      if (!input || input.length !== 4) throw new Error(`${c.name}: the first layer must state a [null, H, W, C] batch_input_shape`);
      shape = input.slice(1) as number[];
      channels = shape[2];
    }
    if (c.data_format && c.data_format !== 'channels_last') throw new Error(`${c.name}: data_format ${String(c.data_format)} is not mapped`);
    switch (l.class_name) {
      case 'Conv2D': {
        const kernel = c.kernel_size as [number, number];
        const stride = c.strides as [number, number];
        const padding = c.padding as 'same' | 'valid';
        if (padding === 'same' && (kernel[0] % 2 === 0 || kernel[1] % 2 === 0 || stride[0] !== 1 || stride[1] !== 1)) throw new Error(`${c.name}: 'same' padding is mapped for odd kernels at stride 1 only`);
        const dil = (c.dilation_rate as number[] | undefined) ?? [1, 1];
        if (dil.some((d) => d !== 1)) throw new Error(`${c.name}: dilation is not mapped`);
        const out = c.filters as number;
        layers.push({ type: 'conv2d', name: c.name, inChannels: channels, outChannels: out, kernel, stride, padding, activation: String(c.activation ?? 'linear'), bias: c.use_bias !== false });
        const [H, W] = shape;
        shape = padding === 'same' ? [H, W, out] : [Math.floor((H - kernel[0]) / stride[0]) + 1, Math.floor((W - kernel[1]) / stride[1]) + 1, out];
        channels = out;
        break;
      }
      case 'MaxPooling2D': {
        const size = c.pool_size as [number, number];
        const stride = (c.strides as [number, number] | null) ?? size;
        if (c.padding !== 'valid') throw new Error(`${c.name}: only 'valid' pooling is mapped`);
        layers.push({ type: 'maxpool', name: c.name, size, stride });
        shape = [Math.floor((shape[0] - size[0]) / stride[0]) + 1, Math.floor((shape[1] - size[1]) / stride[1]) + 1, channels];
        break;
      }
      case 'GlobalAveragePooling2D':
        layers.push({ type: 'gap', name: c.name });
        shape = [channels];
        break;
      case 'Flatten':
        layers.push({ type: 'flatten', name: c.name });
        shape = [shape.reduce((a, b) => a * b, 1)];
        channels = shape[0];
        break;
      case 'Dense': {
        const units = c.units as number;
        const activation = String(c.activation ?? 'linear');
        if (!['linear', 'relu', 'softmax'].includes(activation)) throw new Error(`${c.name}: activation ${activation} is not mapped`);
        layers.push({ type: 'dense', name: c.name, inUnits: shape[0], units, activation: activation === 'softmax' ? 'linear' : activation, bias: c.use_bias !== false });
        softmaxHead = activation === 'softmax';
        shape = [units];
        channels = units;
        break;
      }
      case 'Dropout':
        break; // inference: identity
      default:
        throw new Error(`${c.name}: layer type ${l.class_name} is not mapped to PyTorch`);
    }
    if (softmaxHead && i !== topo.config.layers.length - 1) throw new Error(`${c.name}: softmax is mapped on the last layer only`);
  }
  const byName = new Map(layers.map((l) => [l.name, l]));
  const weights: PeerWeight[] = [];
  for (const group of mj.weightsManifest) {
    if (group.paths.length !== 1) throw new Error('the peer reads single-shard weight groups only');
    let offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32') throw new Error(`${w.name}: dtype ${w.dtype} is not mapped`);
      const [layerName, what] = w.name.split('/');
      const layer = byName.get(layerName);
      if (!layer || (layer.type !== 'conv2d' && layer.type !== 'dense')) throw new Error(`${w.name}: no conv or dense layer ${layerName}`);
      const param = what === 'kernel' ? 'weight' : what === 'bias' ? 'bias' : null;
      if (!param) throw new Error(`${w.name}: unknown weight`);
      const perm = param === 'bias' ? TFJS_TO_TORCH_PERM.bias : layer.type === 'conv2d' ? TFJS_TO_TORCH_PERM.conv2dKernel : TFJS_TO_TORCH_PERM.denseKernel;
      if (perm.length !== w.shape.length) throw new Error(`${w.name}: shape [${w.shape.join(', ')}] does not fit a ${layer.type} ${param}`);
      weights.push({ name: w.name, layer: layerName, param, file: group.paths[0], offset, shape: w.shape, perm: [...perm] });
      offset += w.shape.reduce((a, b) => a * b, 1) * 4;
    }
  }
  const convs = layers.filter((l) => l.type === 'conv2d');
  if (!convs.length) throw new Error('the model has no Conv2D layer (Grad-CAM needs one)');
  return { layers, weights, lastConv: convs[convs.length - 1].name, softmaxHead };
}

/**
 * numpy.transpose in TypeScript: `data` in row-major order with `shape`, axes `perm`; returns the permuted
 * array (row-major) and its shape. Throws on a perm that is not a permutation of the axes.
 */
export function transpose(data: ArrayLike<number>, shape: readonly number[], perm: readonly number[]): { data: Float64Array; shape: number[] } {
  if (perm.length !== shape.length || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) throw new Error(`perm [${perm.join(', ')}] is not a permutation of ${shape.length} axes`);
  const outShape = perm.map((p) => shape[p]);
  const n = shape.reduce((a, b) => a * b, 1);
  const inStrides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float64Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < n; o++) {
    let src = 0;
    for (let k = 0; k < perm.length; k++) src += idx[k] * inStrides[perm[k]];
    out[o] = data[src];
    for (let k = perm.length - 1; k >= 0; k--) {
      if (++idx[k] < outShape[k]) break;
      idx[k] = 0;
    }
  }
  return { data: out, shape: outShape };
}
