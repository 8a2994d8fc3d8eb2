// Threaded vs plain tfjs-wasm on the demo model, in a bench worker of a cross-origin isolated bench page
// (`npm run bench -- --wasm-threads`): LIME with 1000 samples and 1000 forward passes, each build in turn,
// interleaved over the repetitions, medians.

import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { getMethod } from '../core/explain/registry';
import { validateOptions, type ExplainContext } from '../core/explain/types';
import { runModel } from '../core/model/graph';
import type { LoadedModel } from '../core/model/loaded';
import { SPLIT_SEEDS, syntheticSample } from '../core/data/synthetic';
import { activate } from '../core/backend/ladder';
import { reregisterWasm, THREADED_START_MS, wasmThreadsAllowed } from '../core/backend/wasmThreads';
import { stat } from './stats';
import type { Stat } from './types';

/** Plain SIMD; threaded with tfjs's default thread count (half the cores, at most 4); threaded on every core. */
export type Variant = 'simd' | 'threaded-simd' | 'threaded-simd, every core';
const VARIANTS: Variant[] = ['simd', 'threaded-simd', 'threaded-simd, every core'];

export interface WasmThreadsFigure {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  status: 'ok' | 'failed' | 'skipped';
  reason?: string;
  builds: { variant: Variant; threads?: number; status: 'ok' | 'failed'; reason?: string; limeMs?: Stat; forwardMs?: Stat }[];
}

async function on(variant: Variant): Promise<void> {
  // tfjs reads the count when the backend starts; -1 = its default.
  setThreadsCount(variant === 'threaded-simd, every core' ? ((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1) : -1);
  reregisterWasm(variant !== 'simd');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const r = await Promise.race([activate('wasm'), new Promise<{ ok: false; reason: string }>((res) => (timer = setTimeout(() => res({ ok: false, reason: `did not start within ${THREADED_START_MS / 1000} s` }), THREADED_START_MS)))]);
  clearTimeout(timer);
  if (!r.ok) throw new Error(r.reason);
}

/** Times both builds; `loadDemo` loads the demo model on the active backend. */
export async function wasmThreadsFigure(loadDemo: () => Promise<LoadedModel>, reps: number, log: (m: string) => void): Promise<WasmThreadsFigure> {
  const g = globalThis as unknown as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  const fig: WasmThreadsFigure = { crossOriginIsolated: g.crossOriginIsolated === true, hardwareConcurrency: g.navigator?.hardwareConcurrency ?? 0, status: 'ok', builds: [] };
  const can = wasmThreadsAllowed();
  if (!can.allowed) return { ...fig, status: 'skipped', reason: can.reason };
  const lime = getMethod('lime');
  const times = Object.fromEntries(VARIANTS.map((v) => [v, { lime: [] as number[], fwd: [] as number[] }])) as Record<Variant, { lime: number[]; fwd: number[]; threads?: number; failed?: string }>;
  const once = async (variant: Variant, timed: boolean) => {
    await on(variant);
    const m = await loadDemo();
    const input = m.inputTensor(syntheticSample(SPLIT_SEEDS.gallery, 1, { size: m.meta.preprocessing.width, label: 1 }).image);
    try {
      const ctx: ExplainContext = { model: m.model, info: m.info, preprocessing: m.meta.preprocessing, batchSize: 64, onProgress: () => undefined };
      const o = validateOptions(lime, { ...lime.defaultOptions, samples: 1000, seed: 0 });
      let t0 = performance.now();
      await lime.explain(ctx, input, 1, o as never);
      const limeMs = performance.now() - t0;
      const [, H, W, C] = input.shape;
      const values = (await input.data()) as Float32Array;
      const buf = new Float32Array(values.length * 64);
      for (let b = 0; b < 64; b++) buf.set(values, b * values.length);
      t0 = performance.now();
      // 1000 passes at batch 64 (15 full batches + one of 40), as LIME's batches are.
      for (let done = 0; done < 1000; done += 64) {
        const n = Math.min(64, 1000 - done);
        const y = tf.tidy(() => tf.softmax(runModel(m.model, tf.tensor4d(buf.subarray(0, n * values.length), [n, H, W, C]), { logits: true }).output as tf.Tensor2D));
        await y.data();
        y.dispose();
      }
      const fwdMs = performance.now() - t0;
      if (timed) {
        times[variant].lime.push(limeMs);
        times[variant].fwd.push(fwdMs);
        times[variant].threads = getThreadsCount();
      }
      log(`wasm ${variant}${timed ? '' : ' (warm-up)'}: LIME 1000 ${limeMs.toFixed(0)} ms, 1000 forward ${fwdMs.toFixed(0)} ms, ${getThreadsCount()} thread(s)`);
    } finally {
      input.dispose();
      m.dispose();
    }
  };
  for (const v of VARIANTS) {
    try {
      await once(v, false);
    } catch (e) {
      times[v].failed = (e as Error).message;
      log(`wasm ${v} failed: ${times[v].failed}`);
    }
  }
  for (let r = 0; r < reps; r++) {
    for (const v of r % 2 ? [...VARIANTS].reverse() : VARIANTS) {
      if (times[v].failed) continue;
      try {
        await once(v, true);
      } catch (e) {
        times[v].failed = (e as Error).message;
      }
    }
  }
  for (const v of VARIANTS) {
    const t = times[v];
    fig.builds.push(
      t.failed || !t.lime.length
        ? { variant: v, status: 'failed', reason: t.failed ?? 'no timings' }
        : { variant: v, status: 'ok', threads: t.threads, limeMs: stat(t.lime), forwardMs: stat(t.fwd) },
    );
  }
  setThreadsCount(-1);
  reregisterWasm(false);
  return fig;
}
