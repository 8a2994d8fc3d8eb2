// The worker's side of supervision (src/worker/supervisor.ts is the page's side): a Web Lock the worker
// holds for as long as it lives, the state of the active backend's GPU context, and the test hooks the e2e
// journeys use to make the worker die, hang or lose its context. Runs in the engine worker only.

import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../shared/types';

/** What the engine says about itself when pinged: which backend runs, and whether its GPU context is gone. */
export interface EngineVitals {
  /** The backend tfjs is on right now (null before the first one started). */
  backend: BackendName | null;
  /** Set once the active backend's WebGL context or WebGPU device was lost; it stays set (tfjs cannot recover). */
  contextLost: ContextLoss | null;
}

export interface ContextLoss {
  backend: BackendName;
  /** What the browser said, for the log and the detail line. */
  detail: string;
}

/**
 * Holds a Web Lock named `name` until this worker ends (terminated, closed, crashed): the page queues on
 * the same name and is granted it the moment the worker is gone, with no polling and without mistaking a
 * busy worker for a dead one. Resolves true once held; false where Web Locks are missing (the page then
 * relies on the heartbeat alone).
 */
export function holdLifeLock(name: string): Promise<boolean> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return Promise.resolve(false);
  return new Promise((resolve) => {
    locks
      .request(name, () => {
        resolve(true);
        return new Promise<never>(() => undefined);
      })
      .catch(() => resolve(false));
  });
}

interface WebGlBackendLike {
  gpgpu?: { gl?: WebGL2RenderingContext };
}
interface WebGpuBackendLike {
  device?: { lost?: Promise<{ reason?: string; message?: string }> };
}

/** The active backend's object, without making tfjs start one (tf.backend() would). */
function activeBackend(): unknown {
  const e = tf.engine() as unknown as { backendInstance?: unknown; pendingBackendInit?: unknown };
  return e.pendingBackendInit ? null : (e.backendInstance ?? null);
}

function activeGl(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (activeBackend() as WebGlBackendLike | null)?.gpgpu?.gl ?? null;
}

/**
 * Watches the GPU context of whichever backend is active: WebGL's `webglcontextlost` on the backend's
 * (Offscreen)canvas and `isContextLost()`, WebGPU's `device.lost`. A loss is sticky: tfjs's textures and
 * buffers are gone even if the browser later restores the context, so nothing computed on it is trusted.
 */
export class ContextWatch {
  private lost = new Map<BackendName, string>();
  private watched = new WeakSet<object>();
  private listener: ((l: ContextLoss) => void) | null = null;

  /** `cb` hears a loss of the active backend's context as soon as the browser reports it. */
  onLoss(cb: (l: ContextLoss) => void): void {
    this.listener = cb;
    const now = this.check();
    if (now) cb(now);
  }

  /** Attaches to the active backend (once per context) and returns its loss, if it was lost. */
  check(): ContextLoss | null {
    const name = tf.getBackend() as BackendName | null;
    if (name === 'webgl') {
      const gl = activeGl();
      if (gl && !this.watched.has(gl)) {
        this.watched.add(gl);
        (gl.canvas as EventTarget).addEventListener('webglcontextlost', () => this.mark('webgl', 'the browser dropped the WebGL context (webglcontextlost)'));
      }
      if (gl?.isContextLost()) this.mark('webgl', 'the WebGL context reports isContextLost()');
    } else if (name === 'webgpu') {
      const device = (activeBackend() as WebGpuBackendLike | null)?.device;
      if (device?.lost && !this.watched.has(device)) {
        this.watched.add(device);
        void device.lost.then((info) => this.mark('webgpu', `the WebGPU device was lost (${info?.reason ?? 'unknown'}${info?.message ? `: ${info.message}` : ''})`));
      }
    }
    const detail = name ? this.lost.get(name) : undefined;
    return name && detail ? { backend: name, detail } : null;
  }

  private mark(backend: BackendName, detail: string): void {
    if (this.lost.has(backend)) return;
    this.lost.set(backend, detail);
    console.warn(`[glassbox] ${backend}: ${detail}`);
    if (tf.getBackend() === backend) this.listener?.({ backend, detail });
  }
}

// ── Test hooks (e2e only; reached through window.__glassboxTest, see client.ts). Harmless by design:
// each can only make the engine fail the way real failures do, which the studio then heals.

/** Blocks the worker's thread for `ms` (Infinity: for good), as a hung engine would. */
export function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin: nothing else may run on this thread meanwhile
  }
}

/** Ends the worker from inside (self.close()), as a crash would, after the current message is answered. */
export function closeSoon(): void {
  setTimeout(() => (globalThis as { close?: () => void }).close?.(), 0);
}

/** Forces a WebGL context loss through WEBGL_lose_context on the active backend's canvas; false when not on WebGL. */
export function loseWebGlContext(): boolean {
  const ext = activeGl()?.getExtension('WEBGL_lose_context');
  if (!ext) return false;
  ext.loseContext();
  return true;
}
