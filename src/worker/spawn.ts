// How the page starts the engine worker and finds its binary assets in the normal (multi-file) build:
// a module worker by URL, wasm binaries and the demo model served beside the page.
// vite.singlefile.config.ts swaps this module for spawn.inline.ts.
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export function spawnEngineWorker(): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'glassbox-engine' });
}

export const WASM_URLS = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

/** Demo model files by name; names not listed resolve against this folder. */
export const DEMO_MODEL = { base: 'models/demo/', files: {} as Record<string, string> };
