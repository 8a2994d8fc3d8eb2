// The primary engine's pool of helper engines (issue 15 §1, "Every core"). The primary keeps running every
// method; spread.ts hands the forward and gradient batches of the sampling methods (LIME, SHAP, RISE,
// occlusion, Score-CAM, SmoothGrad, IG) to idle helpers and merges their results in batch order, so the same
// seed gives the same map whatever the pool's size (see spread.ts for why that holds by construction).
//
// Transport: each helper is a PoolEndpoint — in the browser a MessagePort to another engine worker that the
// page started (spawn.ts; so it works from the one-file build on file:// too), in Node a worker_threads
// Worker (src/bench/nodePool.ts). The helper side is poolServer.ts.
//
// Consistency:
// - model: a helper evaluates batches only for the model object it was given (poolFor compares identity,
//   and a load carries a generation number); every exclusive job (model swap, backend switch, training)
//   drops the helpers' model first (Engine: the "pool" block), and the next explanation loads the new one.
// - cancel: spread.ts starts no batch after a cancel; a helper has at most one batch, so Stop ends within
//   one batch on every engine.
// - failure: a helper that reports an error, whose endpoint errors, or that does not answer within
//   `timeoutMs` is closed and leaves the pool; its batch is evaluated by the primary from the same values.

import * as tf from '@tensorflow/tfjs';
import { saveLayersModelToFiles } from '../core/model/io';
import type { BatchHelper, BatchPool, BatchResult, BatchTask } from '../core/explain/spread';
import { autoHelpers } from './poolPage';

/** A message channel to one helper: a MessagePort, a Worker, a worker_threads Worker (adapters below). */
export interface PoolEndpoint {
  post(msg: PoolRequest, transfer?: Transferable[]): void;
  /** Registers the two listeners; `onLost` fires when the channel or the helper behind it fails. */
  listen(onMessage: (msg: PoolReply) => void, onLost: (why: string) => void): void;
  close(): void;
}

/** Primary -> helper. */
export type PoolRequest =
  | { t: 'load'; gen: number; backend: string; wasmPaths?: Record<string, string>; modelJson: object; weights: ArrayBuffer; shardName: string }
  | { t: 'run'; id: number; task: BatchTask }
  | { t: 'drop' }
  | { t: 'memory'; id: number };

/** Helper -> primary. */
export type PoolReply =
  | { t: 'loaded'; gen: number }
  | { t: 'failed'; gen: number; message: string }
  | { t: 'result'; id: number; result: BatchResult }
  | { t: 'error'; id: number; message: string }
  | { t: 'memory'; id: number; numTensors: number; numBytes: number };

/** The buffers of a task or result, moved rather than copied. */
export function batchTransferables(v: BatchTask | BatchResult): ArrayBuffer[] {
  const arrays = 'kind' in v ? [v.x, v.kind === 'gradients' ? v.weight : undefined] : [v.scores, v.sum];
  return arrays.filter((a): a is Float32Array => !!a).map((a) => a.buffer as ArrayBuffer);
}

type HelperState = 'empty' | 'loading' | 'ready' | 'busy' | 'lost';

class Helper implements BatchHelper {
  state: HelperState = 'empty';
  gen = -1;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> | null }>();
  onLoad: ((gen: number, error: string | null) => void) | null = null;

  constructor(
    readonly name: string,
    private readonly ep: PoolEndpoint,
    private readonly timeoutMs: number,
    private readonly onLost: (h: Helper, why: string) => void,
  ) {
    ep.listen((m) => this.hear(m), (why) => this.lose(why));
  }

  private hear(m: PoolReply): void {
    if (m.t === 'loaded' || m.t === 'failed') {
      this.onLoad?.(m.gen, m.t === 'failed' ? m.message : null);
      return;
    }
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (w.timer) clearTimeout(w.timer);
    if (m.t === 'error') {
      w.reject(new Error(`${this.name}: ${m.message}`));
      // A helper whose evaluation threw is not trusted with the next one.
      this.lose(m.message);
    } else (w.resolve as (v: unknown) => void)(m.t === 'result' ? m.result : { numTensors: m.numTensors, numBytes: m.numBytes });
  }

  private ask<T>(msg: PoolRequest & { id: number }, transfer: Transferable[], timeout: boolean): Promise<T> {
    if (this.state === 'lost') return Promise.reject(new Error(`${this.name} is gone`));
    return new Promise<T>((resolve, reject) => {
      const timer = timeout ? setTimeout(() => this.lose(`no answer within ${Math.round(this.timeoutMs / 1000)} s`), this.timeoutMs) : null;
      this.waiting.set(msg.id, { resolve: resolve as (v: never) => void, reject, timer });
      try {
        this.ep.post(msg, transfer);
      } catch (e) {
        this.lose(e instanceof Error ? e.message : String(e));
      }
    });
  }

  run(task: BatchTask): Promise<BatchResult> {
    this.state = 'busy';
    const gen = this.gen;
    // The task is copied, not transferred: if this helper fails, the primary evaluates the very same values.
    return this.ask<BatchResult>({ t: 'run', id: ++this.seq, task }, [], true).finally(() => {
      if (this.state === 'busy') this.state = this.gen === gen ? 'ready' : 'empty';
    });
  }

  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.ask({ t: 'memory', id: ++this.seq }, [], true);
  }

  post(msg: PoolRequest, transfer: Transferable[] = []): void {
    if (this.state === 'lost') return;
    try {
      this.ep.post(msg, transfer);
    } catch (e) {
      this.lose(e instanceof Error ? e.message : String(e));
    }
  }

  lose(why: string): void {
    if (this.state === 'lost') return;
    this.state = 'lost';
    for (const [id, w] of this.waiting) {
      if (w.timer) clearTimeout(w.timer);
      w.reject(new Error(`${this.name} lost: ${why}`));
      this.waiting.delete(id);
    }
    this.onLoad?.(this.gen, why);
    try {
      this.ep.close();
    } catch {
      // already closed
    }
    this.onLost(this, why);
  }
}

export interface EnginePoolOptions {
  /** How long one batch may take on a helper before it is given up as hung (ms). Default 60 s. */
  timeoutMs?: number;
  /** Hears a helper leaving the pool (logs; the health banner). */
  onLost?: (name: string, why: string) => void;
}

/**
 * Helpers the primary spreads batches over. Register it with setBatchPool (core/explain/spread.ts); it
 * serves batches only while its helpers hold the primary's current model (prepare).
 */
export class EnginePool implements BatchPool {
  private helpers: Helper[] = [];
  private gen = 0;
  private current: tf.LayersModel | null = null;
  private loading: Promise<void> | null = null;
  private used = new Set<string>();
  private lost: string[] = [];

  constructor(private readonly o: EnginePoolOptions = {}) {}

  private named = 0;

  /** Adds helpers (their endpoints); they get the current model at the next prepare(). Returns their names. */
  add(endpoints: PoolEndpoint[]): string[] {
    return endpoints.map((ep) => {
      const name = `pool ${++this.named}`;
      this.helpers.push(new Helper(name, ep, this.o.timeoutMs ?? 60_000, (h, why) => this.forget(h, why)));
      return name;
    });
  }

  private forget(h: Helper, why: string): void {
    this.helpers = this.helpers.filter((x) => x !== h);
    this.lost.push(h.name);
    this.o.onLost?.(h.name, why);
  }

  /** Helpers alive (loaded or not). */
  get size(): number {
    return this.helpers.length;
  }

  /** Helpers holding the current model, ready or busy. */
  get readyCount(): number {
    return this.helpers.filter((h) => (h.state === 'ready' || h.state === 'busy') && h.gen === this.gen).length;
  }

  get model(): tf.LayersModel | null {
    return this.current;
  }

  acquire(): BatchHelper | null {
    const h = this.helpers.find((x) => x.state === 'ready' && x.gen === this.gen);
    return h ?? null;
  }

  noteUsed(helper: BatchHelper): void {
    this.used.add(helper.name);
  }

  /** Starts counting the helpers that compute batches (one explanation). */
  beginRun(): void {
    this.used.clear();
  }

  /** Engines that computed batches since beginRun: the primary and each helper used. */
  workersUsed(): number {
    return 1 + this.used.size;
  }

  /**
   * Gives the first `limit` helpers `model` on `backend` (serialised once, sent to each). Resolves when every
   * one has answered; batches go to each helper as soon as it has loaded. Helpers beyond `limit` hold nothing.
   * A prepare for the model already held (or being loaded) returns at once.
   */
  prepare(model: tf.LayersModel, backend: string, limit: number, wasmPaths?: Record<string, string>): Promise<void> {
    if (this.current === model && this.loading) return this.loading;
    this.drop();
    this.current = model;
    const gen = this.gen;
    const chosen = this.helpers.slice(0, Math.max(0, limit));
    if (chosen.length === 0) return (this.loading = Promise.resolve());
    this.loading = (async () => {
      let saved: Awaited<ReturnType<typeof saveLayersModelToFiles>>;
      try {
        saved = await saveLayersModelToFiles(model);
      } catch {
        return; // the model went away meanwhile (a swap): the next prepare loads the new one
      }
      if (gen !== this.gen) return;
      await Promise.all(
        chosen.map(
          (h) =>
            new Promise<void>((resolve) => {
              if (h.state === 'lost') return resolve();
              h.state = 'loading';
              h.gen = gen;
              h.onLoad = (g, error) => {
                if (g !== gen) return;
                h.onLoad = null;
                if (h.state === 'loading') h.state = error ? 'empty' : 'ready';
                if (error && h.state !== 'lost') h.lose(`could not load the model: ${error}`);
                resolve();
              };
              const weights = saved.weights.slice(0);
              h.post({ t: 'load', gen, backend, wasmPaths, modelJson: saved.modelJson, weights, shardName: saved.shardName }, [weights]);
            }),
        ),
      );
    })();
    return this.loading;
  }

  /** Every helper frees its model (a model swap, backend switch or training run is about to start). */
  drop(): void {
    this.gen++;
    this.current = null;
    this.loading = null;
    for (const h of this.helpers) {
      if (h.state === 'lost') continue;
      h.onLoad = null;
      if (h.state !== 'busy') h.state = 'empty';
      h.post({ t: 'drop' });
    }
  }

  /** Each live helper's tfjs memory (leak checks). */
  memory(): Promise<{ name: string; numTensors: number; numBytes: number }[]> {
    return Promise.all(this.helpers.map(async (h) => ({ name: h.name, ...(await h.memory()) })));
  }

  /** Helpers that left the pool, with their names. */
  get lostHelpers(): readonly string[] {
    return this.lost;
  }

  /** Declares a helper gone (the page saw its worker fail). */
  lose(name: string, why: string): void {
    this.helpers.find((h) => h.name === name)?.lose(why);
  }

  /** Closes every helper. */
  close(): void {
    this.drop();
    for (const h of [...this.helpers]) h.lose('closed');
  }
}

/**
 * How many helpers to use (issue 15 §1): hardwareConcurrency - 1 (the primary is the other core), at least 1,
 * and no more than fit a memory budget, and none on the GPU backends (one device; more contexts compete for
 * it and each compiles its shaders again).
 *   per helper  = 48 MB (tfjs, the engine script, the wasm heap's floor)
 *               + 2 x the weights (the model, and its serialised copy while it loads)
 *               + 4 x one batch of inputs (the batch, activations of the widest layer, a reply in flight)
 *   budget      = a quarter of navigator.deviceMemory (Chromium reports <= 8 GB), or 1 GB when unknown
 *   N           = min(autoHelpers(cores), floor(budget / per helper)) (none below AUTO_MIN_CORES = 4 cores:
 *                 see poolPage.ts), and `chosen`, up to the memory cap, when the person set one.
 * @param a.cores navigator.hardwareConcurrency (undefined: 2)
 * @param a.deviceMemoryGb navigator.deviceMemory, GB
 * @param a.weightsBytes the model's weights, bytes
 * @param a.batchBytes one batch of inputs (batch x H x W x C x 4), bytes
 * @param a.chosen the setting: 'auto' or a count 0..
 */
export function poolSize(a: { cores?: number; deviceMemoryGb?: number; weightsBytes: number; batchBytes: number; backend: string; chosen?: number | 'auto' }): number {
  if (a.backend !== 'wasm' && a.backend !== 'cpu') return 0;
  const byCores = autoHelpers(a.cores ?? 2);
  const budget = a.deviceMemoryGb ? (a.deviceMemoryGb * 1024 ** 3) / 4 : 1024 ** 3;
  const per = 48 * 1024 ** 2 + 2 * a.weightsBytes + 4 * a.batchBytes;
  const byMemory = Math.floor(budget / per);
  const auto = Math.min(byCores, byMemory);
  if (a.chosen === undefined || a.chosen === 'auto') return auto;
  return Math.max(0, Math.min(Math.floor(a.chosen), byMemory));
}

/** A browser MessagePort (or Worker) as a PoolEndpoint. */
export function portEndpoint(port: MessagePort | Worker): PoolEndpoint {
  return {
    post: (msg, transfer = []) => port.postMessage(msg, transfer),
    listen: (onMessage, onLost) => {
      port.addEventListener('message', (e: Event) => onMessage((e as MessageEvent).data as PoolReply));
      port.addEventListener('messageerror', () => onLost('a message could not be read'));
      if ('terminate' in port) port.addEventListener('error', (e: Event) => onLost((e as ErrorEvent).message || 'the worker failed'));
      if ('start' in port) port.start();
    },
    close: () => ('terminate' in port ? port.terminate() : port.close()),
  };
}

/** Total bytes of a model's weights. */
export function weightsBytesOf(model: tf.LayersModel): number {
  return model.weights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1) * 4, 0);
}

/**
 * Makes every exclusive job of `jobs` (model swap, backend switch, training, settle) first drop the pool's
 * model, and warm the pool again when it ends: the JobQueue's exclusive path is the one door through which
 * the active model or backend changes, so no helper ever evaluates a model the primary no longer holds.
 */
export function dropPoolOnExclusive(jobs: { exclusive<T>(kind: 'swap' | 'train', fn: () => Promise<T>): Promise<T> }, pool: EnginePool, warm: () => void): void {
  const original = jobs.exclusive.bind(jobs);
  jobs.exclusive = <T>(kind: 'swap' | 'train', fn: () => Promise<T>) =>
    original(kind, async () => {
      pool.drop();
      try {
        return await fn();
      } finally {
        setTimeout(warm, 0);
      }
    });
}

/** A MessagePort as the helper's end (poolServer.ts). */
export function serverPortEndpoint(port: MessagePort): import('./poolServer').ServerEndpoint {
  return {
    post: (msg, transfer = []) => port.postMessage(msg, transfer),
    listen: (onMessage) => {
      port.addEventListener('message', (e: Event) => onMessage((e as MessageEvent).data as PoolRequest));
      port.start();
    },
  };
}
