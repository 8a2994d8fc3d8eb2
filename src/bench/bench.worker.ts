/// <reference lib="webworker" />
// The bench worker: imports src/core directly (no engine, no UI) and measures one backend per worker.
// The page starts a fresh worker for every backend, so one backend's textures, shader caches and
// memory never colour the next one's figures.

import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName, BackendReport } from '../shared/types';
import { activate, chooseBackend, configureWasm, probeBackend } from '../core/backend/ladder';
import { fetchModelFiles, loadLayersModelFromFiles } from '../core/model/io';
import { LoadedModel } from '../core/model/loaded';
import { runBackendPlan } from './suite';
import { configureDicomCodecs } from '../core/image/dicom';
import { errorText } from './stats';
import type { BackendPlan, BackendRun } from './types';
import { wasmThreadsFigure, type WasmThreadsFigure } from './wasmThreadsBench';

export interface WorkerEnv {
  wasmPaths: Record<string, string>;
  /** Absolute URL of the demo model folder, ending in '/'. */
  demoModelUrl: string;
  /** Absolute URL of the folder the DICOM files to time are copied to (issue 14), ending in '/'. */
  dicomBase?: string;
  /** Their names; timed in the wasm backend's worker (decoding does not use tfjs). */
  dicomFiles?: string[];
}

const log = (m: string) => console.log(`[bench ${tf.getBackend() ?? '?'}] ${m}`);

const api = {
  async run(plan: BackendPlan, env: WorkerEnv): Promise<BackendRun> {
    configureWasm(env.wasmPaths);
    configureDicomCodecs(env.wasmPaths);
    const t0 = performance.now();
    const skipped = { status: 'skipped' as const, explanations: 0, method: 'gradcam' };
    const empty = (status: 'skipped' | 'failed', reason: string, probe?: BackendRun['probe']): BackendRun => ({
      env: 'browser', backend: plan.backend, status, reason, ...(probe ? { probe } : {}), models: [],
      memory: { ...skipped, reason }, training: { status: 'skipped', reason, trainer: 'trainClassifier' }, notes: plan.notes, wallMs: Math.round(performance.now() - t0),
    });
    // Measure software adapters too: the bench wants every backend that starts.
    const probe = await probeBackend(plan.backend, true);
    log(`probe: ${probe.available ? 'started' : 'did not start'}${probe.adapter ? `, adapter ${probe.adapter}` : ''}${probe.reason ? ` (${probe.reason})` : ''}`);
    if (!probe.available) return empty('skipped', probe.reason ?? 'did not start', probe);
    const on = await activate(plan.backend);
    if (!on.ok) return empty('failed', on.reason ?? 'could not activate', probe);
    try {
      return await runBackendPlan(plan, {
        env: 'browser',
        probe,
        log,
        loadDemo: async () => {
          const files = await fetchModelFiles(env.demoModelUrl);
          if (!files.metadata) throw new Error('the demo model has no metadata.json');
          return new LoadedModel(await loadLayersModelFromFiles(files), files.metadata);
        },
        ...(plan.backend === 'wasm' && env.dicomBase && env.dicomFiles?.length
          ? {
              dicomFiles: async () => {
                const got: { name: string; bytes: Uint8Array }[] = [];
                for (const name of env.dicomFiles!) {
                  const r = await fetch(env.dicomBase + name);
                  if (r.ok) got.push({ name, bytes: new Uint8Array(await r.arrayBuffer()) });
                }
                return got;
              },
            }
          : {}),
      });
    } catch (e) {
      return empty('failed', errorText(e), probe);
    }
  },

  /** What the app's ladder picks on its own (chooseBackend with the app's settings), and how long it took. */
  async ladder(env: WorkerEnv): Promise<{ report: BackendReport; ms: number }> {
    const t0 = performance.now();
    const report = await chooseBackend({ wasmPaths: env.wasmPaths });
    return { report, ms: Math.round(performance.now() - t0) };
  },

  /** Threaded vs plain tfjs-wasm on the demo model (needs a cross-origin isolated page). */
  async wasmThreads(env: WorkerEnv, reps: number): Promise<WasmThreadsFigure> {
    configureWasm(env.wasmPaths);
    return wasmThreadsFigure(
      async () => {
        const files = await fetchModelFiles(env.demoModelUrl);
        if (!files.metadata) throw new Error('the demo model has no metadata.json');
        return new LoadedModel(await loadLayersModelFromFiles(files), files.metadata);
      },
      reps,
      (m) => console.log(`[bench wasm-threads] ${m}`),
    );
  },

  backendNames(): BackendName[] {
    return ['webgpu', 'webgl', 'wasm', 'cpu'];
  },
};

export type BenchWorkerApi = typeof api;

Comlink.expose(api);
