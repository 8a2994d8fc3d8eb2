// Test-only: an Engine on the wasm backend (Node) with the demo model loaded from public/models/demo, as
// the page starts it (init with the model's files as data: URLs).

import fs from 'node:fs';
import path from 'node:path';
import { configureWasm } from '../core/backend/ladder';
import { DEMO_MODEL_DIR } from '../core/testing/node';
import { Engine } from './engine';

export const DEMO_FILES = ['model.json', 'group1-shard1of1.bin', 'metadata.json'];
export const demoBytes = (name: string): Buffer => fs.readFileSync(path.join(DEMO_MODEL_DIR, name));

/** Weight tensors the demo model.json declares (what the model adds to tf.memory().numTensors). */
export const DEMO_WEIGHTS: number = (JSON.parse(demoBytes('model.json').toString('utf8')) as { weightsManifest: { weights: unknown[] }[] }).weightsManifest.reduce(
  (n, g) => n + g.weights.length,
  0,
);

/** A started Engine holding the demo model on wasm. */
export async function demoEngine(): Promise<Engine> {
  configureWasm();
  const engine = new Engine();
  const files = Object.fromEntries(DEMO_FILES.map((n) => [n, `data:application/octet-stream;base64,${demoBytes(n).toString('base64')}`]));
  const r = await engine.init({ wasmPaths: {}, demoModel: { base: '', files } });
  if (r.backend.active !== 'wasm') await engine.setBackend('wasm');
  return engine;
}
