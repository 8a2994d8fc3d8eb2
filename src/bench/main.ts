// The benchmark page (bench.html, built beside the app). scripts/bench.ts drives it with Playwright:
// each call starts a fresh bench worker, runs one backend's plan in it, and ends the worker.

import * as Comlink from 'comlink';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import jpegWasmUrl from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import jpeglsWasmUrl from '@cornerstonejs/codec-charls/decodewasm?url';
import j2kWasmUrl from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import type { BackendReport } from '../shared/types';
import type { BenchWorkerApi, WorkerEnv } from './bench.worker';
import { DICOM_BENCH_FILES, type BackendPlan, type BackendRun } from './types';
import type { WasmThreadsFigure } from './wasmThreadsBench';

const abs = (u: string) => new URL(u, document.baseURI).href;

const env: WorkerEnv = {
  wasmPaths: {
    'tfjs-backend-wasm.wasm': abs(wasmUrl),
    'tfjs-backend-wasm-simd.wasm': abs(wasmSimdUrl),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreadedUrl),
    'libjpegturbowasm_decode.wasm': abs(jpegWasmUrl),
    'charlswasm_decode.wasm': abs(jpeglsWasmUrl),
    'openjpegwasm_decode.wasm': abs(j2kWasmUrl),
  },
  demoModelUrl: abs('models/demo/'),
  // scripts/bench.ts copies the DICOM files it times here (scripts/bench/dicomFiles.ts); missing ones are skipped.
  dicomBase: abs('fixtures/dicom/'),
  dicomFiles: DICOM_BENCH_FILES,
};

const status = document.getElementById('status');
const say = (s: string) => {
  if (status) status.textContent = s;
};

async function withWorker<T>(name: string, f: (api: Comlink.Remote<BenchWorkerApi>) => Promise<T>): Promise<T> {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name });
  const api = Comlink.wrap<BenchWorkerApi>(worker);
  try {
    return await f(api);
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}

export interface BenchPageApi {
  run(plan: BackendPlan): Promise<BackendRun>;
  ladder(): Promise<{ report: BackendReport; ms: number }>;
  wasmThreads(reps: number): Promise<WasmThreadsFigure>;
}

const bench: BenchPageApi = {
  async run(plan) {
    say(`measuring ${plan.backend}…`);
    const r = await withWorker(`bench-${plan.backend}`, (api) => api.run(plan, env));
    say(`${plan.backend}: ${r.status}`);
    return r;
  },
  async ladder() {
    say('running the backend ladder…');
    return withWorker('bench-ladder', (api) => api.ladder(env));
  },
  async wasmThreads(reps) {
    say('threaded vs plain wasm…');
    return withWorker('bench-wasm-threads', (api) => api.wasmThreads(env, reps));
  },
};

(window as unknown as { glassboxBench: BenchPageApi }).glassboxBench = bench;
say('ready');
document.documentElement.dataset.benchReady = 'true';
