// THE boundary the UI calls. The UI never imports from src/core: it talks to the engine in the worker
// through this module, and gets plain data back.

import * as Comlink from 'comlink';
import type { Engine, ExplainRequest, InitResult } from './engine';
import type { Attribution, BackendName, BackendReport, ImageInfo, ModelSummary, Prediction, Progress } from '../shared/types';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type { ExplainRequest, InitResult };

/** Error from the engine, split into what is wrong and what to do when the engine said so. */
export interface EngineError {
  title: string;
  detail: string;
  action: string;
}

export function toEngineError(e: unknown): EngineError {
  const err = e as { name?: string; message?: string; title?: string; action?: string };
  const msg = String(err?.message ?? e);
  if (err?.title && err?.action) return { title: err.title, detail: msg, action: err.action };
  return { title: 'Something went wrong', detail: msg, action: 'Try again; if it keeps happening, reload the page (your images stay on this machine).' };
}

function abs(u: string): string {
  return new URL(u, document.baseURI).href;
}

export class EngineClient {
  private worker: Worker;
  private api: Comlink.Remote<Engine>;
  private jobSeq = 0;

  constructor() {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'glassbox-engine' });
    this.api = Comlink.wrap<Engine>(this.worker);
  }

  init(): Promise<InitResult> {
    return this.api.init({
      wasmPaths: {
        'tfjs-backend-wasm.wasm': abs(wasmUrl),
        'tfjs-backend-wasm-simd.wasm': abs(wasmSimdUrl),
        'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreadedUrl),
      },
      demoModelUrl: abs('models/demo/'),
    });
  }

  demoImages(perClass = 3): Promise<ImageInfo[]> {
    return this.api.demoImages(perClass);
  }

  /** The file's bytes are transferred to the worker, not copied. */
  async addImage(file: Blob, name: string): Promise<ImageInfo> {
    try {
      return await this.api.addImage(file, name);
    } catch (e) {
      throw parseUserError(e);
    }
  }

  removeImage(id: string): Promise<void> {
    return this.api.removeImage(id);
  }

  predict(imageId: string): Promise<Prediction> {
    return this.api.predict(imageId);
  }

  /** Runs a method; `signal` cancels it (the engine returns what it has so far). */
  explain(req: Omit<ExplainRequest, 'jobId'>, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<Attribution> {
    const jobId = `job${++this.jobSeq}`;
    const onAbort = () => void this.api.cancel(jobId);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const progress = opts.onProgress ? Comlink.proxy(opts.onProgress) : undefined;
    return this.api.explain({ ...req, jobId }, progress).finally(() => opts.signal?.removeEventListener('abort', onAbort));
  }

  setBackend(name: BackendName): Promise<{ backend: BackendReport; model: ModelSummary }> {
    return this.api.setBackend(name);
  }

  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.api.memory();
  }

  terminate(): void {
    this.worker.terminate();
  }
}

/** comlink forwards an Error's name and message; the engine's UserFacingError packs its parts as JSON. */
function parseUserError(e: unknown): EngineError | unknown {
  const err = e as { name?: string; message?: string };
  if (err?.name === 'UserFacingError' && err.message) {
    try {
      return JSON.parse(err.message) as EngineError;
    } catch {
      return e;
    }
  }
  return e;
}
