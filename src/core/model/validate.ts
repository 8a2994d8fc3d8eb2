// Checks a dropped model (model.json + weight shards + optional metadata.json) before anything runs,
// and turns every way it can be broken into a message that says what is wrong and what to do.
// Like netron's model factories, each check names the exact fact it found (which shard, how many
// bytes, which layer and class), because "failed to load model" helps nobody.
//
// Order of checks, most fundamental first: model.json (modelJson.ts: is it JSON, is it TF.js, is it a
// layers model, can TF.js build every layer, is the input an image), the input's size (budget.ts), the
// shards (shards.ts: all there, sizes as the manifest says), metadata.json (metadata.ts). Then
// `loadValidatedModel` builds the model and checks what only a built model can tell: one image input,
// one output of class scores and its head (head.ts), the memory one input takes at the size Glassbox
// will feed it, finite weights and a finite test prediction; and assembles ModelMetadata.

import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../../shared/types';
import { MAX_INPUT_SIDE, memoryRefusal, sideTooLarge } from './budget';
import { disposeModel, walkLayers } from './graph';
import { detectHead } from './head';
import { loadLayersModelFromFiles } from './io';
import { metadataFor, parseMetadata, type ParsedMetadata } from './metadata';
import { checkImageInput, readModelJson, type LayersModelJson } from './modelJson';
import { describeShape, fail, listNames, refuse, type InvalidModelFiles } from './refusal';
import { t } from '../../shared/i18n';
import { matchShards } from './shards';

export interface ModelFilesInput {
  /** model.json: its raw text (or bytes), or already parsed. */
  modelJson: unknown;
  /** Weight shards by file name (a dropped file's name, or a path ending in it). */
  shards: Map<string, ArrayBuffer>;
  /** Raw text of metadata.json, when the person gave one. */
  metadataText?: string;
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
  /** The model's own name in its topology, when it has one. */
  topologyName?: string;
  metadata: ParsedMetadata | null;
  /** Things that are not wrong enough to refuse the model, in plain language. */
  warnings: string[];
}

export type ValidationResult = ValidModelFiles | InvalidModelFiles;

/** Refusal of a fixed input larger than MAX_INPUT_SIDE, naming the size and the limit; null when it fits. */
function fixedInputTooLarge(shape: readonly (number | null)[]): InvalidModelFiles | null {
  const h = shape[1] ?? 0;
  const w = shape[2] ?? 0;
  const why = sideTooLarge(w, h);
  if (!why) return null;
  return refuse('too-large', 'tooLarge', { width: w > 0 ? w : t('model:any'), height: h > 0 ? h : t('model:any'), shape: describeShape(shape), why, max: MAX_INPUT_SIDE });
}

/**
 * Checks the files of a model without building it.
 * @returns the parsed model.json, the shards keyed by the manifest's paths, the input shape and layer list
 *   read from the topology, the parsed metadata.json and warnings; or the first refusal found (see refusal.ts).
 */
export function validateModelFiles(files: ModelFilesInput): ValidationResult {
  const read = readModelJson(files.modelJson);
  if (!read.ok) return read;
  const warnings = [...read.warnings];
  if (read.inputShape) {
    const big = fixedInputTooLarge(read.inputShape);
    if (big) return big;
  }
  const matched = matchShards(read.groups, files.shards);
  if (!matched.ok) return matched;
  let metadata: ParsedMetadata | null = null;
  if (files.metadataText !== undefined) {
    const m = parseMetadata(files.metadataText);
    if (!m.ok) return m;
    metadata = m.metadata;
    warnings.push(...m.warnings);
  }
  return {
    ok: true,
    modelJson: read.modelJson,
    shards: matched.shards,
    inputShape: read.inputShape,
    layers: read.layers,
    ...(read.topologyName !== undefined ? { topologyName: read.topologyName } : {}),
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
    return fail('load-failed', t('model:load.foreignWeight.title'), t('model:load.foreignWeight.detail', { name: m[1] }), t('model:load.sameExport'));
  }
  m = /(\d+) of (\d+) weights are not set: (.*)/.exec(msg);
  if (m) {
    return fail('load-failed', t('model:load.missingWeights.title'), t('model:load.missingWeights.detail', { missing: m[1], total: m[2], names: m[3].slice(0, 300) }), t('model:load.sameExport'));
  }
  if (/shape/i.test(msg)) {
    return fail('load-failed', t('model:load.shape.title'), t('model:load.shape.detail', { reason: msg.slice(0, 300) }), t('model:load.sameExport'));
  }
  return refuse('load-failed', 'load.build', { reason: msg.slice(0, 400) });
}

function shapeOf(t: tf.SymbolicTensor): (number | null)[] {
  return t.shape.map((d) => (d === -1 ? null : d));
}


/** What only a built model can tell about its input and output, or the refusal naming the shapes. */
function checkBuiltShapes(model: tf.LayersModel): InvalidModelFiles | null {
  if (model.inputs.length !== 1) {
    return fail('not-image', t('model:built.inputs.title', { count: model.inputs.length }),
      t('model:built.inputs.detail', { shapes: model.inputs.map((x) => describeShape(shapeOf(x))).join(', '), single: t('model:built.single') }), t('model:inputs.action'));
  }
  const inShape = shapeOf(model.inputs[0]);
  const bad = checkImageInput(inShape);
  if (bad) return { ok: false, code: 'not-image', error: bad };
  const big = fixedInputTooLarge(inShape);
  if (big) return big;
  if (model.outputs.length !== 1) {
    return fail('not-classifier', t('model:built.outputs.title', { count: model.outputs.length }),
      t('model:built.outputs.detail', { shapes: model.outputs.map((x) => describeShape(shapeOf(x))).join(', '), single: t('model:built.single') }), t('model:built.outputs.action'));
  }
  const outShape = shapeOf(model.outputs[0]);
  if (outShape.length !== 2) {
    return fail('not-classifier', t('model:built.notScores.title'),
      t('model:built.notScores.detail', { shape: describeShape(outShape) }) + (outShape.length === 4 ? t('model:built.notScores.image') : ''),
      t('model:built.notScores.action'));
  }
  const h = detectHead(model);
  if (h.classes < 2) {
    const sigmoidHint = t(h.head === 'softmax' ? 'model:built.oneScore.softmax' : 'model:built.oneScore.noSigmoid');
    return refuse('not-classifier', 'built.oneScore', { shape: describeShape(outShape), hint: h.units === 1 ? sigmoidHint : '' });
  }
  return null;
}

/** Names of weights holding NaN or ±Infinity (every layer, nested models included). One read-back. */
export function nonFiniteWeights(model: tf.LayersModel): string[] {
  const vars = walkLayers(model).flatMap(({ layer }) => layer.weights);
  if (!vars.length) return [];
  const ok = tf.tidy(() => tf.stack(vars.map((v) => tf.all(tf.isFinite(tf.cast(v.read(), 'float32'))))).dataSync());
  // originalName is the name in the weight files; tfjs suffixes `name` (_1, _2…) to keep it unique in the session.
  return vars.filter((_, i) => !ok[i]).map((v) => v.originalName ?? v.name);
}

/** A refusal when the weights or a test prediction are not finite, or the test prediction fails to run. */
function checkRuns(model: tf.LayersModel, meta: ModelMetadata): InvalidModelFiles | null {
  const bad = nonFiniteWeights(model);
  if (bad.length) {
    return refuse('bad-weights', 'load.nanWeights', { count: bad.length, names: listNames(bad) });
  }
  const p = meta.preprocessing;
  try {
    const finite = tf.tidy(() => {
      const y = model.predict(tf.zeros([1, p.height, p.width, p.channels])) as tf.Tensor;
      return tf.all(tf.isFinite(y)).dataSync()[0] === 1;
    });
    if (!finite) {
      return refuse('bad-weights', 'load.nanOutput', { width: p.width, height: p.height });
    }
  } catch (e) {
    return refuse('load-failed', 'load.run', { reason: ((e as Error)?.message ?? String(e)).slice(0, 400) });
  }
  return null;
}

/**
 * Validates, then builds the model and checks what only a built model can tell (see the top of this file).
 * On any failure the partly built model is freed, so the caller's current model and images are untouched.
 * @returns the built model, its ModelMetadata and warnings; or the refusal (codes in refusal.ts).
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
  const shapes = checkBuiltShapes(model);
  if (shapes) return refuse(shapes);
  const head = detectHead(model);
  const metadata = metadataFor(v.metadata, { inputShape: shapeOf(model.inputs[0]), classes: head.classes, outputUnits: head.units, layers: v.layers, topologyName: v.topologyName }, v.warnings, opts.name);
  if ('ok' in metadata) return refuse(metadata);
  const p = metadata.preprocessing;
  const memory = memoryRefusal(model, p.height, p.width, p.channels);
  if (memory) return refuse({ ok: false, code: 'too-large', error: memory });
  // One forward pass now, so a model that cannot run on this backend, or runs to NaN, fails here rather than later.
  const runs = checkRuns(model, metadata);
  if (runs) return refuse(runs);
  return { ok: true, model, metadata, warnings: v.warnings };
}
