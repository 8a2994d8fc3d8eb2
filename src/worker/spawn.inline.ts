// The one-file build (dist/glassbox.html, opened from file://): module scripts, workers by URL and
// fetch() of local files are all blocked there, so the worker is a classic blob worker inlined into the
// page, and the wasm binaries and demo model travel inside it as data: URLs.
import EngineWorker from './engine.worker.ts?worker&inline';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url&inline';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url&inline';
// The DICOM codecs' WebAssembly, inlined too (a file:// page can fetch data: URLs, not files beside it).
import jpegWasmUrl from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url&inline';
import jpeglsWasmUrl from '@cornerstonejs/codec-charls/decodewasm?url&inline';
import j2kWasmUrl from '@cornerstonejs/codec-openjpeg/decodewasm?url&inline';
import modelJson from '../../public/models/demo/model.json?url&inline';
import metadataJson from '../../public/models/demo/metadata.json?url&inline';
import shard from '../../public/models/demo/group1-shard1of1.bin?url&inline';

export function spawnEngineWorker(): Worker {
  return new EngineWorker({ name: 'glassbox-engine' });
}

// The threaded build is never used (WASM_HAS_MULTITHREAD_SUPPORT is off), so it is not embedded.
/** (pool) A helper engine for the engine pool (poolPage.ts): the same inline engine worker. */
export function spawnPoolWorker(): Worker {
  return new EngineWorker({ name: 'glassbox-pool' });
}

export const WASM_URLS = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl,
  // Names as in DICOM_WASM_FILES (core/image/dicom/codecs.ts).
  'libjpegturbowasm_decode.wasm': jpegWasmUrl,
  'charlswasm_decode.wasm': jpeglsWasmUrl,
  'openjpegwasm_decode.wasm': j2kWasmUrl,
};

export const DEMO_MODEL = {
  base: '',
  files: { 'model.json': modelJson, 'metadata.json': metadataJson, 'group1-shard1of1.bin': shard } as Record<string, string>,
};
