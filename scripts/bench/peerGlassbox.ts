// Glassbox's side of `npm run bench -- --peer`: the core on tfjs's wasm backend in Node (one engine, one
// thread: what the bench's node figures measure), with the demo model and the same image the Python peer
// gets. Each function times one item and returns milliseconds; scripts/bench/peer.ts interleaves them
// with the peer's runs.

import * as tf from '@tensorflow/tfjs';
import { batchSizeFor } from '../../src/core/explain/batching';
import { getMethod } from '../../src/core/explain/registry';
import type { ExplainContext } from '../../src/core/explain/types';
import { validateOptions } from '../../src/core/explain/types';
import { runModel } from '../../src/core/model/graph';
import type { LoadedModel } from '../../src/core/model/loaded';
import { slic, SLIC_DEFAULTS } from '../../src/core/segment/slic';
import { SPLIT_SEEDS, syntheticSample } from '../../src/core/data/synthetic';
import { mulberry32 } from '../../src/core/data/rng';
import { loadDemoModel, useBackend } from '../../src/core/testing/node';
import { passFactsOf, passesOf } from '../../src/bench/passes';
import type { RgbaImage } from '../../src/shared/types';
import { setBatchPool } from '../../src/core/explain/spread';
import { EnginePool } from '../../src/worker/pool';
import { spawnNodeHelper } from '../../src/worker/poolNode';

export interface GlassboxSide {
  backend: string;
  /** The image (H*W*C, model input scale), its shape and the explained class. */
  values: Float32Array;
  shape: [number, number, number];
  target: number;
  /** Engine batch size for sampled forward passes on this backend. */
  engineBatch: number;
  camLayer: string;
  /** The 224x224 image SLIC segments on both sides. */
  slicImage: RgbaImage;
  /** Inputs (count x H*W*C) and Glassbox's probabilities for them, for the equality check. */
  check: { count: number; inputs: Float32Array; probs: Float32Array };
  lime(samples: number): Promise<{ ms: number; passes: number; segments?: number }>;
  /**
   * The same LIME run with its batches spread over a pool of `helpers` more engines (worker_threads, the
   * browser's pool code: src/worker/pool.ts, poolNode.ts); the result is bit-identical to lime()'s. The pool
   * starts on the first call and stays until dispose().
   */
  limePooled(samples: number, helpers: number): Promise<{ ms: number; engines: number }>;
  forward(batch: number, total: number): Promise<{ ms: number; passes: number }>;
  gradcam(): Promise<{ ms: number }>;
  slic(): { ms: number; segments: number };
  dispose(): void;
}

let poolStart: Promise<EnginePool> | null = null;

/** The model's softmax probabilities for a batch (count x H*W*C values), as the app computes them. */
async function probs(m: LoadedModel, inputs: Float32Array, count: number, shape: [number, number, number]): Promise<Float32Array> {
  const y = tf.tidy(() => tf.softmax(runModel(m.model, tf.tensor4d(inputs, [count, ...shape]), { logits: true }).output as tf.Tensor2D));
  const out = (await y.data()) as Float32Array;
  y.dispose();
  return out;
}

/** Loads the demo model on wasm and prepares the subject (the bench's demo-gallery-like lesion image). */
export async function glassboxSide(): Promise<GlassboxSide> {
  await useBackend('wasm');
  const m = await loadDemoModel();
  const p = m.meta.preprocessing;
  const img = syntheticSample(SPLIT_SEEDS.gallery, 1, { size: p.width, label: 1 }).image;
  const input = m.inputTensor(img);
  const values = (await input.data()) as Float32Array;
  const shape: [number, number, number] = [input.shape[1], input.shape[2], input.shape[3]];
  const p0 = await m.probabilities(input);
  const target = p0.indexOf(Math.max(...p0));
  const engineBatch = batchSizeFor(tf.getBackend(), input.size);
  const camLayer = m.info.defaultCamLayer ?? '';
  const ctx: ExplainContext = { model: m.model, info: m.info, preprocessing: p, batchSize: engineBatch, onProgress: () => undefined };

  // Equality check inputs: the image, 8 seeded uniform-noise images and 7 images with random pixels greyed.
  const n = values.length;
  const count = 16;
  const inputs = new Float32Array(count * n);
  const rng = mulberry32(0x9ee5);
  inputs.set(values, 0);
  for (let b = 1; b < count; b++) for (let i = 0; i < n; i++) inputs[b * n + i] = b <= 8 ? rng() : rng() < 0.3 ? 0.5 : values[i];
  const check = { count, inputs, probs: await probs(m, inputs, count, shape) };

  const slicImage = syntheticSample(SPLIT_SEEDS.gallery, 1, { size: 224, label: 1 }).image;
  const limeMethod = getMethod('lime');
  const camMethod = getMethod('gradcam');
  const bufs = new Map<number, Float32Array>();

  return {
    backend: tf.getBackend(),
    values, shape, target, engineBatch, camLayer, slicImage, check,
    async lime(samples) {
      // Glassbox's own LIME defaults, at a fixed budget of `samples` (the comparison).
      const o = validateOptions(limeMethod, { ...limeMethod.defaultOptions, samples, seed: 0 });
      const t0 = performance.now();
      const r = await limeMethod.explain(ctx, input, target, o as never);
      const ms = performance.now() - t0;
      // Passes actually spent (an "until stable" budget may stop early: then the row says so).
      const facts = passFactsOf(r);
      return { ms, passes: facts.done ?? passesOf('lime', facts, o).forward, segments: r.regions?.values.length };
    },
    async limePooled(samples, helpers) {
      poolStart ??= (async () => {
        const pool = new EnginePool({ timeoutMs: 300_000, onLost: (name, why) => console.log(`[pool] ${name} lost: ${why}`) });
        for (let i = 0; i < helpers; i++) pool.add([spawnNodeHelper().endpoint]);
        await pool.prepare(m.model, tf.getBackend(), helpers);
        if (pool.readyCount !== helpers) throw new Error(`only ${pool.readyCount} of ${helpers} helper engines loaded the model`);
        return pool;
      })();
      const pool = await poolStart;
      const o = validateOptions(limeMethod, { ...limeMethod.defaultOptions, samples, seed: 0 });
      setBatchPool(pool);
      pool.beginRun();
      try {
        const t0 = performance.now();
        await limeMethod.explain(ctx, input, target, o as never);
        return { ms: performance.now() - t0, engines: pool.workersUsed() };
      } finally {
        setBatchPool(null);
      }
    },
    async forward(batch, total) {
      // As the bench's forward figure: upload a batch from a JS array, softmax, the target's column, read back.
      let buf = bufs.get(batch);
      if (!buf) {
        buf = new Float32Array(n * batch);
        for (let b = 0; b < batch; b++) buf.set(values, b * n);
        bufs.set(batch, buf);
      }
      const reps = Math.floor(total / batch);
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) {
        const y = tf.tidy(() => {
          const out = tf.softmax(runModel(m.model, tf.tensor4d(buf, [batch, ...shape]), { logits: true }).output as tf.Tensor2D);
          return tf.slice(out, [0, target], [batch, 1]);
        });
        await y.data();
        y.dispose();
      }
      return { ms: performance.now() - t0, passes: reps * batch };
    },
    async gradcam() {
      const o = validateOptions(camMethod, camMethod.defaultOptions);
      const t0 = performance.now();
      await camMethod.explain({ ...ctx, camLayer }, input, target, o as never);
      return { ms: performance.now() - t0 };
    },
    slic() {
      const t0 = performance.now();
      const s = slic(slicImage, { segments: SLIC_DEFAULTS.segments, compactness: SLIC_DEFAULTS.compactness });
      return { ms: performance.now() - t0, segments: s.count };
    },
    dispose() {
      void poolStart?.then((p) => p.close(), () => undefined);
      poolStart = null;
      input.dispose();
      m.dispose();
    },
  };
}
