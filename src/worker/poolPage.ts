// The page's side of the engine pool (issue 15 §1): starts the helper engines — more engine workers, made
// exactly as the primary is (spawn.ts: a blob module worker under the page's CSP; spawn.inline.ts: the
// one-file build's classic inline worker, so file:// works) — and hands the primary a MessagePort to each.
//
// Why the page and not the primary engine: the one-file build's engine is an inline blob worker whose
// source is revoked once it starts, so it cannot start copies of itself; the page can, with the same
// spawn function, in both builds, adding no second copy of tfjs to the bundle. The primary talks to its
// helpers directly over the ports; the page only starts them, reports a helper's crash to the primary, and
// terminates them when the primary restarts (the supervisor's start hook) or the setting changes.
import * as Comlink from 'comlink';
import type { Engine } from './engine';

export const POOL_SETTING_KEY = 'glassbox-pool-size';

/** The person's choice: 'auto' (autoHelpers(), capped by memory) or a count of helpers, 0 = off. */
export type PoolSetting = number | 'auto';

/** The remembered setting ('auto' when none or unreadable). */
export function readPoolSetting(): PoolSetting {
  try {
    const v = globalThis.localStorage?.getItem(POOL_SETTING_KEY);
    if (v && /^\d+$/.test(v)) return Math.min(64, Number(v));
  } catch {
    // storage blocked: the default
  }
  return 'auto';
}

export function writePoolSetting(v: PoolSetting): void {
  try {
    globalThis.localStorage?.setItem(POOL_SETTING_KEY, String(v));
  } catch {
    // not remembered; still applied
  }
}

/** Cores the browser reports (hardwareConcurrency; 2 when unknown). */
export function coresHere(): number {
  return Math.max(1, (globalThis.navigator as Navigator | undefined)?.hardwareConcurrency ?? 2);
}

/**
 * 'Automatic' starts helpers only on machines with at least this many cores. Measured on the 2-core
 * development machine (bench/pool.json, bench/shap-mobilenet.json, quiet): one helper made LIME on the 64 px
 * demo model 1.1x faster but Kernel SHAP on a 224 px MobileNet-shaped model 1.6x slower (the primary composes
 * and ships each batch, 18 MB at 224 px, while both engines share the machine's two cores); even torch gains
 * only 1.05-1.3x from its second thread there. With 4 or more cores the primary's share is small.
 */
export const AUTO_MIN_CORES = 4;

/** Helpers 'automatic' starts here: every core but the primary's on AUTO_MIN_CORES or more cores, else none. */
export function autoHelpers(cores = coresHere()): number {
  return cores >= AUTO_MIN_CORES ? cores - 1 : 0;
}

/** The largest count the setting offers: every core but the primary's, at least 1. */
export function poolChoices(): number {
  return Math.max(1, coresHere() - 1);
}

export class PageHelpers {
  private workers: Worker[] = [];

  constructor(private readonly spawn: () => Worker) {}

  /**
   * Terminates the helpers started before, starts as many as `chosen` asks ('auto': autoHelpers()), and attaches
   * them to `api` (the primary). The primary decides how many it loads (memory cap, CPU backends only).
   * Returns the helpers started.
   */
  async start(api: Comlink.Remote<Engine>, o: { wasmPaths?: Record<string, string>; chosen: PoolSetting }): Promise<number> {
    this.stop();
    await api.closePool();
    const count = o.chosen === 'auto' ? autoHelpers() : Math.max(0, o.chosen);
    if (count === 0) return 0;
    const ports: MessagePort[] = [];
    const started: Worker[] = [];
    for (let i = 0; i < count; i++) {
      const w = this.spawn();
      started.push(w);
      const ch = new MessageChannel();
      void Comlink.wrap<Engine>(w).servePool(Comlink.transfer(ch.port1, [ch.port1]));
      ports.push(ch.port2);
    }
    this.workers = started;
    const names = await api.attachPool(Comlink.transfer(ports, ports), { wasmPaths: o.wasmPaths, chosen: o.chosen, cores: coresHere() });
    started.forEach((w, i) =>
      w.addEventListener('error', (e) => {
        void api.poolLost(names[i], e.message || 'the helper worker failed').catch(() => undefined);
      }),
    );
    return count;
  }

  stop(): void {
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}
