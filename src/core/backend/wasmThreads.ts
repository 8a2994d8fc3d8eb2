// tfjs-backend-wasm's threaded SIMD build, used only where it can run and measures faster (issue 15 §1).
//
// It needs SharedArrayBuffer, so a cross-origin isolated page (`npm start` sends COOP/COEP); never on
// file:// (the one-file build: no headers, no isolation) and never in Node (tfjs-wasm has no threads there).
// The choice is made at start-up by a short probe: the ladder's wasm warm-up is timed on the plain SIMD
// build, then the wasm backend is registered again with threads and timed on the same workload; the
// threaded build is kept only when it is at least THREADED_MARGIN faster, otherwise the plain build is
// registered back. A threaded start-up that does not settle within THREADED_START_MS counts as a failure.

import * as tf from '@tensorflow/tfjs';
import { t } from '../../shared/i18n';

/** Threads must beat the plain build by this factor (0.9 = 10% faster) to be kept. */
export const THREADED_MARGIN = 0.9;
export const THREADED_START_MS = 15_000;

export interface WasmThreadsReport {
  /** The build the wasm backend runs on now. */
  variant: 'simd' | 'threaded-simd';
  /** Why threads were not tried, or what the probe found. */
  reason: string;
  plainMs?: number;
  threadedMs?: number;
  threads?: number;
}

interface ScopeLike {
  crossOriginIsolated?: boolean;
  location?: { protocol?: string; origin?: string };
  SharedArrayBuffer?: unknown;
  process?: { versions?: { node?: string } };
}

/**
 * Whether the threaded build may be tried in this scope (a worker's or a page's globalThis): cross-origin
 * isolated, SharedArrayBuffer present, not Node, not a file:// page (whose blob workers have origin 'null').
 * Returns the answer and, when no, why.
 */
export function wasmThreadsAllowed(scope: ScopeLike = globalThis as unknown as ScopeLike): { allowed: boolean; reason: string } {
  if (scope.process?.versions?.node) return { allowed: false, reason: t('engine:probe.threads.node') };
  const loc = scope.location;
  if (!loc || loc.protocol === 'file:' || loc.origin === 'null') return { allowed: false, reason: t('engine:probe.threads.file') };
  if (scope.crossOriginIsolated !== true) return { allowed: false, reason: t('engine:probe.threads.notIsolated') };
  if (typeof scope.SharedArrayBuffer !== 'function') return { allowed: false, reason: t('engine:probe.threads.noSab') };
  return { allowed: true, reason: t('engine:probe.threads.isolated') };
}

/** Keep threads only when their steady time is at most THREADED_MARGIN x the plain build's. */
export function preferThreaded(plainMs: number | undefined, threadedMs: number | undefined): boolean {
  if (plainMs === undefined || threadedMs === undefined || !Number.isFinite(plainMs) || !Number.isFinite(threadedMs)) return false;
  return threadedMs <= THREADED_MARGIN * plainMs;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`did not start within ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Registers the wasm backend again (same factory) with or without threads. The caller activates it. */
export function reregisterWasm(threads: boolean): void {
  const factory = tf.findBackendFactory('wasm');
  if (!factory) throw new Error('the wasm backend is not registered');
  tf.removeBackend('wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads);
  tf.registerBackend('wasm', factory, 2);
}

/**
 * The start-up probe: `plainMs` is the plain build's steady warm-up time (already measured), `measure`
 * times the same workload on whatever backend is active. Leaves the wasm backend registered on the build
 * it reports (active only if it was). Never throws: a failing threaded start falls back to the plain build.
 */
export async function chooseWasmBuild(
  plainMs: number | undefined,
  measure: () => Promise<{ steadyMs: number }>,
  activate: (name: 'wasm') => Promise<{ ok: boolean; reason?: string }>,
  scope?: ScopeLike,
): Promise<WasmThreadsReport> {
  const can = wasmThreadsAllowed(scope);
  if (!can.allowed) return { variant: 'simd', reason: can.reason, plainMs };
  const wasActive = tf.getBackend() === 'wasm';
  let threadedMs: number | undefined;
  let threads: number | undefined;
  let failure: string | undefined;
  try {
    reregisterWasm(true);
    const started = await withTimeout(activate('wasm'), THREADED_START_MS);
    if (!started.ok) throw new Error(started.reason);
    threadedMs = (await measure()).steadyMs;
    const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
    threads = getThreadsCount();
  } catch (e) {
    failure = (e as Error).message;
  }
  if (!failure && preferThreaded(plainMs, threadedMs)) {
    return { variant: 'threaded-simd', reason: t('engine:probe.threads.faster', { threaded: fmt(threadedMs), plain: fmt(plainMs) }), plainMs, threadedMs, threads };
  }
  reregisterWasm(false);
  if (wasActive) await activate('wasm');
  const reason = failure ? t('engine:probe.threads.failed', { message: failure }) : t('engine:probe.threads.notFaster', { threaded: fmt(threadedMs), plain: fmt(plainMs) });
  return { variant: 'simd', reason, plainMs, threadedMs, threads };
}

const fmt = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(2));
