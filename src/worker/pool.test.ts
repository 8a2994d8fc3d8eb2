// The engine pool (issue 15 §1): batches spread over helper engines come back in order, the same seed gives
// the same map whatever the pool's size, Stop stops all, a dying helper's batch is recomputed by the primary,
// and a model swap reaches every helper. Helpers are real worker_threads threads with their own tfjs (as
// the bench's), except where a fake helper is needed to force an order or a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { demoModel, lesionSample, LESION, contextOf } from '../core/explain/testkit';
import { useBackend } from '../core/testing/node';
import { validateOptions, type ExplainContext, type ExplainMethod } from '../core/explain/types';
import { lime } from '../core/explain/methods/lime';
import { rise } from '../core/explain/methods/rise';
import { smoothGrad } from '../core/explain/methods/smoothGrad';
import { setBatchPool, spreadBatches, poolFor, type BatchHelper, type BatchPool, type BatchResult, type BatchTask } from '../core/explain/spread';
import { EnginePool, poolSize } from './pool';
import { spawnNodeHelper } from './poolNode';
import type { LoadedModel } from '../core/model/loaded';
import type { Worker } from 'node:worker_threads';
import type { Attribution, OptionValues } from '../shared/types';

const BATCH = 16;

async function run(method: ExplainMethod, lm: LoadedModel, options: Partial<OptionValues>, extra: Partial<ExplainContext> = {}): Promise<Attribution> {
  const x = lm.inputTensor(lesionSample(3).image);
  try {
    return await method.explain(contextOf(lm, { batchSize: BATCH, ...extra }), x, LESION, validateOptions(method, options));
  } finally {
    x.dispose();
  }
}

describe('spreadBatches (fake helpers)', () => {
  // A task's "input" is its start index; a helper answers 10 x start after a delay, so later batches may
  // come back first.
  const task = (start: number, size: number): BatchTask => ({ kind: 'scores', x: Float32Array.from({ length: size }, (_, i) => start + i), shape: [size, 1, 1, 1] });
  const answer = (t: BatchTask): BatchResult => ({ scores: t.x.map((v) => 10 * v) });
  function fakePool(delays: number[], fail: (call: number) => boolean = () => false) {
    let call = 0;
    const busy = new Set<number>();
    const used = new Set<string>();
    const helpers: BatchHelper[] = delays.map((ms, i) => ({
      name: `fake ${i}`,
      run: (t) => {
        busy.add(i);
        const n = call++;
        return new Promise<BatchResult>((resolve, reject) =>
          setTimeout(() => {
            busy.delete(i);
            if (fail(n)) reject(new Error('died'));
            else resolve(answer(t));
          }, ms),
        );
      },
    }));
    const pool: BatchPool & { used: Set<string> } = {
      model: null,
      acquire: () => helpers.find((_, i) => !busy.has(i)) ?? null,
      noteUsed: (h) => used.add(h.name),
      used,
    };
    return pool;
  }
  const yieldNow = () => new Promise<void>((r) => setImmediate(r));

  it('delivers every batch once, in batch order, with helpers answering out of order', async () => {
    const pool = fakePool([30, 1]);
    const order: number[] = [];
    const got = new Float32Array(100);
    const built: number[] = [];
    const r = await spreadBatches({
      count: 100, batchSize: 7, pool, yieldNow,
      build: (s, n) => (built.push(s), task(s, n)),
      local: async (t) => answer(t),
      deliver: (s, n, res) => {
        order.push(s);
        got.set(res.scores, s);
      },
    });
    expect(r).toEqual({ done: 100, cancelled: false });
    const starts = Array.from({ length: 15 }, (_, k) => 7 * k); // ceil(100 / 7) = 15 batches
    expect(order).toEqual(starts);
    expect(built).toEqual(starts); // built once each, in order
    expect(Array.from(got)).toEqual(Array.from({ length: 100 }, (_, i) => 10 * i));
    expect(pool.used.size).toBe(2); // both helpers computed something
  });

  it('a helper that fails has its batch computed by the primary from the same values', async () => {
    const pool = fakePool([5, 5], (n) => n % 3 === 1);
    const got = new Float32Array(64);
    let builds = 0;
    const locals: number[] = [];
    const r = await spreadBatches({
      count: 64, batchSize: 8, pool, yieldNow,
      build: (s, n) => (builds++, task(s, n)),
      local: async (t) => (locals.push(t.x[0]), answer(t)),
      deliver: (s, _n, res) => got.set(res.scores, s),
    });
    expect(r.done).toBe(64);
    expect(builds).toBe(8); // never built twice
    expect(Array.from(got)).toEqual(Array.from({ length: 64 }, (_, i) => 10 * i));
    expect(locals.length).toBeGreaterThan(0);
  });

  it('Stop: no batch starts after the cancel, those out are awaited, a contiguous prefix is delivered', async () => {
    const pool = fakePool([20, 20]);
    const signal = { aborted: false };
    const delivered: number[] = [];
    let built = 0;
    let builtAfterStop = 0;
    const r = await spreadBatches({
      count: 1000, batchSize: 10, pool, yieldNow, signal,
      build: (s, n) => {
        built++;
        if (signal.aborted) builtAfterStop++;
        if (built === 5) signal.aborted = true;
        return task(s, n);
      },
      local: async (t) => answer(t),
      deliver: (s) => delivered.push(s),
    });
    expect(builtAfterStop).toBe(0);
    expect(r.cancelled).toBe(true);
    expect(r.done).toBe(10 * delivered.length);
    expect(delivered).toEqual(delivered.map((_, k) => 10 * k));
    expect(delivered.length).toBe(5); // all five batches built were awaited and delivered
    expect(pool.acquire()).not.toBeNull(); // helpers idle again
  });
});

describe('EnginePool with worker_threads helpers on wasm', () => {
  let lm: LoadedModel;
  const threads: Worker[] = [];
  let pool1: EnginePool;
  let pool2: EnginePool;

  function makePool(n: number): EnginePool {
    const p = new EnginePool({ timeoutMs: 120_000 });
    for (let i = 0; i < n; i++) {
      const { endpoint, worker } = spawnNodeHelper();
      threads.push(worker);
      p.add([endpoint]);
    }
    return p;
  }

  beforeAll(async () => {
    await useBackend('wasm');
    lm = await demoModel();
    pool1 = makePool(1);
    pool2 = makePool(2);
    await Promise.all([pool1.prepare(lm.model, 'wasm', 1), pool2.prepare(lm.model, 'wasm', 2)]);
    expect(pool1.readyCount).toBe(1);
    expect(pool2.readyCount).toBe(2);
  });
  afterAll(() => {
    setBatchPool(null);
    pool1?.close();
    pool2?.close();
  });

  async function withPool<T>(pool: EnginePool | null, fn: () => Promise<T>): Promise<{ out: T; workers: number }> {
    setBatchPool(pool);
    pool?.beginRun();
    try {
      return { out: await fn(), workers: pool ? pool.workersUsed() : 1 };
    } finally {
      setBatchPool(null);
    }
  }

  const cases: [string, ExplainMethod, Partial<OptionValues>][] = [
    ['LIME', lime, { samples: 160, seed: 11 }],
    ['RISE', rise, { masks: 160, seed: 12 }],
    ['SmoothGrad', smoothGrad, { samples: 48, seed: 13 }],
  ];
  for (const [name, method, options] of cases) {
    it(`${name}: the same seed gives exactly the same map with 0, 1 and 2 helpers`, async () => {
      const before = tf.memory().numTensors;
      const solo = await withPool(null, () => run(method, lm, options));
      const one = await withPool(pool1, () => run(method, lm, options));
      const two = await withPool(pool2, () => run(method, lm, options));
      expect(tf.memory().numTensors).toBe(before);
      // The helpers really computed batches (the primary and every helper).
      expect(one.workers).toBe(2);
      expect(two.workers).toBe(3);
      // Bit-for-bit: each batch is the same input on the same kernels, folded in the same order.
      expect(Array.from(one.out.values)).toEqual(Array.from(solo.out.values));
      expect(Array.from(two.out.values)).toEqual(Array.from(solo.out.values));
      expect(solo.out.values.some((v) => v !== 0)).toBe(true);
      // A different seed gives a different map (the comparison above can fail).
      const other = await withPool(pool2, () => run(method, lm, { ...options, seed: (options.seed as number) + 100 }));
      expect(Array.from(other.out.values)).not.toEqual(Array.from(solo.out.values));
    });
  }

  it('Stop during a pooled LIME run returns a partial result and leaves every engine idle and leak-free', async () => {
    const signal = { aborted: false };
    let batches = 0;
    const before = tf.memory().numTensors;
    const { out } = await withPool(pool2, () =>
      run(lime, lm, { samples: 2000, seed: 5 }, {
        signal,
        onProgress: () => {
          if (++batches === 3) signal.aborted = true;
        },
      }),
    );
    expect(out.run.cancelled).toBe(true);
    expect(out.run.evaluations.done).toBeLessThan(2000);
    expect(out.run.evaluations.done % BATCH).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(pool2.readyCount).toBe(2);
    expect(pool2.acquire()).not.toBeNull();
  });

  it('a helper thread that dies mid-run is noticed; the run finishes on the others with the same map', async () => {
    const pool = makePool(2);
    await pool.prepare(lm.model, 'wasm', 2);
    const options = { masks: 320, seed: 21 };
    const solo = await withPool(null, () => run(rise, lm, options));
    let killed = false;
    const victim = threads[threads.length - 1];
    const { out } = await withPool(pool, () =>
      run(rise, lm, options, {
        onProgress: (p) => {
          if (!killed && p.done >= 64) {
            killed = true;
            void victim.terminate();
          }
        },
      }),
    );
    expect(killed).toBe(true);
    expect(out.run.cancelled).toBe(false);
    expect(out.run.evaluations.done).toBe(320);
    expect(Array.from(out.values)).toEqual(Array.from(solo.out.values));
    expect(pool.size).toBe(1);
    expect(pool.lostHelpers).toHaveLength(1);
    pool.close();
  });

  it('a model swap reaches every helper: the old model is freed there and the new one gives the new map', async () => {
    const pool = makePool(2);
    const baseline = await (async () => {
      await pool.prepare(lm.model, 'wasm', 2);
      return pool.memory();
    })();
    // Another model: the demo model's architecture with its weights scaled (different scores).
    const { LoadedModel: LM } = await import('../core/model/loaded');
    const { loadDemoModel } = await import('../core/testing/node');
    const other: LoadedModel = await loadDemoModel();
    tf.tidy(() => other.model.setWeights(other.model.getWeights().map((w, i) => (i === 0 ? tf.mul(w, 1.7) : w))));
    expect(LM).toBeDefined();
    const options = { samples: 96, seed: 3 };
    const soloOld = await withPool(null, () => run(lime, lm, options));
    const soloNew = await withPool(null, () => run(lime, other, options));
    expect(Array.from(soloNew.out.values)).not.toEqual(Array.from(soloOld.out.values));

    pool.drop(); // what every exclusive job (swap) does first
    expect(poolFor(lm.model)).toBeNull();
    const dropped = await pool.memory();
    // The helpers freed their model: fewer tensors than when they held it.
    for (let i = 0; i < 2; i++) expect(dropped[i].numTensors).toBeLessThan(baseline[i].numTensors);
    await pool.prepare(other.model, 'wasm', 2);
    setBatchPool(pool);
    expect(poolFor(lm.model)).toBeNull(); // the old model never runs on the pool again
    setBatchPool(null);
    const pooled = await withPool(pool, () => run(lime, other, options));
    expect(pooled.workers).toBe(3);
    expect(Array.from(pooled.out.values)).toEqual(Array.from(soloNew.out.values));
    const after = await pool.memory();
    for (let i = 0; i < 2; i++) expect(after[i].numTensors).toBe(baseline[i].numTensors); // same model size, nothing leaked
    pool.close();
    other.dispose();
  });
});

describe('poolSize: the cap rule', () => {
  const MB = 1024 ** 2;
  it('automatic: cores - 1 from 4 cores up, none below (measured slower there), none on GPU backends; a chosen count on 2 cores is honoured', () => {
    expect(poolSize({ cores: 2, weightsBytes: MB, batchBytes: MB, backend: 'wasm' })).toBe(0);
    expect(poolSize({ cores: 3, weightsBytes: MB, batchBytes: MB, backend: 'wasm' })).toBe(0);
    expect(poolSize({ cores: 1, weightsBytes: MB, batchBytes: MB, backend: 'wasm' })).toBe(0);
    expect(poolSize({ cores: 4, weightsBytes: MB, batchBytes: MB, backend: 'wasm' })).toBe(3);
    expect(poolSize({ cores: 2, weightsBytes: MB, batchBytes: MB, backend: 'wasm', chosen: 1 })).toBe(1);
    expect(poolSize({ cores: 8, weightsBytes: MB, batchBytes: MB, backend: 'cpu' })).toBe(7);
    expect(poolSize({ cores: 8, weightsBytes: MB, batchBytes: MB, backend: 'webgl' })).toBe(0);
  });
  it('capped by a quarter of the device memory over the per-helper cost', () => {
    // 4 GB device: 1024 MB budget; per helper 48 + 2 x 14 + 4 x 36 = 220 MB -> 4 helpers (1024 / 220 = 4.65).
    expect(poolSize({ cores: 16, deviceMemoryGb: 4, weightsBytes: 14 * MB, batchBytes: 36 * MB, backend: 'wasm' })).toBe(4);
    // A chosen count is honoured up to the memory cap.
    expect(poolSize({ cores: 16, deviceMemoryGb: 4, weightsBytes: 14 * MB, batchBytes: 36 * MB, backend: 'wasm', chosen: 2 })).toBe(2);
    expect(poolSize({ cores: 16, deviceMemoryGb: 4, weightsBytes: 14 * MB, batchBytes: 36 * MB, backend: 'wasm', chosen: 9 })).toBe(4);
    expect(poolSize({ cores: 16, weightsBytes: MB, batchBytes: MB, backend: 'wasm', chosen: 0 })).toBe(0);
  });
});
