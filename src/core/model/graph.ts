// A small executor for layers models that can read or replace the output of any layer, including
// layers inside nested models (Teachable Machine nests a functional MobileNet inside a Sequential
// inside a Sequential). CAM methods need both: the activations A of a layer, and the class score
// as a differentiable function of A.
//
// Layers are addressed by path: names from the outer model inwards, joined by '/'.

import * as tf from '@tensorflow/tfjs';

type SymbolicTensor = tf.SymbolicTensor & {
  id: number;
  sourceLayer: tf.layers.Layer;
  nodeIndex: number;
  tensorIndex: number;
};
type Node = { inputTensors: SymbolicTensor[]; outputTensors: SymbolicTensor[]; callArgs?: Record<string, unknown> };
type LayerWithNodes = tf.layers.Layer & { inboundNodes: Node[] };

export interface RunOptions {
  /** Layer paths whose outputs to return. */
  capture?: readonly string[];
  /** Use this tensor as the output of the layer at `path` instead of computing it. */
  override?: { path: string; tensor: tf.Tensor };
  /** Return the scores before a final softmax (what CAM and gradient methods differentiate). */
  logits?: boolean;
}

export interface RunResult {
  output: tf.Tensor;
  captured: Map<string, tf.Tensor>;
}

export function isNestedModel(layer: tf.layers.Layer): layer is tf.LayersModel {
  return layer instanceof tf.LayersModel;
}

function isInputLayer(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'InputLayer';
}

function activationName(layer: tf.layers.Layer): string | undefined {
  const act = (layer as unknown as { activation?: { getClassName(): string } }).activation;
  return act?.getClassName?.().toLowerCase();
}

/** Applies `layer`, dropping a fused softmax when logits are wanted. */
function applyLeaf(layer: tf.layers.Layer, inputs: tf.Tensor[], logits: boolean): tf.Tensor {
  const cls = layer.getClassName();
  if (logits && cls === 'Activation' && activationName(layer) === 'softmax') return inputs[0];
  if (logits && cls === 'Dense' && activationName(layer) === 'softmax') {
    const [kernel, bias] = layer.getWeights();
    let y = tf.matMul(inputs[0] as tf.Tensor2D, kernel as tf.Tensor2D);
    if (bias) y = tf.add(y, bias);
    return y;
  }
  if (logits && cls === 'Softmax') return inputs[0];
  const out = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false });
  return (Array.isArray(out) ? out[0] : out) as tf.Tensor;
}

function runLayer(layer: tf.layers.Layer, inputs: tf.Tensor[], prefix: string, o: RunOptions, logits: boolean, captured: Map<string, tf.Tensor>): tf.Tensor {
  const path = prefix + layer.name;
  let out: tf.Tensor;
  if (o.override && o.override.path === path) out = o.override.tensor;
  else if (o.override && o.override.path.startsWith(path + '/') && isNestedModel(layer)) out = runInner(layer, inputs, path + '/', o, logits, captured);
  else if (isNestedModel(layer) && (logits || o.capture?.some((c) => c.startsWith(path + '/')))) out = runInner(layer, inputs, path + '/', o, logits, captured);
  else if (isNestedModel(layer)) out = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor;
  else out = applyLeaf(layer, inputs, logits);
  if (o.capture?.includes(path)) captured.set(path, out);
  return out;
}

function runInner(model: tf.LayersModel, inputs: tf.Tensor[], prefix: string, o: RunOptions, logits: boolean, captured: Map<string, tf.Tensor>): tf.Tensor {
  if (model instanceof tf.Sequential) {
    const layers = model.layers.filter((l) => !isInputLayer(l));
    let h = inputs[0];
    layers.forEach((layer, i) => {
      h = runLayer(layer, [h], prefix, o, logits && i === layers.length - 1, captured);
    });
    return h;
  }
  // Functional: evaluate backwards from the output, memoised by symbolic tensor id, so only what the
  // output needs is computed (an override cuts off everything upstream of it that nothing else uses).
  const memo = new Map<number, tf.Tensor>();
  const modelInputs = model.inputs as SymbolicTensor[];
  modelInputs.forEach((t, i) => memo.set(t.id, inputs[i]));
  const outputLayer = (model.outputs[0] as SymbolicTensor).sourceLayer;
  const evalSym = (t: SymbolicTensor): tf.Tensor => {
    const hit = memo.get(t.id);
    if (hit) return hit;
    const layer = t.sourceLayer as LayerWithNodes;
    const node = layer.inboundNodes[t.nodeIndex];
    const ins = node.inputTensors.map(evalSym);
    const out = runLayer(layer, ins, prefix, o, logits && layer === outputLayer, captured);
    memo.set(t.id, out);
    return out;
  };
  return evalSym(model.outputs[0] as SymbolicTensor);
}

/** Runs `model` on `x`. Not wrapped in tidy: call it inside one. */
export function runModel(model: tf.LayersModel, x: tf.Tensor, o: RunOptions = {}): RunResult {
  const captured = new Map<string, tf.Tensor>();
  const output = runInner(model, [x], '', o, o.logits ?? false, captured);
  for (const c of o.capture ?? []) {
    if (!captured.has(c)) throw new Error(`Layer "${c}" was not reached while running the model: check the layer path`);
  }
  return { output, captured };
}

/** Every layer with its path, outer model first, descending into nested models. */
export function walkLayers(model: tf.LayersModel, prefix = ''): { path: string; layer: tf.layers.Layer }[] {
  const out: { path: string; layer: tf.layers.Layer }[] = [];
  for (const layer of model.layers) {
    if (isInputLayer(layer)) continue;
    const path = prefix + layer.name;
    if (isNestedModel(layer)) out.push(...walkLayers(layer, path + '/'));
    else out.push({ path, layer });
  }
  return out;
}

/**
 * Frees every weight of a model. tfjs 4.22's LayersModel.dispose() leaves the weights of a functional
 * model nested two levels deep (the Teachable Machine shape) behind, so sweep them up explicitly.
 */
export function disposeModel(model: tf.LayersModel): void {
  const vars = walkLayers(model).flatMap(({ layer }) => layer.weights as unknown as { val: tf.Variable; dispose(): void }[]);
  try {
    model.dispose();
  } catch {
    // already disposed: fall through to the sweep
  }
  for (const v of vars) if (!v.val.isDisposed) v.dispose();
}
