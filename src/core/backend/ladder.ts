// The backend ladder: try WebGPU, WebGL, WASM and CPU, record why each one that failed did, and pick
// the fastest by a short measured warm-up. A software rasteriser (SwiftShader, llvmpipe, a WebGPU
// fallback adapter) is offered but never wins by default: on a machine without a GPU it measures
// 10-50x slower than WASM, and its first run spends seconds compiling shaders.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName, BackendProbe, BackendReport } from '../../shared/types';
import { BACKEND_ORDER } from '../../shared/types';
import { registerWasmTrainingKernels } from './wasmKernels';
import { chooseWasmBuild } from './wasmThreads';
import { t } from '../../shared/i18n';

export interface LadderOptions {
  /** Absolute URLs of the wasm binaries (the browser build passes them; Node finds them itself). */
  wasmPaths?: Record<string, string>;
  /** Backends to consider, in order. */
  candidates?: readonly BackendName[];
  /** Measure software adapters too (slow: shader compilation takes seconds). */
  measureSoftware?: boolean;
}

const SOFTWARE_PATTERN = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

let wasmConfigured = false;

export function configureWasm(wasmPaths?: Record<string, string>): void {
  if (wasmConfigured) return;
  wasmConfigured = true;
  // The plain SIMD build first; chooseBackend tries the threaded one where the page is cross-origin
  // isolated and keeps it only if it measures faster (wasmThreads.ts).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (wasmPaths) setWasmPaths(wasmPaths);
  registerWasmTrainingKernels();
}

async function describeWebGpu(): Promise<{ ok: boolean; software: boolean; adapter?: string; reason?: string }> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }) | undefined)?.gpu;
  if (!gpu) return { ok: false, software: false, reason: t('engine:probe.noWebGpu') };
  type AdapterLike = {
    isFallbackAdapter?: boolean;
    info?: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean };
  };
  let adapter: AdapterLike | null;
  try {
    adapter = (await gpu.requestAdapter()) as AdapterLike | null;
  } catch (e) {
    return { ok: false, software: false, reason: t('engine:probe.adapterFailed', { message: (e as Error).message }) };
  }
  if (!adapter) return { ok: false, software: false, reason: t('engine:probe.noAdapter') };
  const info = adapter.info ?? {};
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  const fallback = Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter);
  return { ok: true, software: fallback || SOFTWARE_PATTERN.test(text), adapter: (text || 'unknown adapter') + (fallback ? ' (fallback adapter)' : '') };
}

function describeWebGl(): { ok: boolean; software: boolean; adapter?: string; reason?: string } {
  const Off = (globalThis as { OffscreenCanvas?: typeof OffscreenCanvas }).OffscreenCanvas;
  if (!Off) return { ok: false, software: false, reason: t('engine:probe.noOffscreen') };
  try {
    const gl = new Off(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return { ok: false, software: false, reason: t('engine:probe.noWebGl2') };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { ok: true, software: SOFTWARE_PATTERN.test(renderer), adapter: renderer };
  } catch (e) {
    return { ok: false, software: false, reason: t('engine:probe.webGlFailed', { message: (e as Error).message }) };
  }
}

/** A fixed workload shaped like a small CNN forward pass: what the studio does most. */
async function warmup(): Promise<{ firstMs: number; steadyMs: number }> {
  const x = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const w1 = tf.randomNormal([3, 3, 3, 16], 0, 0.2, 'float32', 2) as tf.Tensor4D;
  const w2 = tf.randomNormal([3, 3, 16, 32], 0, 0.2, 'float32', 3) as tf.Tensor4D;
  const run = async () => {
    const t0 = performance.now();
    const y = tf.tidy(() => {
      const h = tf.relu(tf.conv2d(x, w1, 1, 'same'));
      const p = tf.maxPool(h, 2, 2, 'same');
      return tf.mean(tf.relu(tf.conv2d(p, w2, 1, 'same')));
    });
    await y.data();
    y.dispose();
    return performance.now() - t0;
  };
  try {
    const firstMs = await run();
    const times = [await run(), await run(), await run()];
    times.sort((a, b) => a - b);
    return { firstMs, steadyMs: times[1] };
  } finally {
    x.dispose();
    w1.dispose();
    w2.dispose();
  }
}

/** Switches to `name` and checks that tfjs really is on it (setBackend can quietly fall back). */
export async function activate(name: BackendName): Promise<{ ok: boolean; reason?: string }> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok) return { ok: false, reason: t('engine:probe.setBackendFalse', { name }) };
    if (tf.getBackend() !== name) return { ok: false, reason: t('engine:probe.otherBackend', { backend: tf.getBackend() }) };
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: t('engine:probe.startFailed', { message: (e as Error).message }) };
  }
}

export async function probeBackend(name: BackendName, measureSoftware: boolean): Promise<BackendProbe> {
  const t0 = performance.now();
  const probe = await probeInner(name, measureSoftware);
  probe.probeMs = Math.round(performance.now() - t0);
  return probe;
}

async function probeInner(name: BackendName, measureSoftware: boolean): Promise<BackendProbe> {
  const probe: BackendProbe = { name, available: false, canTrain: name !== 'wasm' || Boolean(tf.getKernel('Conv2DBackpropFilter', 'wasm')) };
  if (name === 'webgpu' || name === 'webgl') {
    const d = name === 'webgpu' ? await describeWebGpu() : describeWebGl();
    probe.adapter = d.adapter;
    probe.software = d.software;
    if (!d.ok) {
      probe.reason = d.reason;
      return probe;
    }
  }
  const started = await activate(name);
  if (!started.ok) {
    probe.reason = started.reason;
    return probe;
  }
  probe.available = true;
  if (probe.software && !measureSoftware) {
    probe.reason = t('engine:probe.software');
    return probe;
  }
  try {
    const t = await warmup();
    probe.firstMs = t.firstMs;
    probe.steadyMs = t.steadyMs;
  } catch (e) {
    probe.available = false;
    probe.reason = t('engine:probe.warmupFailed', { message: (e as Error).message });
  }
  return probe;
}

/**
 * Order in which to try activating backends: measured hardware-backed ones fastest first; software
 * rasterisers only when nothing was measured (they are never the default).
 */
export function rankProbes(probes: BackendProbe[]): { order: BackendProbe[]; measured: boolean } {
  const measured = probes.filter((p) => p.available && p.steadyMs !== undefined && !p.software);
  measured.sort((a, b) => (a.steadyMs ?? Infinity) - (b.steadyMs ?? Infinity));
  if (measured.length) return { order: measured, measured: true };
  const rest = probes.filter((p) => p.available);
  rest.sort((a, b) => Number(Boolean(a.software)) - Number(Boolean(b.software)));
  return { order: rest, measured: false };
}

/** Probes every candidate, then activates the fastest non-software one. */
export async function chooseBackend(opts: LadderOptions = {}): Promise<BackendReport> {
  configureWasm(opts.wasmPaths);
  const candidates = opts.candidates ?? BACKEND_ORDER;
  const probes: BackendProbe[] = [];
  for (const name of candidates) probes.push(await probeBackend(name, opts.measureSoftware ?? false));
  // Issue 15 (peer): tfjs-wasm's threaded build, where it can run, if it is faster on this machine.
  const wasm = probes.find((p) => p.name === 'wasm' && p.available && p.steadyMs !== undefined);
  // The one-file build ships no threaded binary (spawn.inline.ts maps its name to the SIMD one): never try it.
  const shipsThreaded = !opts.wasmPaths || opts.wasmPaths['tfjs-backend-wasm-threaded-simd.wasm'] !== opts.wasmPaths['tfjs-backend-wasm-simd.wasm'];
  if (wasm && !shipsThreaded) wasm.wasmBuild = { variant: 'simd', reason: t('engine:probe.oneFile') };
  else if (wasm) {
    wasm.wasmBuild = await chooseWasmBuild(wasm.steadyMs, warmup, activate);
    if (wasm.wasmBuild.variant === 'threaded-simd') wasm.steadyMs = wasm.wasmBuild.threadedMs;
  }
  const { order, measured } = rankProbes(probes);
  for (const p of order) {
    const r = await activate(p.name);
    if (r.ok) return { active: p.name, chosenBy: measured ? 'measured' : 'fallback', probes };
    p.available = false;
    p.reason = r.reason;
  }
  throw new Error(`No TensorFlow.js backend could start: ${probes.map((p) => `${p.name}: ${p.reason ?? 'unknown'}`).join('; ')}`);
}

/** Switches on the person's request; measures the backend if it was not measured yet. */
export async function switchBackend(name: BackendName, previous: BackendReport): Promise<BackendReport> {
  const probe = await probeBackend(name, true);
  const probes = previous.probes.map((p) => (p.name === name ? probe : p));
  if (!probes.some((p) => p.name === name)) probes.push(probe);
  if (!probe.available) {
    const back = await activate(previous.active);
    if (!back.ok) throw new Error(`Could not return to ${previous.active}: ${back.reason}`);
    return { ...previous, probes };
  }
  const r = await activate(name);
  if (!r.ok) throw new Error(r.reason);
  return { active: name, chosenBy: 'user', probes };
}
