// The compressed-pixel codecs, loaded on first use: libjpeg-turbo (JPEG baseline/extended, 8-bit), CharLS
// (JPEG-LS), OpenJPEG (JPEG 2000 and HTJ2K) as emscripten/WebAssembly builds from @cornerstonejs, and
// jpeg-lossless-decoder-js (JPEG lossless, processes 14 and 14 SV1) in plain JavaScript.
//
// Where the .wasm files come from: in Node (vitest) each emscripten glue file finds its .wasm beside itself
// (it is loaded from node_modules with its own __dirname). In a browser worker the glue would look beside the
// worker script, which is wrong once bundled, so the page passes the URLs in (configureDicomCodecs), the way
// it passes the tfjs wasm paths. Each URL is handed to emscripten through its locateFile hook, which fetches it.
//
// Wiring (checked with Vite 8 + Chromium in a scratch build, both ways):
//   spawn.ts:        import u from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url'   (and
//                    '@cornerstonejs/codec-charls/decodewasm?url', '@cornerstonejs/codec-openjpeg/decodewasm?url'),
//                    added to WASM_URLS under the names in DICOM_WASM_FILES; client.ts already makes them absolute.
//   spawn.inline.ts: the same imports with '?url&inline' (data: URLs; fetch of data: is allowed by connect-src).
//   engine (worker): configureDicomCodecs(o.wasmPaths) at init; extra keys (the tfjs files) are ignored.
// The glue files are CommonJS with require('fs'/'path') on their Node branch only: Vite warns that it
// externalised them for the browser, which is harmless. The glue loads on first use (dynamic import): a chunk
// of about 28 KB each in the normal build; inlined into the worker in the one-file build.

import { Decoder as LosslessDecoder } from 'jpeg-lossless-decoder-js';

/** The .wasm file each codec needs, by the name its glue asks for. */
export const DICOM_WASM_FILES = {
  jpeg: 'libjpegturbowasm_decode.wasm',
  jpegls: 'charlswasm_decode.wasm',
  j2k: 'openjpegwasm_decode.wasm',
} as const;

export type WasmCodec = keyof typeof DICOM_WASM_FILES;

let wasmUrls: Record<string, string> = {};

/**
 * Tells the codecs where their .wasm files are (absolute or data: URLs, keyed by file name as in
 * DICOM_WASM_FILES). Call once in the worker before decoding; not needed in Node. Resets codecs that failed to
 * start so the next decode tries again with the new URLs.
 */
export function configureDicomCodecs(urls: Record<string, string>): void {
  wasmUrls = { ...urls };
  for (const k of Object.keys(modules) as WasmCodec[]) {
    if (failed.has(k)) {
      delete modules[k];
      failed.delete(k);
    }
  }
}

/** A codec failed: what it said. The caller turns it into a UserError naming the file and the frame. */
export class CodecError extends Error {}

/** The last thing a codec wrote to stderr: emscripten codecs throw bare numbers, their words go there. */
let lastCodecMessage = '';

function moduleOptions(): EmscriptenModuleOptions {
  return {
    locateFile: (path, dir) => wasmUrls[path] ?? dir + path,
    print: () => {},
    printErr: (s) => {
      lastCodecMessage = s;
    },
  };
}

interface Codecs {
  jpeg: Awaited<ReturnType<typeof import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs').default>>;
  jpegls: Awaited<ReturnType<typeof import('@cornerstonejs/codec-charls/decodewasmjs').default>>;
  j2k: Awaited<ReturnType<typeof import('@cornerstonejs/codec-openjpeg/decodewasmjs').default>>;
}

const modules: { [K in WasmCodec]?: Promise<Codecs[K]> } = {};
const failed = new Set<WasmCodec>();

type Factory<T> = (o?: EmscriptenModuleOptions) => Promise<T>;

/** CommonJS glue through an ES import: the factory is the default export, or its `default`. */
function factoryOf<T>(m: unknown): Factory<T> {
  const d = (m as { default?: unknown }).default ?? m;
  return (typeof d === 'function' ? d : (d as { default: unknown }).default) as Factory<T>;
}

function load<K extends WasmCodec>(codec: K, importer: () => Promise<unknown>): Promise<Codecs[K]> {
  let p = modules[codec] as Promise<Codecs[K]> | undefined;
  if (!p) {
    p = importer()
      .then((m) => factoryOf<Codecs[K]>(m)(moduleOptions()))
      .catch((e: unknown) => {
        failed.add(codec);
        throw new CodecError(`the ${CODEC_NAMES[codec]} decoder (${DICOM_WASM_FILES[codec]}) could not start: ${e instanceof Error ? e.message : String(e)}`);
      });
    (modules as Record<string, unknown>)[codec] = p;
  }
  return p;
}

const CODEC_NAMES: Record<WasmCodec, string> = { jpeg: 'JPEG', jpegls: 'JPEG-LS', j2k: 'JPEG 2000' };

const loaders = {
  jpeg: () => load('jpeg', () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs')),
  jpegls: () => load('jpegls', () => import('@cornerstonejs/codec-charls/decodewasmjs')),
  j2k: () => load('j2k', () => import('@cornerstonejs/codec-openjpeg/decodewasmjs')),
};

/** A decoded frame as a codec gives it. */
export interface CodecFrame {
  width: number;
  height: number;
  components: number;
  bitsPerSample: number;
  /** Interleaved samples (R,G,B,R,G,B… for colour), one array element per sample, as unsigned bit patterns. */
  samples: Uint8Array | Uint16Array;
  /** JPEG-LS only: 0 = planes one after another, 1 = line-interleaved, 2 = sample-interleaved (as decoded). */
  interleave?: number;
}

function codecFailure(what: string, e: unknown): CodecError {
  const said = typeof e === 'number' ? lastCodecMessage || `error ${e}` : e instanceof Error ? e.message : String(e);
  lastCodecMessage = '';
  return new CodecError(`${what}: ${said}`);
}

/** Copies the decoder's output out of the wasm heap (which the decoder's delete() frees). */
function copyOut(buf: Uint8Array, bitsPerSample: number): Uint8Array | Uint16Array {
  if (bitsPerSample <= 8) return buf.slice();
  const out = new Uint16Array(buf.byteLength >> 1);
  new Uint8Array(out.buffer).set(buf.subarray(0, out.length * 2));
  return out;
}

function run<D extends EmscriptenDecoder & { getFrameInfo(): EmscriptenFrameInfo }>(
  what: string,
  decoder: D,
  data: Uint8Array,
  extra?: (d: D) => Partial<CodecFrame>,
): CodecFrame {
  try {
    decoder.getEncodedBuffer(data.length).set(data);
    decoder.decode();
    const fi = decoder.getFrameInfo();
    return {
      width: fi.width,
      height: fi.height,
      components: fi.componentCount,
      bitsPerSample: fi.bitsPerSample,
      samples: copyOut(decoder.getDecodedBuffer(), fi.bitsPerSample),
      ...extra?.(decoder),
    };
  } catch (e) {
    throw codecFailure(what, e);
  } finally {
    decoder.delete();
  }
}

/** JPEG baseline / extended 8-bit (ITU T.81 DCT) through libjpeg-turbo; 3-component YCbCr comes out as RGB. */
export async function decodeJpeg8(data: Uint8Array): Promise<CodecFrame> {
  const m = await loaders.jpeg();
  return run('JPEG', new m.JPEGDecoder(), data);
}

/** JPEG-LS (ISO 14495-1) lossless and near-lossless through CharLS. */
export async function decodeJpegLs(data: Uint8Array): Promise<CodecFrame> {
  const m = await loaders.jpegls();
  return run('JPEG-LS', new m.JpegLSDecoder(), data, (d) => ({ interleave: d.getInterleaveMode() }));
}

/** JPEG 2000 (ISO 15444-1) and High-Throughput JPEG 2000 (15444-15) through OpenJPEG; RCT/ICT undone. */
export async function decodeJ2k(data: Uint8Array): Promise<CodecFrame> {
  const m = await loaders.j2k();
  return run('JPEG 2000', new m.J2KDecoder(), data);
}

/**
 * JPEG lossless (ITU T.81 process 14, any predictor, including selection value 1) through
 * jpeg-lossless-decoder-js. `bytesPerSample` is 1 or 2 (Bits Allocated / 8).
 */
export function decodeJpegLossless(data: Uint8Array, bytesPerSample: number): CodecFrame {
  const d = new LosslessDecoder();
  let out: Uint8Array | Uint16Array | Int16Array;
  try {
    // The decoder reads through a DataView on the buffer; give it a copy that starts at 0 (a fragment inside
    // the file's buffer would do, but a corrupt stream must not read past its own bytes into the next).
    const own = data.slice();
    out = d.decode(own.buffer, 0, own.byteLength, bytesPerSample);
  } catch (e) {
    throw codecFailure('JPEG lossless', e);
  }
  if (!out || !d.xDim || !d.yDim) throw new CodecError('JPEG lossless: the stream holds no frame');
  // jpeg-lossless-decoder-js returns whatever it decoded without complaint (reads past the end come back as
  // zeros): judge completeness from where it stopped. A whole stream is read to its EOI, give or take a pad byte.
  const read = d.stream?.index ?? data.length;
  if (read > data.length) throw new CodecError(`JPEG lossless: the stream ends early (the decoder needed ${read - data.length} bytes more than the ${data.length} there are)`);
  if (d.yLoc < d.yDim) throw new CodecError(`JPEG lossless: decoding stopped at row ${d.yLoc + 1} of ${d.yDim} (a marker inside the coded data)`);
  if (data.length - read > 64) throw new CodecError(`JPEG lossless: all ${d.yDim} rows were decoded ${data.length - read} bytes before the end of the stream, so the coded data is damaged`);
  const samples = out instanceof Int16Array ? new Uint16Array(out.buffer, out.byteOffset, out.length) : out;
  return { width: d.xDim, height: d.yDim, components: d.numComp, bitsPerSample: bytesPerSample * 8, samples };
}
