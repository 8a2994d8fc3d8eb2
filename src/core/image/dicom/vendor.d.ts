// Types for the codec packages, which ship none: the emscripten factories (@cornerstonejs/codec-*) and
// jpeg-lossless-decoder-js (its package.json names a lossless.d.ts that the published package does not hold).

/** What every @cornerstonejs emscripten decoder class shares (embind objects: call delete() when done). */
interface EmscriptenDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  delete(): void;
}

interface EmscriptenFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** Options the factories accept (emscripten's Module object). */
interface EmscriptenModuleOptions {
  locateFile?: (path: string, scriptDirectory: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
  print?: (s: string) => void;
  printErr?: (s: string) => void;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  interface JPEGDecoder extends EmscriptenDecoder {
    getFrameInfo(): EmscriptenFrameInfo;
  }
  const factory: (o?: EmscriptenModuleOptions) => Promise<{ JPEGDecoder: new () => JPEGDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  interface JpegLSDecoder extends EmscriptenDecoder {
    getFrameInfo(): EmscriptenFrameInfo;
    /** 0 = none (planes one after another), 1 = line, 2 = sample. */
    getInterleaveMode(): number;
    getNearLossless(): number;
  }
  const factory: (o?: EmscriptenModuleOptions) => Promise<{ JpegLSDecoder: new () => JpegLSDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  interface J2KDecoder extends EmscriptenDecoder {
    getFrameInfo(): EmscriptenFrameInfo;
    getColorSpace(): number;
  }
  const factory: (o?: EmscriptenModuleOptions) => Promise<{ J2KDecoder: new () => J2KDecoder }>;
  export default factory;
}

declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    constructor(buffer?: ArrayBuffer, numBytes?: number);
    /** Decodes the JPEG lossless stream at [offset, offset + length) of buffer; numBytes per sample in the output. */
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array | Int16Array;
    numComp: number;
    xDim: number;
    yDim: number;
    /** Row reached: yDim after a complete decode. */
    yLoc: number;
    /** The byte stream it read; index is where it stopped (past the end when the data ran out). */
    stream?: { index: number };
  }
}
