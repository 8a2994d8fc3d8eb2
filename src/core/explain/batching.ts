// Batched forward passes for sampling methods (LIME, SHAP, RISE, occlusion, Score-CAM...).
// The cost of a sampling method should be close to (number of passes) x (cost of one pass at the
// best batch size): build inputs in big batches, one tidy per batch, read the scores back once per batch.

import * as tf from '@tensorflow/tfjs';
import { runModel } from '../model/graph';
import { detectHead, probabilitiesFromLogits } from '../model/head';
import type { CancelSignal, ExplainContext } from './types';
import { poolFor, spreadBatches, type BatchResult, type BatchTask, type ScoresTask } from './spread';

export const DEFAULT_BATCH = 32;

/**
 * Lets the event loop run queued tasks. On the wasm and cpu backends `await tensor.data()` resolves as a
 * microtask, so a loop of batches never lets the worker read its messages, and a cancel request would
 * only arrive after the loop ends. Sampling loops call this between batches (cost: tens of microseconds).
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  if (g.setImmediate) return new Promise((r) => g.setImmediate!(r));
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      r();
    };
    ch.port2.postMessage(0);
  });
}

export interface BatchedScoresOptions {
  /** Total number of inputs. */
  count: number;
  /**
   * Builds inputs [start, start + size) as a [size, H, W, C] tensor. Called inside tf.tidy, so it may
   * create intermediate tensors freely.
   */
  makeBatch: (start: number, size: number) => tf.Tensor4D;
  /** Which class's score to return per input; all classes when omitted. */
  target?: number;
  /** 'logits' (before the final activation) or 'probs' (through the model's link, `head`). */
  output?: 'logits' | 'probs';
  /** The model's output head (ModelInfo.head): how 'probs' are made from logits. Absent means softmax. */
  head?: import('../../shared/types').OutputHead;
  batchSize?: number;
  signal?: CancelSignal;
  /** Called after every batch with how many inputs are done. */
  onBatch?: (done: number, scores: Float32Array) => void;
  /**
   * (pool) makeBatch(k) does not depend on what onBatch saw of earlier batches, so batches may be built
   * ahead and evaluated by the pool's helper engines (spread.ts); onBatch still runs once per batch, in
   * order. Leave it unset when makeBatch and onBatch share per-batch state.
   */
  independent?: boolean;
}

/**
 * Runs the model over `count` inputs in batches. Returns scores for the target class (length
 * `count`), or all classes row-major (count x classes). When cancelled it stops after the current
 * batch and returns what was computed, with `done` telling how many.
 */
export async function batchedScores(model: tf.LayersModel, o: BatchedScoresOptions): Promise<{ scores: Float32Array; done: number; cancelled: boolean }> {
  const bs = Math.max(1, o.batchSize ?? DEFAULT_BATCH);
  const classes = detectHead(model).classes; // a single sigmoid unit gives two logits, [-z, z]
  const per = o.target === undefined ? classes : 1;
  const scores = new Float32Array(o.count * per);
  const pool = o.independent ? poolFor(model) : null;
  if (pool) {
    const r = await spreadBatches({
      count: o.count,
      batchSize: bs,
      signal: o.signal,
      pool,
      yieldNow: yieldToEventLoop,
      build: (start, size): ScoresTask => {
        let task: ScoresTask | null = null;
        tf.tidy(() => {
          const x = o.makeBatch(start, size);
          // A copy: a backend may hand back the array the tensor was made from (a method's reused buffer).
          task = { kind: 'scores', x: Float32Array.from(x.dataSync() as Float32Array), shape: x.shape, target: o.target, output: o.output, head: o.head };
        });
        return task!;
      },
      local: (task) => scoresOf(model, task),
      deliver: (start, size, r) => {
        scores.set(r.scores, start * per);
        o.onBatch?.(start + size, scores);
      },
    });
    return { scores, done: r.done, cancelled: r.cancelled };
  }
  let done = 0;
  while (done < o.count) {
    if (o.signal) await yieldToEventLoop();
    if (o.signal?.aborted) return { scores, done, cancelled: true };
    const size = Math.min(bs, o.count - done);
    const start = done;
    const y = tf.tidy(() => {
      const x = o.makeBatch(start, size);
      let out = runModel(model, x, { logits: true }).output as tf.Tensor2D;
      if (o.output === 'probs') out = probabilitiesFromLogits(out, o.head);
      return o.target === undefined ? out : tf.slice(out, [0, o.target], [size, 1]);
    });
    const v = (await y.data()) as Float32Array;
    y.dispose();
    scores.set(v, start * per);
    done += size;
    o.onBatch?.(done, scores);
  }
  return { scores, done, cancelled: false };
}

/**
 * Evaluates one shipped batch (spread.ts ScoresTask) on `model`: what a pool helper runs, and what the
 * primary runs for a batch a helper failed. Same ops as batchedScores' own loop, so the same values.
 */
export async function scoresOf(model: tf.LayersModel, task: BatchTask): Promise<BatchResult> {
  if (task.kind !== 'scores') throw new Error(`scoresOf: a ${task.kind} task`);
  const size = task.shape[0];
  const y = tf.tidy(() => {
    const x = tf.tensor4d(task.x, task.shape);
    let out = runModel(model, x, { logits: true }).output as tf.Tensor2D;
    if (task.output === 'probs') out = probabilitiesFromLogits(out, task.head);
    return task.target === undefined ? out : tf.slice(out, [0, task.target], [size, 1]);
  });
  const v = Float32Array.from((await y.data()) as Float32Array);
  y.dispose();
  return { scores: v };
}

/**
 * Batch size for sampled forward passes on `backend` for inputs of `inputSize` values: as large as
 * helps (throughput on wasm/cpu flattens out by 32-64 images of 64x64x3), capped so one batch of inputs
 * stays under ~48 MB (a 224x224x3 model gets 83), and at most 32 on the GPU backends, where one long
 * batch holds the GPU and a software one crawls.
 */
export function batchSizeFor(backend: string, inputSize: number): number {
  const byMemory = Math.floor((48 * 1024 * 1024) / (Math.max(1, inputSize) * 4));
  const cap = backend === 'webgl' || backend === 'webgpu' ? 32 : 64;
  return Math.max(1, Math.min(cap, byMemory));
}

/**
 * The class score a method that follows the person's choice measures (ctx.score): `output` for
 * batchedScores ('probs' through the model's head, or 'logits'), the `score` for the run record, and the
 * units of a change in it ('probability-change' or 'logit-change').
 */
export function measuredScore(ctx: Pick<ExplainContext, 'score'>): { output: 'probs' | 'logits'; score: 'probability' | 'logit'; changeUnits: 'probability-change' | 'logit-change' } {
  return ctx.score === 'logit'
    ? { output: 'logits', score: 'logit', changeUnits: 'logit-change' }
    : { output: 'probs', score: 'probability', changeUnits: 'probability-change' };
}

/** Batch size from the context, falling back to the default. */
export function batchSizeOf(ctx: ExplainContext): number {
  return ctx.batchSize ?? DEFAULT_BATCH;
}
