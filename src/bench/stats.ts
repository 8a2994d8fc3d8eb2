// Timing helpers: warm up, then time several runs and keep the median with min and max.

import type { Stat } from './types';

export function stat(values: number[]): Stat {
  if (!values.length) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median: round(median), min: round(s[0]), max: round(s[s.length - 1]), runs: s.length };
}

/** Rounds to 3 significant decimals below 10, 2 below 100, 1 above: timings are not that precise. */
export function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  const a = Math.abs(v);
  const d = a < 10 ? 3 : a < 100 ? 2 : 1;
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

export interface MeasureOptions {
  /** Untimed runs first (compiles shaders, allocates, fills caches). */
  warmup?: number;
  /** A different (cheaper) warm-up; replaces `warmup` runs of `fn`. */
  warmupFn?: () => Promise<unknown>;
  reps: number;
  /** Stop after this many timed runs once `budgetMs` is used up. */
  minReps?: number;
  budgetMs?: number;
}

/** Times `fn` after warm-up; wall-clock ms of each run. */
export async function measure(fn: () => Promise<unknown>, o: MeasureOptions): Promise<Stat> {
  const w0 = performance.now();
  if (o.warmupFn) await o.warmupFn();
  else for (let i = 0; i < (o.warmup ?? 1); i++) await fn();
  const firstMs = round(performance.now() - w0);
  const times: number[] = [];
  const start = performance.now();
  const minReps = Math.max(1, Math.min(o.minReps ?? o.reps, o.reps));
  for (let i = 0; i < o.reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    if (times.length >= minReps && o.budgetMs !== undefined && performance.now() - start > o.budgetMs) break;
  }
  return { ...stat(times), firstMs };
}

/** First line of an error, without the minified wasm glue tfjs sometimes prints with it. */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split('\n')[0];
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}
