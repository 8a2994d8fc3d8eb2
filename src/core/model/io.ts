// Loading and saving TensorFlow.js layers models from plain bytes, so the same code serves the
// worker (fetch, dropped files), Node tests (fs) and the training script.

import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../../shared/types';
import { disposeModel } from './graph';

export interface ModelFiles {
  /** Parsed model.json. */
  modelJson: unknown;
  /** Weight shards by the path named in the manifest. */
  shards: Map<string, ArrayBuffer>;
  metadata?: ModelMetadata;
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), o);
    o += b.byteLength;
  }
  return out.buffer;
}

/**
 * Builds the model from its topology, then loads the weights into it. Done in two steps rather than
 * with tf.loadLayersModel(fromMemory(...)) so that when the weights do not fit (wrong names, shapes or
 * counts) the half-built model and the decoded weights are freed: tfjs 4.22 leaks both on that path.
 * The cost: the layers' initialisers run once before being overwritten (milliseconds for the models
 * Glassbox meets).
 */
export async function loadLayersModelFromFiles(files: ModelFiles): Promise<tf.LayersModel> {
  const json = files.modelJson as ModelJson;
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest ?? []) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      const b = files.shards.get(p);
      if (!b) throw new Error(`weight shard "${p}" is missing`);
      buffers.push(b);
    }
  }
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology }));
  let named: tf.NamedTensorMap = {};
  try {
    named = tf.io.decodeWeights(concat(buffers), weightSpecs);
    // Optimizer state saved with a model is of no use here.
    const modelWeights: tf.NamedTensorMap = {};
    for (const spec of weightSpecs) if ((spec as { group?: string }).group !== 'optimizer') modelWeights[spec.name] = named[spec.name];
    model.loadWeights(modelWeights, true);
  } catch (e) {
    disposeModel(model);
    throw e;
  } finally {
    tf.dispose(Object.values(named));
  }
  return model;
}

/**
 * Fetches model.json, its shards and metadata.json. `where` is a base URL ending in '/' or a function
 * from file name to URL (the one-file build passes data: URLs).
 */
export async function fetchModelFiles(where: string | ((name: string) => string), fetchFn: typeof fetch = fetch): Promise<ModelFiles> {
  const url = typeof where === 'string' ? (name: string) => where + name : where;
  const res = await fetchFn(url('model.json'));
  if (!res.ok) throw new Error(`model.json: HTTP ${res.status}`);
  const modelJson = (await res.json()) as ModelJson;
  const shards = new Map<string, ArrayBuffer>();
  for (const group of modelJson.weightsManifest ?? []) {
    for (const p of group.paths) {
      const r = await fetchFn(url(p));
      if (!r.ok) throw new Error(`weight shard ${p}: HTTP ${r.status}`);
      shards.set(p, await r.arrayBuffer());
    }
  }
  let metadata: ModelMetadata | undefined;
  const m = await fetchFn(url('metadata.json'));
  if (m.ok) metadata = (await m.json()) as ModelMetadata;
  return { modelJson, shards, metadata };
}

/** Serialises a model into the files tensorflowjs_converter writes: model.json + one shard. */
export async function saveLayersModelToFiles(model: tf.LayersModel, shardName = 'group1-shard1of1.bin'): Promise<{ modelJson: object; weights: ArrayBuffer; shardName: string }> {
  let result: { modelJson: object; weights: ArrayBuffer; shardName: string } | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const weights = Array.isArray(data) ? concat(data) : (data as ArrayBuffer);
      result = {
        shardName,
        weights,
        modelJson: {
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: 'glassbox',
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [shardName], weights: artifacts.weightSpecs }],
        },
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!result) throw new Error('model.save produced nothing');
  return result;
}
