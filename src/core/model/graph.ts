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
  /**
   * Return the scores before a final softmax or sigmoid (what CAM and gradient methods differentiate):
   * [B, classes], where one sigmoid unit gives the two logits [-z, z] (see applyLeaf).
   */
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

/** The final activations runModel drops when logits are wanted: what turns class scores into probabilities. */
const LINKS = new Set(['softmax', 'sigmoid']);

/**
 * The output layer's link (softmax or sigmoid) that `logits: true` removes, or null when it has none that
 * runModel can remove: a Softmax layer, an Activation layer, or a Dense layer with a fused softmax/sigmoid.
 */
export function droppableLink(layer: tf.layers.Layer): 'softmax' | 'sigmoid' | null {
  const cls = layer.getClassName();
  if (cls === 'Softmax') return 'softmax';
  const act = activationName(layer);
  if ((cls === 'Activation' || cls === 'Dense') && act && LINKS.has(act)) return act as 'softmax' | 'sigmoid';
  return null;
}

/**
 * Applies `layer`; when logits are wanted and it is the output layer, without its softmax or sigmoid. A single
 * sigmoid unit (a binary classifier, p = sigmoid(z)) becomes the two class logits [-z, z]: sigmoid(-z) = 1 - p
 * is class 0 and sigmoid(z) = p is class 1, so either class can be explained through its logit.
 */
function applyLeaf(layer: tf.layers.Layer, inputs: tf.Tensor[], logits: boolean): tf.Tensor {
  const link = logits ? droppableLink(layer) : null;
  if (link) {
    let z: tf.Tensor;
    if (layer.getClassName() === 'Dense') {
      const [kernel, bias] = layer.getWeights();
      z = tf.matMul(inputs[0] as tf.Tensor2D, kernel as tf.Tensor2D);
      if (bias) z = tf.add(z, bias);
    } else z = inputs[0];
    return link === 'sigmoid' && z.rank === 2 && z.shape[1] === 1 ? tf.concat([tf.neg(z), z], 1) : z;
  }
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

/**
 * The leaf layer whose output is the model's output, descending into nested models: the layer whose
 * softmax or sigmoid `logits: true` removes.
 */
export function outputLayer(model: tf.LayersModel): tf.layers.Layer {
  const layer = (model.outputs[0] as SymbolicTensor).sourceLayer;
  return isNestedModel(layer) ? outputLayer(layer) : layer;
}

type Shape = (number | null)[];

function firstShape(s: Shape | Shape[]): Shape {
  return Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape);
}

function shapeOfLayer(layer: tf.layers.Layer, ins: Shape[], prefix: string, out: Map<string, Shape>): Shape {
  const path = prefix + layer.name;
  const s = isNestedModel(layer) ? shapesInner(layer, ins, path + '/', out) : firstShape(layer.computeOutputShape(ins.length === 1 ? ins[0] : ins) as Shape | Shape[]);
  if (!isNestedModel(layer)) out.set(path, s);
  return s;
}

function shapesInner(model: tf.LayersModel, ins: Shape[], prefix: string, out: Map<string, Shape>): Shape {
  if (model instanceof tf.Sequential) {
    let h = ins[0];
    for (const layer of model.layers) if (!isInputLayer(layer)) h = shapeOfLayer(layer, [h], prefix, out);
    return h;
  }
  const memo = new Map<number, Shape>();
  (model.inputs as SymbolicTensor[]).forEach((t, i) => memo.set(t.id, ins[i]));
  const evalSym = (t: SymbolicTensor): Shape => {
    const hit = memo.get(t.id);
    if (hit) return hit;
    const layer = t.sourceLayer as LayerWithNodes;
    const s = shapeOfLayer(layer, layer.inboundNodes[t.nodeIndex].inputTensors.map(evalSym), prefix, out);
    memo.set(t.id, s);
    return s;
  };
  return evalSym(model.outputs[0] as SymbolicTensor);
}

/**
 * Output shape of every leaf layer (by path, as walkLayers names them) when the model is fed inputs of
 * `inputShape` ([batch, H, W, C]), computed from the layers' shape rules without running anything: what a
 * model that accepts any image size produces at the size Glassbox feeds it. Only layers on the path to the
 * output are listed. Throws when a layer cannot compute its shape.
 */
export function outputShapesAt(model: tf.LayersModel, inputShape: Shape): Map<string, Shape> {
  const out = new Map<string, Shape>();
  shapesInner(model, [inputShape], '', out);
  return out;
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

/** Whether `path` (names joined by '/', as walkLayers gives them) is a layer of `model`. */
export function hasLayer(model: tf.LayersModel, path: string): boolean {
  return walkLayers(model).some((l) => l.path === path);
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
