// Spreading a sampling method's batches over a pool of helper engines (issue 15 §1, "Every core").
//
// The primary engine keeps running the method: its random numbers, the composition of every batch and the
// order in which results are folded in are exactly those of a run without a pool. Only the model
// evaluations of a batch move: the primary builds batch k's inputs (makeBatch, in batch order, as before),
// then either evaluates it itself or ships the input values to an idle helper holding the same model on
// the same backend. Results are handed back strictly in batch order, so
//   result(N helpers) == result(no pool)   bit for bit,
// because each batch has the same size and values whichever engine evaluates it (same kernels, same
// backend) and every sum is accumulated in the same batch order. A helper that fails or times out has its
// batch evaluated by the primary from the very values it was sent (makeBatch is never called twice, so
// a method's random stream is never advanced twice).
//
// core never imports the worker: the pool (src/worker/pool.ts, Node's src/bench/nodePool.ts) registers
// itself here through setBatchPool, for the one model its helpers hold.

import type * as tf from '@tensorflow/tfjs';
import type { OutputHead } from '../../shared/types';
import type { CancelSignal } from './types';

/** Forward passes a helper runs: the model on x, optionally through the head, optionally one class. */
export interface ScoresTask {
  kind: 'scores';
  /** Input values, row-major [shape]. */
  x: Float32Array;
  shape: [number, number, number, number];
  target?: number;
  output?: 'logits' | 'probs';
  head?: OutputHead;
}

/** Input gradients a helper sums: sum over the batch of weight * d logit_target / dx, and the logits. */
export interface GradientsTask {
  kind: 'gradients';
  x: Float32Array;
  shape: [number, number, number, number];
  weight?: Float32Array;
  weightShape?: number[];
  target: number;
}

export type BatchTask = ScoresTask | GradientsTask;

/** What a helper sends back: 'scores' gives `scores` only; 'gradients' gives `sum` (H*W*C) and `scores`. */
export interface BatchResult {
  scores: Float32Array;
  sum?: Float32Array;
}

/** One helper engine, idle when the pool hands it out. */
export interface BatchHelper {
  /** A name for the run record and logs (e.g. "pool 1"). */
  readonly name: string;
  /** Evaluates one batch; rejects when the helper failed, died or timed out (it is then out of the pool). */
  run(task: BatchTask): Promise<BatchResult>;
}

/** A pool of helpers that hold `model` (the primary's own model object) on the primary's backend. */
export interface BatchPool {
  /** The model its helpers hold; null while they hold none (never matches a model then). */
  readonly model: tf.LayersModel | null;
  /** An idle, ready helper, marked busy until its run settles; null when none is free. */
  acquire(): BatchHelper | null;
  /** Called once per batch a helper computed (for the run record's worker count). */
  noteUsed(helper: BatchHelper): void;
}

let current: BatchPool | null = null;

/** Registers the pool (null: none). The primary engine calls it when its pool holds the active model. */
export function setBatchPool(pool: BatchPool | null): void {
  current = pool;
}

/**
 * The pool to spread batches of `model` over, or null. A pool is used only for the very model object its
 * helpers were given: a model swap, a randomised copy (sanity check) or a training model runs alone.
 */
export function poolFor(model: tf.LayersModel): BatchPool | null {
  return current && current.model !== null && current.model === model ? current : null;
}

export interface SpreadOptions<R> {
  count: number;
  batchSize: number;
  signal?: CancelSignal;
  pool: BatchPool;
  /**
   * Builds batch [start, start + size) as a task (reads its tensors' values; disposes them). Called once
   * per batch, in batch order, possibly before earlier batches' results were delivered.
   */
  build(start: number, size: number): BatchTask;
  /** Evaluates a task on the primary engine. */
  local(task: BatchTask): Promise<BatchResult>;
  /** Receives each batch's result, in batch order. */
  deliver(start: number, size: number, r: BatchResult): R | void;
  /** Lets queued messages (a cancel, helpers' replies) in between batches. */
  yieldNow(): Promise<void>;
}

/**
 * Runs batches 0..ceil(count / batchSize)-1 over the primary and the pool's idle helpers. Each batch is
 * built (in order), then handed to an idle helper if there is one, else evaluated here; results are
 * delivered in batch order. On cancel no new batch starts; batches already out are awaited (one per helper
 * at most) and the contiguous prefix of results is delivered. Returns how many inputs were delivered.
 */
export async function spreadBatches<R>(o: SpreadOptions<R>): Promise<{ done: number; cancelled: boolean }> {
  const bs = Math.max(1, o.batchSize);
  const ready = new Map<number, { size: number; r: BatchResult }>();
  const retry: { start: number; task: BatchTask }[] = [];
  const out = new Set<Promise<void>>();
  let next = 0;
  let delivered = 0;
  let cancelled = false;

  const flush = () => {
    for (let got = ready.get(delivered); got; got = ready.get(delivered)) {
      ready.delete(delivered);
      o.deliver(delivered, got.size, got.r);
      delivered += got.size;
    }
  };

  while (next < o.count || retry.length > 0 || out.size > 0) {
    await o.yieldNow();
    if (o.signal?.aborted) cancelled = true;
    const helper = !cancelled && next < o.count ? o.pool.acquire() : null;
    if (helper) {
      const start = next;
      const size = Math.min(bs, o.count - start);
      next += size;
      const task = o.build(start, size);
      const p: Promise<void> = helper.run(task).then(
        (r) => {
          o.pool.noteUsed(helper);
          ready.set(start, { size, r });
        },
        () => void retry.push({ start, task }),
      );
      out.add(p);
      void p.finally(() => out.delete(p));
    } else if (retry.length > 0) {
      // A failed helper's batch, from the values it was sent: the same input, so the same result.
      const { start, task } = retry.shift()!;
      ready.set(start, { size: task.shape[0], r: await o.local(task) });
    } else if (!cancelled && next < o.count) {
      const start = next;
      const size = Math.min(bs, o.count - start);
      next += size;
      ready.set(start, { size, r: await o.local(o.build(start, size)) });
    } else if (out.size > 0) {
      await Promise.race(out);
    } else {
      break;
    }
    flush();
  }
  flush();
  return { done: delivered, cancelled: cancelled && delivered < o.count };
}
