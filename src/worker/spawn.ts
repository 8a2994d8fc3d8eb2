// How the page starts the engine worker and finds its binary assets in the normal (multi-file) build:
// a module worker started from a blob: URL, wasm binaries and the demo model served beside the page.
// vite.singlefile.config.ts swaps this module for spawn.inline.ts.
//
// Why a blob: a worker loaded by URL takes its Content-Security-Policy from its own script's response
// headers, so on a static host that sends none (most do), the page's <meta> policy does not reach it and
// the engine could fetch, open a WebSocket or import scripts from anywhere. A worker made from a blob:
// URL inherits the policy of the document that created it (HTML's policy container, CSP3 §4.2.3): the
// blob only imports the real engine script, which then runs under the page's connect-src/script-src.
import engineScriptUrl from './engine.worker.ts?worker&url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// The DICOM codecs' WebAssembly (core/image/dicom/codecs.ts: loaded on first use, so only the codec a file needs is fetched).
import jpegWasmUrl from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import jpeglsWasmUrl from '@cornerstonejs/codec-charls/decodewasm?url';
import j2kWasmUrl from '@cornerstonejs/codec-openjpeg/decodewasm?url';

/**
 * Starts one engine worker, a module worker under the page's Content-Security-Policy (see above): its
 * blob holds two lines, one giving the blob's URL back (the worker has fetched it by then) and one importing
 * the engine script by absolute URL (a blob: URL is no base to resolve a relative one against).
 */
export function spawnEngineWorker(): Worker {
  const engine = new URL(engineScriptUrl, import.meta.url).href;
  const source = `URL.revokeObjectURL(import.meta.url);\nimport ${JSON.stringify(engine)};\n`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: 'glassbox-engine' });
  // A worker that never started never revoked it.
  worker.addEventListener('error', () => URL.revokeObjectURL(url), { once: true });
  return worker;
}

/** (pool) A helper engine for the engine pool (poolPage.ts): the same engine script, started the same way. */
export function spawnPoolWorker(): Worker {
  const engine = new URL(engineScriptUrl, import.meta.url).href;
  const source = `URL.revokeObjectURL(import.meta.url);\nimport ${JSON.stringify(engine)};\n`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: 'glassbox-pool' });
  worker.addEventListener('error', () => URL.revokeObjectURL(url), { once: true });
  return worker;
}

export const WASM_URLS = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
  // Names as in DICOM_WASM_FILES (core/image/dicom/codecs.ts); the engine passes them to configureDicomCodecs.
  'libjpegturbowasm_decode.wasm': jpegWasmUrl,
  'charlswasm_decode.wasm': jpeglsWasmUrl,
  'openjpegwasm_decode.wasm': j2kWasmUrl,
};

/** Demo model files by name; names not listed resolve against this folder. */
export const DEMO_MODEL = { base: 'models/demo/', files: {} as Record<string, string> };
