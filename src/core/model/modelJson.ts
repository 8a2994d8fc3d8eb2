// model.json: reading the text, recognising what it is (Keras file, zip, web page, graph model,
// metadata.json…), the weights manifest, the topology (every layer TF.js must build, nested models
// flattened into paths) and the input shape. Nothing here builds a model or touches a weight.

import * as tf from '@tensorflow/tfjs';
import type { UserErrorInfo } from '../../shared/types';
import { describeShape, fail, isObject, listNames, refuse, type InvalidModelFiles, type Json } from './refusal';
import { t } from '../../shared/i18n';

export interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

export interface LayersModelJson {
  modelTopology: Json;
  weightsManifest: WeightsGroup[];
  format?: string;
}

// ---------------------------------------------------------------------------------------------
// model.json text


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
    return refuse('not-json', 'h5', {}, { action: 'model:convertHint' });
  }
  if (head.startsWith('PK\x03\x04')) {
    return refuse('not-json', 'zip', { hint: t('model:convertHint') });
  }
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') {
    return refuse('not-json', 'empty');
  }
  if (trimmed.startsWith('<')) {
    return refuse('not-json', 'html');
  }
  try {
    return { ok: true, json: JSON.parse(trimmed) };
  } catch (e) {
    return refuse('not-json', 'notJson', { reason: (e as Error).message });
  }
}

// ---------------------------------------------------------------------------------------------
// Topology: which classes TF.js can build, and the input shape

export const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

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

export interface LayerEntry {
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

/**
 * The model's input shape and number of inputs, read from the topology; `shape` (the first input's) is null
 * when the topology does not say, and `shapes` lists every input's.
 */
export function topologyInput(modelConfig: Json): { shape: (number | null)[] | null; count: number; shapes: ((number | null)[] | null)[] } {
  const cls = String(modelConfig.class_name);
  const layers = layersOf(cls, modelConfig.config);
  if (cls === 'Sequential') {
    const first = layers[0];
    if (!first) return { shape: null, count: 1, shapes: [null] };
    const firstCls = String(first.class_name);
    const cfg = isObject(first.config) ? first.config : {};
    const own = batchShapeOf(cfg);
    if (own) return { shape: own, count: 1, shapes: [own] };
    if (MODEL_CLASSES.has(firstCls)) return topologyInput(first);
    return { shape: null, count: 1, shapes: [null] };
  }
  const cfg = isObject(modelConfig.config) ? modelConfig.config : {};
  const inputs = Array.isArray(cfg.input_layers) ? cfg.input_layers : [];
  // Keras 3 writes a single input as ["name", 0, 0] rather than [["name", 0, 0]].
  const refs = inputs.length && typeof inputs[0] === 'string' ? [inputs] : inputs;
  const shapes = refs.map((ref) => {
    const name = Array.isArray(ref) ? ref[0] : undefined;
    const layer = layers.find((l, i) => entryName(l, i) === name);
    return layer && isObject(layer.config) ? batchShapeOf(layer.config) : null;
  });
  return { shape: shapes[0] ?? null, count: Math.max(1, refs.length), shapes: shapes.length ? shapes : [null] };
}

/** Why an input shape is not an image Glassbox can feed, or null when it is one. */
export function checkImageInput(shape: readonly (number | null)[]): UserErrorInfo | null {
  const what = t('model:imageInput.what');
  if (shape.length !== 4) {
    const perExample = describeShape(shape.slice(1));
    let why: string;
    if (shape.length === 2) why = t('model:imageInput.rank2', { shape: perExample, count: shape[1] ?? t('model:imageInput.some') });
    else if (shape.length === 3) why = t('model:imageInput.rank3', { shape: perExample });
    else why = t('model:imageInput.rankN', { shape: describeShape(shape), rank: shape.length });
    const action = t(shape.length === 3 ? 'model:imageInput.grayAction' : 'model:imageInput.imageAction');
    return { title: t('model:imageInput.notImage.title'), detail: t('model:imageInput.notImage.detail', { why, what }), action };
  }
  const c = shape[3];
  if (c === 1 || c === 3) return null;
  const h = shape[1];
  if ((h === 1 || h === 3) && (c === null || c > 4)) {
    const v = { shape: describeShape(shape), channels: h, what };
    return { title: t('model:imageInput.channelsFirst.title'), detail: t('model:imageInput.channelsFirst.detail', v), action: t('model:imageInput.channelsFirst.action') };
  }
  const v = { shape: describeShape(shape), what, count: c ?? t('model:imageInput.channels.unknownCount') };
  const detail = t(c === 4 ? 'model:imageInput.channels.four' : c === null ? 'model:imageInput.channels.free' : 'model:imageInput.channels.many', v);
  return { title: t('model:imageInput.channels.title', v), detail, action: t('model:imageInput.channels.action') };
}


/** model.json read and checked: everything known about the model before any layer is built. */
export interface ReadModelJson {
  ok: true;
  modelJson: LayersModelJson;
  groups: WeightsGroup[];
  /** Every layer in the topology, nested models flattened into paths. */
  layers: { path: string; className: string }[];
  /** Input shape [batch, H, W, C] as the topology states it, or null when it does not say. */
  inputShape: (number | null)[] | null;
  /** The model's own name in the topology, when it has one. */
  topologyName?: string;
  warnings: string[];
}

/**
 * Reads model.json (text, bytes or parsed JSON) and checks, most fundamental first: is it JSON, is it a
 * TF.js layers model with a weights manifest, can TF.js build every layer, does it take one image.
 * @returns the parsed model.json and what it says, or the refusal naming what is wrong (codes 'not-json',
 *   'not-tfjs', 'graph-model', 'unknown-layer', 'not-image').
 */
export function readModelJson(raw: unknown): ReadModelJson | InvalidModelFiles {
  const parsed = parseModelJson(raw);
  if (!parsed.ok) return parsed;
  const json = parsed.json;
  const warnings: string[] = [];

  if (!isObject(json)) {
    return refuse('not-tfjs', 'notObject', { type: typeof json }, { detail: Array.isArray(json) ? 'model:notObject.detail_list' : 'model:notObject.detail_other', action: 'model:convertHint' });
  }
  const topo = json.modelTopology;
  const format = typeof json.format === 'string' ? json.format : undefined;
  if (format === 'graph-model' || (isObject(topo) && Array.isArray(topo.node))) {
    return refuse('graph-model', 'graphModel');
  }
  if (!isObject(topo)) {
    if (Array.isArray(json.labels)) {
      return refuse('not-tfjs', 'metadataJson');
    }
    if (typeof json.class_name === 'string' && 'config' in json) {
      return refuse('not-tfjs', 'kerasConfig', {}, { action: 'model:convertHint' });
    }
    return refuse('not-tfjs', 'noTopology', {}, { action: 'model:convertHint' });
  }
  if (format && format !== 'layers-model') warnings.push(t('model:formatWarning', { format }));
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) {
    return refuse('not-tfjs', 'noManifest');
  }
  const groups: WeightsGroup[] = [];
  for (const g of manifest) {
    if (!isObject(g) || !Array.isArray(g.paths) || !g.paths.every((p) => typeof p === 'string') || !Array.isArray(g.weights) || !g.weights.every(isObject)) {
      return refuse('not-tfjs', 'badManifest');
    }
    groups.push({ paths: g.paths as string[], weights: g.weights as unknown as tf.io.WeightsManifestEntry[] });
  }
  // tensorflowjs_converter nests the model under model_config; TF.js's own save does not.
  const modelConfig = isObject(topo.model_config) ? topo.model_config : topo;
  if (typeof modelConfig.class_name !== 'string' || !('config' in modelConfig)) {
    return refuse('not-tfjs', 'noConfig', {}, { action: 'model:convertHint' });
  }
  if (!MODEL_CLASSES.has(modelConfig.class_name)) {
    return refuse('not-tfjs', 'notModel', { className: modelConfig.class_name }, { action: 'model:convertHint' });
  }

  // Layers TF.js cannot build.
  const layers = walkTopology(modelConfig);
  const known = knownLayerClasses();
  const unknown = layers.filter((l) => !known.has(l.className));
  if (unknown.length) {
    const u = unknown[0];
    const others = unknown.length > 1 ? t('model:unknownLayer.others', { count: unknown.length - 1, names: listNames(unknown.slice(1).map((l) => `${l.path} (${l.className})`)) }) : '';
    const whyKey = u.className === 'Lambda' ? 'lambda' : u.className === 'TFOpLambda' || u.className === 'SlicingOpLambda' ? 'tfOp' : 'custom';
    const why = t(`model:unknownLayer.${whyKey}`, { className: u.className });
    return fail('unknown-layer', t('model:unknownLayer.title', { className: u.className, path: u.path }), `${why}${others}`, t('model:unknownLayer.action'));
  }

  // Input: an image?
  const input = topologyInput(modelConfig);
  if (input.count > 1) {
    const shapes = input.shapes.map((sh) => (sh ? describeShape(sh) : t('model:inputs.unknown'))).join(', ');
    return refuse('not-image', 'inputs', { count: input.count, shapes });
  }
  if (input.shape) {
    const bad = checkImageInput(input.shape);
    if (bad) return { ok: false, code: 'not-image', error: bad };
  }
  const topologyName = isObject(modelConfig.config) && typeof modelConfig.config.name === 'string' ? modelConfig.config.name : undefined;
  return {
    ok: true,
    modelJson: { modelTopology: topo, weightsManifest: groups, ...(format ? { format } : {}) },
    groups,
    layers: layers.map(({ path, className }) => ({ path, className })),
    inputShape: input.shape,
    topologyName,
    warnings,
  };
}
