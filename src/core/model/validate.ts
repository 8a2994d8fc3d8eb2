// Checks a dropped model (model.json + weight shards + optional metadata.json) before anything runs,
// and turns every way it can be broken into a message that says what is wrong and what to do.
// Like netron's model factories, each check names the exact fact it found (which shard, how many
// bytes, which layer and class), because "failed to load model" helps nobody.
//
// Order of checks, most fundamental first: is it JSON, is it TF.js, is it a layers model, can
// TF.js build every layer, is the input an image, are all shards there, do their sizes match the
// manifest, is metadata.json usable. `loadValidatedModel` then builds the model and checks what only
// a built model can tell (one rank-2 output of class scores), and assembles ModelMetadata.

import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata, Preprocessing, ScaleMode, UserErrorInfo } from '../../shared/types';
import { disposeModel } from './graph';
import { loadLayersModelFromFiles } from './io';

export type ValidationCode =
  | 'not-json'
  | 'not-tfjs'
  | 'graph-model'
  | 'unknown-layer'
  | 'not-image'
  | 'missing-shard'
  | 'shard-size'
  | 'bad-metadata'
  | 'metadata-mismatch'
  | 'not-classifier'
  | 'load-failed';

export interface ModelFilesInput {
  /** model.json: its raw text (or bytes), or already parsed. */
  modelJson: unknown;
  /** Weight shards by file name (a dropped file's name, or a path ending in it). */
  shards: Map<string, ArrayBuffer>;
  /** Raw text of metadata.json, when the person gave one. */
  metadataText?: string;
}

type Json = Record<string, unknown>;

export interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

export interface LayersModelJson {
  modelTopology: Json;
  weightsManifest: WeightsGroup[];
  format?: string;
}

export type MetadataKind = 'glassbox' | 'teachable-machine' | 'labels-only';

export interface ParsedMetadata {
  kind: MetadataKind;
  name?: string;
  labels?: string[];
  /** Glassbox's own format only. */
  preprocessing?: Preprocessing;
  /** Teachable Machine's square input size. */
  imageSize?: number;
  /** Other ModelMetadata fields of Glassbox's own format, passed through. */
  extra?: Partial<ModelMetadata>;
}

export interface ValidModelFiles {
  ok: true;
  modelJson: LayersModelJson;
  /** Shards keyed by the path named in the manifest (what loadLayersModelFromFiles expects). */
  shards: Map<string, ArrayBuffer>;
  /** Input shape read from model.json, [batch, H, W, C], when it could be read there. */
  inputShape: (number | null)[] | null;
  /** Every layer in model.json, nested models flattened into paths. */
  layers: { path: string; className: string }[];
  metadata: ParsedMetadata | null;
  /** Things that are not wrong enough to refuse the model, in plain language. */
  warnings: string[];
}

export interface InvalidModelFiles {
  ok: false;
  code: ValidationCode;
  error: UserErrorInfo;
}

export type ValidationResult = ValidModelFiles | InvalidModelFiles;

function fail(code: ValidationCode, title: string, detail: string, action: string): InvalidModelFiles {
  return { ok: false, code, error: { title, detail, action } };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// model.json text

const CONVERT_HINT =
  'Convert the Keras model with: tensorflowjs_converter --input_format=keras --output_format=tfjs_layers_model model.h5 out_dir/ ' +
  'and drop out_dir/model.json together with the .bin files next to it.';

function decodeText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v instanceof ArrayBuffer) return new TextDecoder().decode(v);
  if (ArrayBuffer.isView(v)) return new TextDecoder().decode(v);
  return null;
}

function parseModelJson(raw: unknown): { ok: true; json: unknown } | InvalidModelFiles {
  const text = decodeText(raw);
  if (text === null) return { ok: true, json: raw };
  const head = text.slice(0, 8);
  if (head.startsWith('\x89HDF') || head.startsWith('\uFFFDHDF')) {
    return fail('not-json', 'This is a Keras .h5 file, not model.json',
      'Glassbox runs TensorFlow.js models in the browser; it cannot read Keras HDF5 files directly.', CONVERT_HINT);
  }
  if (head.startsWith('PK\x03\x04')) {
    return fail('not-json', 'This is a zip archive (perhaps a Keras .keras file), not model.json',
      'Glassbox needs the unpacked TensorFlow.js files: model.json and its .bin weight files.',
      'If it is a zip of a TensorFlow.js model, unzip it and drop the files inside. If it is a Keras .keras file: ' + CONVERT_HINT);
  }
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') {
    return fail('not-json', 'model.json is empty', 'The file has no content: the download or copy may have failed.', 'Download or export the model again and drop the new model.json.');
  }
  if (trimmed.startsWith('<')) {
    return fail('not-json', 'model.json is a web page, not JSON',
      'It starts with "<", like an HTML page. This happens when a browser saves an error page (for example "404 Not Found") instead of the file.',
      'Download model.json again with "Save link as…" from the place that hosts it, or export it again.');
  }
  try {
    return { ok: true, json: JSON.parse(trimmed) };
  } catch (e) {
    return fail('not-json', 'model.json is not valid JSON',
      `It could not be read as JSON (${(e as Error).message}). The file may be truncated, or it may be a different file renamed to model.json.`,
      'Export or download the model again and drop the new model.json with its weight files.');
  }
}

// ---------------------------------------------------------------------------------------------
// Topology: which classes TF.js can build, and the input shape

const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

/** Class names tfjs-layers can deserialise as layers (built-in, plus any registered since). */
export function knownLayerClasses(): Set<string> {
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  const out = new Set<string>();
  for (const [name, [cls]] of Object.entries(map)) {
    // The same registry also holds initializers, constraints, regularisers and optimizers.
    if ((cls as { prototype?: unknown }).prototype instanceof tf.layers.Layer) out.add(name);
  }
  return out;
}

interface LayerEntry {
  path: string;
  className: string;
  config: Json;
}

function layersOf(className: string, config: unknown): Json[] {
  // Old Keras wrote a Sequential's config as a bare list of layers.
  if (className === 'Sequential' && Array.isArray(config)) return config.filter(isObject);
  if (isObject(config) && Array.isArray(config.layers)) return config.layers.filter(isObject);
  return [];
}

function entryName(entry: Json, i: number): string {
  const c = entry.config;
  if (isObject(c) && typeof c.name === 'string') return c.name;
  if (typeof entry.name === 'string') return entry.name;
  return `layer_${i}`;
}

/** Every layer in a model config, nested models and wrapped layers (TimeDistributed…) included. */
export function walkTopology(modelConfig: Json, prefix = ''): LayerEntry[] {
  const out: LayerEntry[] = [];
  const cls = String(modelConfig.class_name);
  layersOf(cls, modelConfig.config).forEach((entry, i) => {
    const className = typeof entry.class_name === 'string' ? entry.class_name : '(missing class_name)';
    const path = prefix + entryName(entry, i);
    const config = isObject(entry.config) ? entry.config : {};
    out.push({ path, className, config });
    if (MODEL_CLASSES.has(className)) out.push(...walkTopology(entry, path + '/'));
    else if (isObject(config.layer) && typeof config.layer.class_name === 'string') {
      const inner = config.layer;
      const innerCfg = isObject(inner.config) ? inner.config : {};
      const innerPath = `${path}/${typeof innerCfg.name === 'string' ? innerCfg.name : 'layer'}`;
      out.push({ path: innerPath, className: inner.class_name as string, config: innerCfg });
    }
  });
  return out;
}

function batchShapeOf(config: Json): (number | null)[] | null {
  const s = config.batch_input_shape ?? config.batch_shape; // Keras 2 / Keras 3 spelling
  if (Array.isArray(s)) return s as (number | null)[];
  if (Array.isArray(config.input_shape)) return [null, ...(config.input_shape as (number | null)[])];
  return null;
}

/** The model's input shape and number of inputs, read from the topology, or null when it does not say. */
export function topologyInput(modelConfig: Json): { shape: (number | null)[] | null; count: number } {
  const cls = String(modelConfig.class_name);
  const layers = layersOf(cls, modelConfig.config);
  if (cls === 'Sequential') {
    const first = layers[0];
    if (!first) return { shape: null, count: 1 };
    const firstCls = String(first.class_name);
    const cfg = isObject(first.config) ? first.config : {};
    const own = batchShapeOf(cfg);
    if (own) return { shape: own, count: 1 };
    if (MODEL_CLASSES.has(firstCls)) return topologyInput(first);
    return { shape: null, count: 1 };
  }
  const cfg = isObject(modelConfig.config) ? modelConfig.config : {};
  const inputs = Array.isArray(cfg.input_layers) ? cfg.input_layers : [];
  // Keras 3 writes a single input as ["name", 0, 0] rather than [["name", 0, 0]].
  const refs = inputs.length && typeof inputs[0] === 'string' ? [inputs] : inputs;
  const firstRef = refs[0];
  const name = Array.isArray(firstRef) ? firstRef[0] : undefined;
  const layer = layers.find((l, i) => entryName(l, i) === name);
  const shape = layer && isObject(layer.config) ? batchShapeOf(layer.config) : null;
  return { shape, count: Math.max(1, refs.length) };
}

function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null || d === -1 ? 'any' : String(d))).join(', ')}]`;
}

/** Why an input shape is not an image Glassbox can feed, or null when it is one. */
export function checkImageInput(shape: readonly (number | null)[]): UserErrorInfo | null {
  const what = 'Glassbox feeds a model images shaped [batch, height, width, channels], with 1 channel (grayscale) or 3 (RGB).';
  if (shape.length !== 4) {
    const perExample = describeShape(shape.slice(1));
    let why: string;
    if (shape.length === 2) why = `This model takes ${perExample}: a list of ${shape[1] ?? 'some'} numbers per example (tabular data or features), not an image.`;
    else if (shape.length === 3) why = `This model takes ${perExample} per example: a 2D grid with no channel axis (perhaps grayscale images without their channel axis, or a sequence).`;
    else why = `This model takes inputs of shape ${describeShape(shape)} (rank ${shape.length}), not rank 4.`;
    const action = shape.length === 3
      ? 'If it is a grayscale image model, give it an input of shape [height, width, 1] (add a Reshape layer in Keras) and convert it again.'
      : 'Use a model that classifies images.';
    return { title: 'The model does not take images', detail: `${why} ${what}`, action };
  }
  const c = shape[3];
  if (c === 1 || c === 3) return null;
  const h = shape[1];
  if ((h === 1 || h === 3) && (c === null || c > 4)) {
    return {
      title: 'The model expects channels first',
      detail: `Its input is ${describeShape(shape)}: the channels (${h}) come before height and width, the PyTorch/ONNX layout. ${what}`,
      action: 'Export the model with channels last (in Keras, data_format="channels_last"; from PyTorch, transpose the input) and convert it again.',
    };
  }
  const detail = c === 4
    ? `Its input has 4 channels per pixel (${describeShape(shape)}), such as RGBA or RGB plus depth. ${what} Glassbox does not guess what a fourth channel means.`
    : c === null
      ? `Its number of input channels is not fixed (${describeShape(shape)}). ${what}`
      : `Its input has ${c} channels per pixel (${describeShape(shape)}), as a multispectral or stacked-image model would. ${what}`;
  return { title: `The model expects ${c ?? 'an unknown number of'} channels, not 1 or 3`, detail, action: 'Use a model with a grayscale (1-channel) or RGB (3-channel) image input.' };
}

// ---------------------------------------------------------------------------------------------
// Weights

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, complex64: 8 };
const QUANT_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/** Bytes a weight takes in a shard, or null when it cannot be known up front (strings). */
export function weightBytes(w: tf.io.WeightsManifestEntry): number | null {
  const n = (w.shape ?? []).reduce((a, b) => a * b, 1);
  const q = w.quantization?.dtype;
  const size = q ? QUANT_BYTES[q] : DTYPE_BYTES[w.dtype];
  return size === undefined ? null : n * size;
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1];
}

function findShard(shards: Map<string, ArrayBuffer>, manifestPath: string): ArrayBuffer | undefined {
  const exact = shards.get(manifestPath);
  if (exact) return exact;
  const want = [baseName(manifestPath)];
  try {
    want.push(baseName(decodeURIComponent(manifestPath)));
  } catch {
    // not URI-encoded
  }
  for (const [name, buf] of shards) if (want.includes(baseName(name))) return buf;
  return undefined;
}

function listNames(names: string[]): string {
  if (names.length === 0) return 'none';
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length <= 6 ? quoted.join(', ') : `${quoted.slice(0, 6).join(', ')} and ${quoted.length - 6} more`;
}

// ---------------------------------------------------------------------------------------------
// metadata.json

const SCALES: readonly ScaleMode[] = ['zeroOne', 'minusOneOne', 'meanStd', 'raw255'];

function badMetadata(detail: string): InvalidModelFiles {
  return fail('bad-metadata', 'metadata.json cannot be used', detail,
    'Fix metadata.json, or leave it out: Glassbox will then ask you for the labels and the preprocessing.');
}

function parsePreprocessing(p: unknown): Preprocessing | string {
  if (!isObject(p)) return '"preprocessing" must be an object';
  const { width, height, channels, resize, scale, mean, std } = p;
  const posInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (!posInt(width) || !posInt(height)) return `preprocessing width and height must be positive whole numbers (got ${JSON.stringify(width)} x ${JSON.stringify(height)})`;
  if (channels !== 1 && channels !== 3) return `preprocessing channels must be 1 or 3 (got ${JSON.stringify(channels)})`;
  if (resize !== 'stretch' && resize !== 'centerCrop') return `preprocessing resize must be "stretch" or "centerCrop" (got ${JSON.stringify(resize)})`;
  if (!SCALES.includes(scale as ScaleMode)) return `preprocessing scale must be one of ${SCALES.map((s) => `"${s}"`).join(', ')} (got ${JSON.stringify(scale)})`;
  const triple = (v: unknown) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (scale === 'meanStd') {
    if (!triple(mean) || !triple(std)) return 'preprocessing scale "meanStd" needs "mean" and "std", three numbers each';
    if ((std as number[]).some((s) => s <= 0)) return 'preprocessing "std" values must be greater than 0';
  }
  const out: Preprocessing = { width: width as number, height: height as number, channels, resize, scale: scale as ScaleMode };
  if (triple(mean)) out.mean = mean as [number, number, number];
  if (triple(std)) out.std = std as [number, number, number];
  if (p.grayscale === true) out.grayscale = true;
  const order = p.channelOrder ?? p.channel_order;
  if (order !== undefined) {
    const o = typeof order === 'string' ? order.toLowerCase() : order;
    if (o !== 'rgb' && o !== 'bgr') return `preprocessing channelOrder must be "rgb" or "bgr" (got ${JSON.stringify(order)})`;
    if (o === 'bgr') out.channelOrder = 'bgr';
  }
  return out;
}

function parseLabels(v: unknown): string[] | string {
  if (!Array.isArray(v)) return '"labels" must be a list of class names';
  if (!v.every((l) => typeof l === 'string' || typeof l === 'number')) return '"labels" must hold only names (text)';
  return v.map(String);
}

export function parseMetadata(text: string): { ok: true; metadata: ParsedMetadata | null; warnings: string[] } | InvalidModelFiles {
  let m: unknown;
  try {
    m = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return badMetadata(`metadata.json is not valid JSON (${(e as Error).message}).`);
  }
  if (!isObject(m)) return badMetadata('metadata.json must hold a JSON object with the class labels.');
  const labels = m.labels === undefined ? undefined : parseLabels(m.labels);
  if (typeof labels === 'string') return badMetadata(labels);
  if (isObject(m.modelTopology) || Array.isArray(m.weightsManifest)) {
    return badMetadata('The file given as metadata.json is a model.json (it has a model topology), not metadata.');
  }
  if (m.preprocessing !== undefined) {
    const p = parsePreprocessing(m.preprocessing);
    if (typeof p === 'string') return badMetadata(p + '.');
    if (!labels) return badMetadata('It has "preprocessing" but no "labels" (the class names, in output order).');
    const extra: Partial<ModelMetadata> = {};
    if (typeof m.description === 'string') extra.description = m.description;
    if (typeof m.testAccuracy === 'number') extra.testAccuracy = m.testAccuracy;
    if (typeof m.validationAccuracy === 'number') extra.validationAccuracy = m.validationAccuracy;
    if (typeof m.trainedWith === 'string') extra.trainedWith = m.trainedWith;
    if (typeof m.camLayer === 'string') extra.camLayer = m.camLayer;
    if (m.source === 'demo' || m.source === 'trained' || m.source === 'uploaded' || m.source === 'teachable-machine') extra.source = m.source;
    return { ok: true, warnings: [], metadata: { kind: 'glassbox', name: typeof m.name === 'string' ? m.name : undefined, labels, preprocessing: p, extra } };
  }
  const isTm = (typeof m.packageName === 'string' && /teachablemachine/i.test(m.packageName)) || typeof m.tmVersion === 'string';
  if (isTm) {
    if (!labels) return badMetadata('It looks like Teachable Machine metadata but has no "labels".');
    const imageSize = typeof m.imageSize === 'number' && m.imageSize > 0 ? m.imageSize : undefined;
    return { ok: true, warnings: [], metadata: { kind: 'teachable-machine', name: typeof m.modelName === 'string' ? m.modelName : undefined, labels, imageSize } };
  }
  if (labels) return { ok: true, warnings: [], metadata: { kind: 'labels-only', name: typeof m.name === 'string' ? m.name : undefined, labels } };
  return { ok: true, metadata: null, warnings: ['metadata.json has no "labels", so it was not used: please confirm the class labels and the preprocessing.'] };
}

// ---------------------------------------------------------------------------------------------
// The checks

export function validateModelFiles(files: ModelFilesInput): ValidationResult {
  const parsed = parseModelJson(files.modelJson);
  if (!parsed.ok) return parsed;
  const json = parsed.json;
  const warnings: string[] = [];

  if (!isObject(json)) {
    return fail('not-tfjs', 'model.json is not a TensorFlow.js model', `It is valid JSON but holds ${Array.isArray(json) ? 'a list' : `a ${typeof json}`}, not the object TensorFlow.js writes.`, CONVERT_HINT);
  }
  const topo = json.modelTopology;
  const format = typeof json.format === 'string' ? json.format : undefined;
  if (format === 'graph-model' || (isObject(topo) && Array.isArray(topo.node))) {
    return fail('graph-model', 'This is a TensorFlow.js graph model; Glassbox needs a layers model',
      'Graph models (converted from a SavedModel or a frozen graph) are a fixed list of operations without layers. ' +
      'Gradient and CAM methods (Grad-CAM, saliency, integrated gradients…) need the layers and their activations, so they cannot work on a graph model. ' +
      'Perturbation methods (occlusion, LIME, SHAP, RISE) only need predictions and could in principle run on it, but this version of Glassbox does not load graph models yet.',
      'If the model comes from Keras, convert the Keras model (not a SavedModel) to a layers model: ' +
      'tensorflowjs_converter --input_format=keras --output_format=tfjs_layers_model model.h5 out_dir/ ' +
      '(or, from a Keras SavedModel, --input_format=keras_saved_model --output_format=tfjs_layers_model).');
  }
  if (!isObject(topo)) {
    if (Array.isArray(json.labels)) {
      return fail('not-tfjs', 'This is metadata.json, not model.json', 'It holds class labels but no model topology.', 'Drop the model.json that sits next to this metadata.json, together with its .bin weight files.');
    }
    if (typeof json.class_name === 'string' && 'config' in json) {
      return fail('not-tfjs', 'This is a bare Keras model configuration, not a TensorFlow.js model',
        'It looks like the output of Keras model.to_json(): the architecture without the weights manifest TensorFlow.js needs.', CONVERT_HINT);
    }
    return fail('not-tfjs', 'model.json is not a TensorFlow.js model', 'It is valid JSON but has no "modelTopology", the part of a TensorFlow.js model.json that describes the layers.', CONVERT_HINT);
  }
  if (format && format !== 'layers-model') warnings.push(`model.json says format "${format}"; Glassbox read it as a layers model.`);
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) {
    return fail('not-tfjs', 'model.json has no weights manifest',
      'It describes the layers but has no "weightsManifest", so it says nothing about the trained weights: the model would only hold random numbers.',
      'Export or convert the model again with its weights (tensorflowjs_converter writes model.json plus one or more .bin files).');
  }
  const groups: WeightsGroup[] = [];
  for (const g of manifest) {
    if (!isObject(g) || !Array.isArray(g.paths) || !g.paths.every((p) => typeof p === 'string') || !Array.isArray(g.weights) || !g.weights.every(isObject)) {
      return fail('not-tfjs', 'The weights manifest in model.json is damaged', 'Each entry of "weightsManifest" must list "paths" (the .bin file names) and "weights" (name, shape, dtype).', 'Export or convert the model again.');
    }
    groups.push({ paths: g.paths as string[], weights: g.weights as unknown as tf.io.WeightsManifestEntry[] });
  }
  // tensorflowjs_converter nests the model under model_config; TF.js's own save does not.
  const modelConfig = isObject(topo.model_config) ? topo.model_config : topo;
  if (typeof modelConfig.class_name !== 'string' || !('config' in modelConfig)) {
    return fail('not-tfjs', 'model.json has no model configuration', 'Its "modelTopology" has no "class_name" and "config" describing the model.', CONVERT_HINT);
  }
  if (!MODEL_CLASSES.has(modelConfig.class_name)) {
    return fail('not-tfjs', `model.json describes a "${modelConfig.class_name}", not a model`, 'The top of the topology must be a Sequential or functional (Model) Keras model.', CONVERT_HINT);
  }

  // Layers TF.js cannot build.
  const layers = walkTopology(modelConfig);
  const known = knownLayerClasses();
  const unknown = layers.filter((l) => !known.has(l.className));
  if (unknown.length) {
    const u = unknown[0];
    const others = unknown.length > 1 ? ` ${unknown.length - 1} other layer${unknown.length > 2 ? 's' : ''} ${unknown.length > 2 ? 'have' : 'has'} unknown classes too: ${listNames(unknown.slice(1).map((l) => `${l.path} (${l.className})`))}.` : '';
    let why: string;
    if (u.className === 'Lambda') why = 'A Lambda layer holds Python code, which cannot run in the browser.';
    else if (u.className === 'TFOpLambda' || u.className === 'SlicingOpLambda') why = 'It is a TensorFlow operation applied directly to Keras tensors (Keras records it as a Python call), which TensorFlow.js layers cannot rebuild.';
    else why = `TensorFlow.js has no layer class "${u.className}". It may be a custom Keras layer (a class written in Python), or a layer that TensorFlow.js has not implemented.`;
    return fail('unknown-layer', `Unknown layer class "${u.className}" in layer "${u.path}"`,
      `${why}${others}`,
      'Rebuild the model in Keras with built-in layers only (replace the custom or Lambda layer) and convert it again. Glassbox cannot run Python code.');
  }

  // Input: an image?
  const input = topologyInput(modelConfig);
  if (input.count > 1) {
    return fail('not-image', `The model takes ${input.count} inputs`, 'Glassbox explains models that take one image and return class scores.', 'Use a model with a single image input.');
  }
  if (input.shape) {
    const bad = checkImageInput(input.shape);
    if (bad) return { ok: false, code: 'not-image', error: bad };
  }

  // Shards: present, and as long as the manifest says.
  const given = [...files.shards.keys()];
  const missing = groups.flatMap((g) => g.paths).filter((p) => !findShard(files.shards, p));
  if (missing.length) {
    const all = groups.flatMap((g) => g.paths);
    return fail('missing-shard', missing.length === 1 ? `Weight file "${missing[0]}" is missing` : `${missing.length} weight files are missing`,
      `model.json needs ${all.length} weight file${all.length > 1 ? 's' : ''} (${listNames(all)}). Missing: ${listNames(missing)}. Given: ${listNames(given)}.`,
      'Drop model.json together with all of its .bin files (select them all at once, or drop the whole folder).');
  }
  const shards = new Map<string, ArrayBuffer>();
  for (const g of groups) {
    const bufs = g.paths.map((p) => findShard(files.shards, p) as ArrayBuffer);
    g.paths.forEach((p, i) => shards.set(p, bufs[i]));
    const sizes = g.weights.map(weightBytes);
    if (sizes.some((s) => s === null)) continue;
    const expected = (sizes as number[]).reduce((a, b) => a + b, 0);
    const actual = bufs.reduce((n, b) => n + b.byteLength, 0);
    if (expected !== actual) {
      const names = g.paths.length === 1 ? `"${g.paths[0]}"` : `the ${g.paths.length} files ${listNames(g.paths)}`;
      const verb = g.paths.length === 1 ? 'is' : 'are';
      const hint = actual < expected
        ? 'It is shorter than it should be: the file was probably cut off during download or copying.'
        : 'It is longer than it should be: it probably belongs to a different model, or to another version of this one.';
      return fail('shard-size', `Weight file ${g.paths.length === 1 ? `"${g.paths[0]}"` : 'group'} has the wrong size`,
        `${names} ${verb} ${actual} bytes, but model.json lists ${g.weights.length} weights that take ${expected} bytes. ${hint}`,
        'Download or export the model again, and drop model.json with the .bin files that came with it.');
    }
  }

  let metadata: ParsedMetadata | null = null;
  if (files.metadataText !== undefined) {
    const m = parseMetadata(files.metadataText);
    if (!m.ok) return m;
    metadata = m.metadata;
    warnings.push(...m.warnings);
  }

  return {
    ok: true,
    modelJson: { modelTopology: topo, weightsManifest: groups, ...(format ? { format } : {}) },
    shards,
    inputShape: input.shape,
    layers: layers.map(({ path, className }) => ({ path, className })),
    metadata,
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Loading

export type LoadResult =
  | { ok: true; model: tf.LayersModel; metadata: ModelMetadata; warnings: string[] }
  | InvalidModelFiles;

export interface LoadOptions {
  /** Shown when metadata.json does not name the model (e.g. the dropped folder's name). */
  name?: string;
}

function loadError(e: unknown): InvalidModelFiles {
  const msg = (e as Error)?.message ?? String(e);
  let m = /Provided weight data has no target variable: (\S+)/.exec(msg);
  if (m) {
    return fail('load-failed', 'The weights do not belong to this model',
      `The weight files hold a weight named "${m[1]}" that no layer in model.json has. The .bin files and model.json probably come from different models or exports.`,
      'Drop model.json with the .bin files that were written together with it.');
  }
  m = /(\d+) of (\d+) weights are not set: (.*)/.exec(msg);
  if (m) {
    return fail('load-failed', 'Some weights are missing from the weight files',
      `${m[1]} of the ${m[2]} weights the layers need are not in the weights manifest (${m[3].slice(0, 300)}). The .bin files and model.json probably come from different exports.`,
      'Drop model.json with the .bin files that were written together with it.');
  }
  if (/shape/i.test(msg)) {
    return fail('load-failed', 'The weights do not fit the layers',
      `A weight in the .bin files has a different shape from the layer that should hold it (${msg.slice(0, 300)}).`,
      'Drop model.json with the .bin files that were written together with it.');
  }
  return fail('load-failed', 'TensorFlow.js could not build this model', `The model files passed every check, but building the model failed: ${msg.slice(0, 400)}`,
    'Check that the model was converted with tensorflowjs_converter --output_format=tfjs_layers_model, and try converting it again.');
}

function shapeOf(t: tf.SymbolicTensor): (number | null)[] {
  return t.shape.map((d) => (d === -1 ? null : d));
}

/** Finds a Rescaling layer at the model's entrance: then the model expects raw 0-255 pixels. */
function startsWithRescaling(layers: { path: string; className: string }[]): boolean {
  const first = layers.find((l) => l.className !== 'InputLayer' && !MODEL_CLASSES.has(l.className));
  return first?.className === 'Rescaling';
}

function buildMetadata(v: ValidModelFiles, shape: (number | null)[], classes: number, opts: LoadOptions): ModelMetadata | InvalidModelFiles {
  const warnings = v.warnings;
  const channels = shape[3] as 1 | 3;
  const inH = shape[1] ?? null;
  const inW = shape[2] ?? null;
  const meta = v.metadata;
  const topoName = (() => {
    const t = v.modelJson.modelTopology;
    const mc = isObject(t.model_config) ? t.model_config : t;
    return isObject(mc.config) && typeof mc.config.name === 'string' ? mc.config.name : undefined;
  })();
  const name = meta?.name ?? opts.name ?? topoName ?? 'Uploaded model';

  if (meta?.labels && meta.labels.length !== classes) {
    return fail('metadata-mismatch', `metadata.json lists ${meta.labels.length} labels, but the model has ${classes} outputs`,
      `Labels (${listNames(meta.labels)}) must match the model's class scores one for one. This metadata.json probably belongs to another model.`,
      'Drop the metadata.json that came with this model, or leave it out and type the labels in.');
  }
  const labels = meta?.labels ?? Array.from({ length: classes }, (_, i) => `class ${i}`);
  const size = (d: number | null, fallback: number) => {
    if (d !== null) return d;
    warnings.push(`The model accepts any image size; Glassbox will use ${fallback} pixels. Please confirm.`);
    return fallback;
  };

  if (meta?.kind === 'teachable-machine') {
    // Teachable Machine crops the centre square, resizes it to 224x224 and computes x/127 - 1.
    // 'minusOneOne' is x/127.5 - 1: at most 0.008 apart (0.4% of the range), far below what changes
    // a prediction, and it keeps the preprocessing one of the four modes a person can read and edit.
    const w = size(inW, meta.imageSize ?? 224);
    const h = size(inH, meta.imageSize ?? 224);
    if (meta.imageSize && (meta.imageSize !== w || meta.imageSize !== h)) {
      warnings.push(`metadata.json says the image size is ${meta.imageSize}, but the model takes ${w}x${h}: Glassbox uses ${w}x${h}.`);
    }
    return { name, labels, source: 'teachable-machine', preprocessing: { width: w, height: h, channels, resize: 'centerCrop', scale: 'minusOneOne' } };
  }
  if (meta?.kind === 'glassbox' && meta.preprocessing) {
    const p = { ...meta.preprocessing };
    let needsReview = false;
    if ((inW !== null && p.width !== inW) || (inH !== null && p.height !== inH) || p.channels !== channels) {
      warnings.push(`metadata.json says the input is ${p.width}x${p.height}x${p.channels}, but the model takes ${inW ?? p.width}x${inH ?? p.height}x${channels}: Glassbox follows the model. Please check the preprocessing.`);
      p.width = inW ?? p.width;
      p.height = inH ?? p.height;
      p.channels = channels;
      needsReview = true;
    }
    return { ...meta.extra, name, labels, source: meta.extra?.source ?? 'uploaded', preprocessing: p, ...(needsReview ? { needsReview } : {}) };
  }
  // No usable preprocessing: guess it from the input shape and ask the person to confirm.
  const rescales = startsWithRescaling(v.layers);
  if (rescales) warnings.push('The model starts with a Rescaling layer, so it probably expects raw pixel values 0-255: preprocessing set to "raw255". Please confirm.');
  if (!meta) warnings.push('No metadata.json: the class labels and the preprocessing are guesses. Please confirm them.');
  const preprocessing: Preprocessing = { width: size(inW, 224), height: size(inH, 224), channels, resize: 'stretch', scale: rescales ? 'raw255' : 'zeroOne' };
  return { name, labels, source: 'uploaded', preprocessing, needsReview: true };
}

/**
 * Validates, then builds the model and checks what only a built model can tell. On any failure the
 * partly built model is freed, so the caller's current model and images are untouched.
 */
export async function loadValidatedModel(files: ModelFilesInput, opts: LoadOptions = {}): Promise<LoadResult> {
  const v = validateModelFiles(files);
  if (!v.ok) return v;
  let model: tf.LayersModel;
  try {
    model = await loadLayersModelFromFiles({ modelJson: v.modelJson, shards: v.shards });
  } catch (e) {
    return loadError(e);
  }
  const refuse = (r: InvalidModelFiles): InvalidModelFiles => {
    disposeModel(model);
    return r;
  };
  if (model.inputs.length !== 1) return refuse(fail('not-image', `The model takes ${model.inputs.length} inputs`, 'Glassbox explains models that take one image and return class scores.', 'Use a model with a single image input.'));
  const inShape = shapeOf(model.inputs[0]);
  const bad = checkImageInput(inShape);
  if (bad) return refuse({ ok: false, code: 'not-image', error: bad });
  if (model.outputs.length !== 1) {
    return refuse(fail('not-classifier', `The model has ${model.outputs.length} outputs`, 'Glassbox explains classifiers with one output: a score per class.', 'Use a model with a single classification output.'));
  }
  const outShape = shapeOf(model.outputs[0]);
  if (outShape.length !== 2) {
    return refuse(fail('not-classifier', 'The model does not output class scores',
      `Its output has shape ${describeShape(outShape)}; a classifier outputs [batch, classes]. ${outShape.length === 4 ? 'A rank-4 output is an image (segmentation, detection or an autoencoder).' : ''}`.trim(),
      'Use an image classification model (its last layer is typically a Dense layer with one unit per class).'));
  }
  const classes = outShape[1];
  if (classes === null || classes < 2) {
    return refuse(fail('not-classifier', 'The model has a single output score',
      'It outputs one number per image (a binary classifier with a sigmoid, or a regression). Glassbox needs one score per class, at least two.',
      'Re-export the binary classifier with a 2-unit softmax output layer (one unit per class).'));
  }
  const metadata = buildMetadata(v, inShape, classes, opts);
  if ('ok' in metadata) return refuse(metadata);
  // One forward pass now, so a model that cannot run on this backend fails here rather than later.
  if (inShape[1] !== null && inShape[2] !== null) {
    try {
      const finite = tf.tidy(() => {
        const y = model.predict(tf.zeros([1, inShape[1] as number, inShape[2] as number, inShape[3] as number])) as tf.Tensor;
        return tf.all(tf.isFinite(y)).dataSync()[0] === 1;
      });
      if (!finite) v.warnings.push('On a blank image the model outputs NaN or infinite scores: its weights may be damaged.');
    } catch (e) {
      return refuse(fail('load-failed', 'The model loaded but could not run', `A test prediction failed: ${((e as Error)?.message ?? String(e)).slice(0, 400)}`,
        'Try another backend in Settings; if it still fails, the model uses an operation this version of TensorFlow.js cannot run.'));
    }
  }
  return { ok: true, model, metadata, warnings: v.warnings };
}
