// The page's side of the engine worker's supervision. One worker ("generation") at a time; this module
// notices when it dies, hangs or loses its GPU context, rejects every call still waiting on it, starts a
// new one on the next backend down the ladder, lets the page restore what it had, and only then lets new
// calls through. It knows nothing of React or the store (src/state/recoveryController.ts does), and runs
// in Node against a fake worker (supervisor.test.ts).
//
// How each failure is noticed:
// - Death (terminated, self.close(), crashed): the worker holds a Web Lock for as long as it lives
//   (health.ts, holdLifeLock); the page queues on the same name and is granted it the moment the worker is
//   gone. Event-driven, and a busy worker still holds its lock, so it is never taken for a dead one.
//   A worker that never starts (its script fails to load) fires 'error' before the handshake.
// - Context loss: the engine reports webglcontextlost / WebGPU device.lost through a callback, every
//   heartbeat carries the context state, and predict/explain results are checked against it before they
//   are handed on (`verify`), so a map computed after a loss is never shown.
// - Hang: a heartbeat (ping) every 250 ms. First use of WebGL/WebGPU compiles shaders synchronously for
//   seconds, and a CPU-backend training step can block for tens of seconds, so silence is only *flagged*
//   ("not answering") after 1.5 s; the worker is restarted after 60 s of silence, or 300 s while a call
//   that may legitimately block (start-up, backend switch, training, model loading) is running. The
//   person can restart it at once from the flag.

import * as Comlink from 'comlink';
import { LANGUAGES, i18n, t } from '../shared/i18n';
import type { Engine, InitResult } from './engine';
import type { ContextLoss, EngineVitals } from './health';
import { BACKEND_ORDER, type BackendName } from '../shared/types';
import { UserError } from '../shared/errors';

/** What the supervisor needs of a Worker (a DOM Worker, or a fake in tests). */
export type WorkerLike = Comlink.Endpoint & { terminate(): void };

/** The part of the Web Locks API used (navigator.locks, or a fake in tests). */
export interface LocksLike {
  request(name: string, callback: () => unknown): Promise<unknown>;
}

export type LossReason = 'died' | 'context-lost' | 'hung' | 'unreadable' | 'restarted';

/** Why a generation of the engine ended. */
export interface Loss {
  reason: LossReason;
  /** The backend the engine was on (null: it died before one started). */
  backend: BackendName | null;
  /** The facts, for the log and the detail line. */
  detail: string;
  /** The longest-running call the person was waiting for, e.g. { call: 'explain', arg: 'lime' }. */
  during: { call: string; arg?: string } | null;
}

export type SupervisorEvent =
  | { type: 'unresponsive'; silentMs: number }
  | { type: 'responsive' }
  /** The engine is gone; a new one is starting on `next` and those below it. */
  | { type: 'lost'; loss: Loss; next: BackendName }
  /** The new engine started; the page's restorer runs next. */
  | { type: 'restarted'; loss: Loss; init: InitResult }
  /** Restored: calls flow again. */
  | { type: 'recovered'; loss: Loss; init: InitResult }
  /** Gave up: too many restarts in a row, or no backend would start. */
  | { type: 'failed'; loss: Loss; error: UserError };

export type Restorer = (init: InitResult, loss: Loss, current: () => boolean) => Promise<void>;

export interface SupervisorTiming {
  heartbeatMs: number;
  /** Silence after which the engine is flagged as not answering. */
  unresponsiveMs: number;
  /** Silence after which it is restarted. */
  hangMs: number;
  /** The same while a call that may block for long is running (start-up, backend switch, training). */
  longHangMs: number;
  /**
   * A worker that has not taken its life lock after this long never will. Until then its death can only be
   * noticed by this limit (a worker killed while its script loads sends nothing). Loading the engine's
   * script usually takes 0.1-3 s, but a 15 s limit was seen to fire on a loaded machine (the bench's cold
   * start never showed a heatmap), so it stays at 60 s until the lock is taken before the script loads.
   */
  handshakeMs: number;
  /** More than this many restarts within restartWindowMs: give up and ask for a reload. */
  restartLimit: number;
  restartWindowMs: number;
}

export const DEFAULT_TIMING: SupervisorTiming = {
  heartbeatMs: 250,
  unresponsiveMs: 1500,
  hangMs: 60_000,
  longHangMs: 300_000,
  handshakeMs: 60_000,
  restartLimit: 3,
  restartWindowMs: 120_000,
};

export interface SupervisorOptions {
  spawn(): WorkerLike;
  /** Starts the engine on a fresh worker: init() with these backends (undefined: the whole ladder). */
  start(api: Comlink.Remote<Engine>, backends: BackendName[] | undefined): Promise<InitResult>;
  /** navigator.locks; null where there is none (death is then noticed by the heartbeat). */
  locks: LocksLike | null;
  timing?: Partial<SupervisorTiming>;
  /** Makes lock names unique to this page (tests run several supervisors in one process). */
  id?: string;
}

export interface CallOptions {
  /** May block the worker for long (raises the hang limit while it runs). */
  long?: boolean;
  /**
   * Runs at once, even while a restart is restoring and other calls wait: the restore's own calls, and
   * calls that only make sense on the engine of the moment (cancel, stop).
   */
  now?: boolean;
  /** Check the GPU context after the result arrives, and refuse a result computed after a loss. */
  verify?: boolean;
  /** What this call reads or changes, for the error the caller gets when the engine stops under it. */
  arg?: string;
  /** The error for this call when the engine stops under it (default: the generic one). */
  stopped?: (loss: Loss, next: BackendName) => UserError;
}

/**
 * The ladder a restart tries: every backend below the one the engine failed on (webgpu → webgl → wasm →
 * cpu; a lost WebGL context → wasm, cpu). The last rung is tried again when it was the one that failed;
 * an engine that died before any backend started gets the whole ladder.
 */
export function backendsAfter(failed: BackendName | null): BackendName[] {
  if (!failed) return [...BACKEND_ORDER];
  const below = BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(failed) + 1);
  return below.length ? below : [BACKEND_ORDER[BACKEND_ORDER.length - 1]];
}

const BACKEND_LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

export function backendLabel(b: BackendName | null | undefined): string {
  return b ? BACKEND_LABEL[b] : t('engine:anotherBackend');
}

/** What happened, as the first half of a sentence: "The compute engine stopped". */
export function lossPhrase(loss: Pick<Loss, 'reason' | 'backend'>): string {
  switch (loss.reason) {
    case 'context-lost':
      return t('engine:loss.contextLost', { backend: backendLabel(loss.backend) });
    case 'hung':
      return t('engine:loss.hung');
    case 'unreadable':
      return t('engine:loss.unreadable');
    case 'restarted':
      return t('engine:loss.restarted');
    default:
      return t('engine:loss.died');
  }
}

/** The English title of stoppedError (the page's language may differ: use isEngineStoppedTitle to recognise it). */
export const ENGINE_STOPPED_TITLE = 'The compute engine stopped';

/** Whether `title` is stoppedError's title, in any language Glassbox speaks (a notice keeps the language it was made in). */
export function isEngineStoppedTitle(title: string): boolean {
  return LANGUAGES.some((lng) => i18n.getFixedT(lng)('engine:stopped.title') === title);
}

/** The error every call still waiting on a lost engine gets (unless the call names its own). */
export function stoppedError(loss: Loss, next: BackendName): UserError {
  return new UserError(t('engine:stopped.title'), t('engine:stopped.detail', { loss: lossPhrase(loss), reason: loss.detail }), t('engine:stopped.action', { backend: backendLabel(next) }));
}

interface PendingCall {
  call: string;
  arg?: string;
  long: boolean;
  since: number;
}

interface Generation {
  n: number;
  worker: WorkerLike;
  api: Comlink.Remote<Engine>;
  lockName: string;
  dead: Loss | null;
  next: BackendName | null;
  onDeath: Set<(loss: Loss) => void>;
  pending: Set<PendingCall>;
  backend: BackendName | null;
  handshaken: boolean;
  pingSince: number | null;
  /** When the worker last showed it is working (a progress report from a running call). */
  lastLife: number | null;
  unresponsive: boolean;
  timer: ReturnType<typeof setInterval> | null;
  cleanup: (() => void)[];
}

interface Gate {
  promise: Promise<void>;
  open(): void;
  fail(e: UserError): void;
}

function gate(): Gate {
  let open!: () => void;
  let fail!: (e: UserError) => void;
  const promise = new Promise<void>((res, rej) => {
    open = res;
    fail = rej;
  });
  promise.catch(() => undefined);
  return { promise, open, fail };
}

let supervisors = 0;

/** How long after a progress report the worker still counts as working (a slow batch between two reports). */
const PROGRESS_GRACE_MS = 10_000;

/**
 * Runs the engine worker and keeps it running. `call` is the only way to reach it: calls wait while a
 * restart and restore are under way, and reject with a UserError the moment the engine under them ends.
 */
export class Supervisor {
  private readonly t: SupervisorTiming;
  private readonly id: string;
  private gen: Generation | null = null;
  private gens = 0;
  private waiting: Gate | null = null;
  private failed: UserError | null = null;
  private restarts: number[] = [];
  private listeners = new Set<(e: SupervisorEvent) => void>();
  private disposed = false;
  /**
   * Runs after a restart, before calls flow again: the page puts its images and model back. `current()`
   * turns false if this engine ends too meanwhile (another restart then follows): stop, and change nothing.
   */
  restorer: Restorer | null = null;

  constructor(private readonly o: SupervisorOptions) {
    this.t = { ...DEFAULT_TIMING, ...o.timing };
    this.id = o.id ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${++supervisors}`;
  }

  /** Hears every health event (see SupervisorEvent); returns the unsubscribe function. */
  on(listener: (e: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: SupervisorEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        console.error('[glassbox] supervisor listener failed', err);
      }
    }
  }

  /** Starts the first engine on the whole ladder. If it dies while starting, the usual restart follows. */
  start(): Promise<InitResult> {
    const g = this.spawn();
    return this.track(g, 'init', () => this.o.start(g.api, undefined), { long: true }).then((r) => {
      if (!g.dead) g.backend = r.backend.active;
      return r;
    });
  }

  /**
   * A running call reported progress: the worker is working, even if a long step (a CPU batch of seconds)
   * keeps it from answering the heartbeat in time. Clears a "not answering" flag; silence is counted again
   * only once progress stops (PROGRESS_GRACE_MS).
   */
  sawLife(): void {
    const g = this.gen;
    if (!g || g.dead) return;
    g.lastLife = performance.now();
    if (g.unresponsive) {
      g.unresponsive = false;
      if (!this.waiting) this.emit({ type: 'responsive' });
    }
  }

  /** The call that reported progress has ended: from now on only the heartbeat says whether the worker is alive. */
  progressEnded(): void {
    if (this.gen) this.gen.lastLife = null;
  }

  /** The backend the engine is on, as last reported (set by the client after init and backend switches). */
  noteBackend(b: BackendName): void {
    if (this.gen && !this.gen.dead) this.gen.backend = b;
  }

  get backend(): BackendName | null {
    return this.gen?.backend ?? null;
  }

  /** Calls the engine. Waits while a restart is restoring; rejects at once when the engine under it ends. */
  async call<T>(call: string, fn: (api: Comlink.Remote<Engine>) => Promise<T>, o: CallOptions = {}): Promise<T> {
    if (!o.now) {
      while (this.waiting) await this.waiting.promise;
    }
    if (this.failed) throw this.failed;
    const g = this.gen;
    if (!g) throw new Error('The engine has not been started');
    return this.track(g, call, () => fn(g.api), o);
  }

  private async track<T>(g: Generation, call: string, fn: () => Promise<T>, o: CallOptions): Promise<T> {
    const stopped = (loss: Loss) => (o.stopped ?? stoppedError)(loss, g.next ?? backendsAfter(loss.backend)[0]);
    if (g.dead) throw stopped(g.dead);
    const p: PendingCall = { call, arg: o.arg, long: Boolean(o.long), since: performance.now() };
    g.pending.add(p);
    try {
      const r = await this.untilDeath(g, fn(), stopped);
      if (o.verify) {
        const v = await this.untilDeath(g, g.api.ping() as Promise<EngineVitals>, stopped);
        if (v.contextLost) {
          this.lose(g, { reason: 'context-lost', backend: v.contextLost.backend, detail: v.contextLost.detail });
          throw stopped(g.dead!);
        }
      }
      return r;
    } finally {
      g.pending.delete(p);
    }
  }

  /** `p`, or the call's stopped error the moment `g` ends (whichever comes first; no dangling rejections). */
  private untilDeath<T>(g: Generation, p: Promise<T>, stopped: (loss: Loss) => UserError): Promise<T> {
    if (g.dead) return Promise.reject(stopped(g.dead));
    return new Promise<T>((resolve, reject) => {
      const onDeath = (loss: Loss) => reject(stopped(loss));
      g.onDeath.add(onDeath);
      p.then(
        (v) => {
          g.onDeath.delete(onDeath);
          resolve(v);
        },
        (e) => {
          g.onDeath.delete(onDeath);
          reject(e);
        },
      );
    });
  }

  private spawn(): Generation {
    const n = ++this.gens;
    const worker = this.o.spawn();
    const g: Generation = {
      n,
      worker,
      api: Comlink.wrap<Engine>(worker),
      lockName: `glassbox-engine-${this.id}-${n}`,
      dead: null,
      next: null,
      onDeath: new Set(),
      pending: new Set(),
      backend: null,
      handshaken: false,
      pingSince: null,
      lastLife: null,
      unresponsive: false,
      timer: null,
      cleanup: [],
    };
    this.gen = g;
    const onError = (ev: Event) => {
      const msg = (ev as ErrorEvent).message || 'no message';
      if (!g.handshaken) this.lose(g, { reason: 'died', detail: `its script did not start: ${msg}` });
      else console.warn(`[glassbox] the engine worker reported an uncaught error: ${msg}`);
    };
    const onMessageError = () => this.lose(g, { reason: 'unreadable', detail: 'a messageerror event: a reply could not be deserialised, so a call would never finish' });
    worker.addEventListener('error', onError as EventListener);
    worker.addEventListener('messageerror', onMessageError);
    g.cleanup.push(() => {
      worker.removeEventListener('error', onError as EventListener);
      worker.removeEventListener('messageerror', onMessageError);
    });
    const started = performance.now();
    // The handshake: the worker takes its life lock, then the page queues on it (never before: the page
    // would be granted it first).
    void this.untilDeath(g, g.api.holdLifeLock(g.lockName) as Promise<boolean>, () => new UserError('', '', '')).then(
      (held) => {
        g.handshaken = true;
        if (held && this.o.locks) {
          void this.o.locks.request(g.lockName, () => this.lose(g, { reason: 'died', detail: 'the worker ended (its lifetime lock was released)' })).catch(() => undefined);
        }
        void g.api.watchContext(Comlink.proxy((l: ContextLoss) => this.lose(g, { reason: 'context-lost', backend: l.backend, detail: l.detail }))).catch(() => undefined);
      },
      () => undefined,
    );
    g.timer = setInterval(() => this.beat(g, started), this.t.heartbeatMs);
    return g;
  }

  private beat(g: Generation, started: number): void {
    if (g.dead) return;
    const now = performance.now();
    if (!g.handshaken && now - started > this.t.handshakeMs) {
      this.lose(g, { reason: 'hung', detail: `the worker did not start within ${Math.round(this.t.handshakeMs / 1000)} s` });
      return;
    }
    if (g.pingSince === null) {
      g.pingSince = now;
      this.untilDeath(g, g.api.ping() as Promise<EngineVitals>, () => new UserError('', '', '')).then(
        (v) => {
          g.pingSince = null;
          if (v.backend) g.backend = v.backend;
          if (g.unresponsive) {
            g.unresponsive = false;
            if (g === this.gen) this.emit({ type: 'responsive' });
          }
          if (v.contextLost) this.lose(g, { reason: 'context-lost', backend: v.contextLost.backend, detail: v.contextLost.detail });
        },
        () => undefined,
      );
      return;
    }
    // Progress reported recently counts as an answer: the worker is busy with a long step, not stuck.
    const silent = Math.min(now - g.pingSince, g.lastLife === null ? Infinity : Math.max(0, now - g.lastLife - PROGRESS_GRACE_MS));
    const long = [...g.pending].some((p) => p.long);
    // A call that may block (start-up, backend switch, training) shows its own progress: flagging the
    // silence there would only alarm; it still gets the (longer) hang limit.
    if (silent >= this.t.unresponsiveMs && !g.unresponsive && !long) {
      g.unresponsive = true;
      if (g === this.gen && !this.waiting) this.emit({ type: 'unresponsive', silentMs: silent });
    }
    const limit = long ? this.t.longHangMs : this.t.hangMs;
    if (silent >= limit) this.lose(g, { reason: 'hung', detail: `it did not answer for ${Math.round(silent / 1000)} s` });
  }

  /** Ends generation `g` (once) and, when it is the current one, starts the next. */
  private lose(g: Generation, l: Omit<Loss, 'during' | 'backend'> & { backend?: BackendName | null }): void {
    if (g.dead) return;
    const calls = [...g.pending].sort((a, b) => a.since - b.since);
    const during = calls.length ? { call: calls[0].call, ...(calls[0].arg !== undefined ? { arg: calls[0].arg } : {}) } : null;
    const loss: Loss = { reason: l.reason, backend: l.backend ?? g.backend, detail: l.detail, during };
    g.dead = loss;
    g.next = backendsAfter(loss.backend)[0];
    if (g.timer) clearInterval(g.timer);
    for (const c of g.cleanup) c();
    try {
      g.worker.terminate();
    } catch {
      // already gone
    }
    console.warn(`[glassbox] engine ${g.n} ended: ${loss.reason} on ${loss.backend ?? 'no backend'} (${loss.detail})`);
    for (const f of [...g.onDeath]) f(loss);
    g.onDeath.clear();
    if (g !== this.gen || this.disposed || this.failed) return;
    void this.recover(loss);
  }

  private async recover(loss: Loss): Promise<void> {
    const now = performance.now();
    this.restarts = this.restarts.filter((t) => now - t < this.t.restartWindowMs);
    this.restarts.push(now);
    if (this.restarts.length > this.t.restartLimit) {
      this.fail(loss, new UserError(t('engine:keepsStopping.title'), t('engine:keepsStopping.detail', { count: this.restarts.length, minutes: Math.round(this.t.restartWindowMs / 60000), loss: lossPhrase(loss).toLowerCase(), reason: loss.detail }), t('engine:keepsStopping.action')));
      return;
    }
    const backends = backendsAfter(loss.backend);
    this.waiting ??= gate();
    this.emit({ type: 'lost', loss, next: backends[0] });
    const g = this.spawn();
    let init: InitResult;
    try {
      init = await this.track(g, 'init', () => this.o.start(g.api, backends), { long: true, now: true });
    } catch (e) {
      if (g.dead || g !== this.gen) return; // its own loss restarts it again
      this.fail(loss, e instanceof UserError ? e : new UserError(t('engine:couldNotRestart.title'), `${(e as Error)?.message ?? String(e)}`, t('engine:couldNotRestart.action')));
      return;
    }
    if (init.backend) g.backend = init.backend.active;
    this.emit({ type: 'restarted', loss, init });
    try {
      await this.restorer?.(init, loss, () => !g.dead && g === this.gen);
    } catch (e) {
      console.error('[glassbox] restoring after a restart failed', e);
    }
    if (g.dead || g !== this.gen) return;
    const w = this.waiting;
    this.waiting = null;
    w?.open();
    this.emit({ type: 'recovered', loss, init });
  }

  private fail(loss: Loss, error: UserError): void {
    this.failed = error;
    const g = this.gen;
    if (g && !g.dead) {
      g.dead = loss;
      if (g.timer) clearInterval(g.timer);
      for (const c of g.cleanup) c();
      g.worker.terminate();
      for (const f of [...g.onDeath]) f(loss);
    }
    const w = this.waiting;
    this.waiting = null;
    w?.fail(error);
    this.emit({ type: 'failed', loss, error });
  }

  /** Restarts the engine now (the person asked, e.g. while it does not answer); down the ladder as for a hang. */
  restartNow(detail = 'you restarted it'): void {
    if (this.failed) {
      this.failed = null;
      this.restarts = [];
      const loss: Loss = { reason: 'restarted', backend: this.gen?.backend ?? null, detail, during: null };
      void this.recoverAfterFailure(loss);
      return;
    }
    if (this.gen && !this.gen.dead) this.lose(this.gen, { reason: this.gen.unresponsive ? 'hung' : 'restarted', detail });
  }

  private async recoverAfterFailure(loss: Loss): Promise<void> {
    // After giving up, "Start again" begins at the top of the ladder: the failures may have had other causes.
    await this.recover({ ...loss, backend: null });
  }

  /** The current worker's raw handle and API, for the e2e test hooks only. */
  testHandles(): { worker: WorkerLike; api: Comlink.Remote<Engine> } | null {
    return this.gen && !this.gen.dead ? { worker: this.gen.worker, api: this.gen.api } : null;
  }

  /** Shortens the hang limits (e2e: prove a hung worker is restarted without waiting a minute). */
  setTiming(t: Partial<SupervisorTiming>): void {
    Object.assign(this.t, t);
  }

  /** Ends the worker for good (the page is going away). */
  dispose(): void {
    this.disposed = true;
    const g = this.gen;
    if (g && !g.dead) {
      g.dead = { reason: 'restarted', backend: g.backend, detail: 'closed', during: null };
      if (g.timer) clearInterval(g.timer);
      for (const c of g.cleanup) c();
      g.worker.terminate();
    }
  }
}
