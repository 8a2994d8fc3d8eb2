// Test-only helpers for Node: load the shipped demo model from public/ and pick a backend.
// Not imported by app code (it uses node:fs).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { configureWasm } from '../backend/ladder';
import { loadLayersModelFromFiles } from '../model/io';
import { LoadedModel } from '../model/loaded';
import type { ModelMetadata } from '../../shared/types';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEMO_MODEL_DIR = path.join(REPO_ROOT, 'public/models/demo');

/** The CPU backend is the reference; 'wasm' is much faster for big sampled tests. */
export async function useBackend(name: 'cpu' | 'wasm' = 'cpu'): Promise<void> {
  configureWasm();
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`could not start tfjs backend ${name}`);
}

export async function loadModelDir(dir: string): Promise<LoadedModel> {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const shards = new Map<string, ArrayBuffer>();
  for (const g of modelJson.weightsManifest) {
    for (const p of g.paths) {
      const b = fs.readFileSync(path.join(dir, p));
      shards.set(p, b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    }
  }
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as ModelMetadata;
  return new LoadedModel(await loadLayersModelFromFiles({ modelJson, shards, metadata: meta }), meta);
}

export function loadDemoModel(): Promise<LoadedModel> {
  return loadModelDir(DEMO_MODEL_DIR);
}

/** Index of the maximum value (first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
