// Colour layouts of DICOM pixel data, to interleaved RGB: planar to interleaved, YBR_FULL and YBR_FULL_422 to
// RGB (DICOM PS3.3 C.7.6.3.1.2), PALETTE COLOR through its lookup tables (PS3.3 C.7.6.3.1.5 and C.7.9).

type Samples = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/** Planar Configuration 1 (RRR…GGG…BBB…) to interleaved (RGBRGB…); returns a new array of the same type. */
export function planarToInterleaved<T extends Samples>(src: T, pixels: number, samples: number): T {
  const out = new (src.constructor as new (n: number) => T)(pixels * samples);
  for (let s = 0; s < samples; s++) {
    const base = s * pixels;
    for (let p = 0; p < pixels; p++) out[p * samples + s] = src[base + p];
  }
  return out;
}

/**
 * YBR_FULL to RGB in place on interleaved Y,Cb,Cr samples of `bits` bits (PS3.3 C.7.6.3.1.2, the ITU-R BT.601
 * full-range equations, chroma centred on 2^(bits-1)):
 *   R = Y + 1.402 Cr',  G = Y - 0.344136 Cb' - 0.714136 Cr',  B = Y + 1.772 Cb'
 * rounded to the nearest integer and clamped to [0, 2^bits - 1].
 */
export function ybrFullToRgb(v: Uint8Array | Uint16Array, bits: number): void {
  const max = 2 ** bits - 1;
  const half = 2 ** (bits - 1);
  const clamp = (x: number) => (x < 0 ? 0 : x > max ? max : Math.round(x));
  for (let i = 0; i + 2 < v.length; i += 3) {
    const y = v[i];
    const cb = v[i + 1] - half;
    const cr = v[i + 2] - half;
    v[i] = clamp(y + 1.402 * cr);
    v[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    v[i + 2] = clamp(y + 1.772 * cb);
  }
}

/**
 * Native YBR_FULL_422 (PS3.3 C.7.6.3.1.2: each pair of pixels in a row stored as Y1 Y2 Cb Cr) to interleaved
 * full Y,Cb,Cr, each pixel of a pair taking the pair's chroma. An odd last column has its own pair.
 */
export function ybr422ToYbrFull(src: Uint8Array | Uint16Array, rows: number, columns: number): Uint8Array | Uint16Array {
  const out = src instanceof Uint16Array ? new Uint16Array(rows * columns * 3) : new Uint8Array(rows * columns * 3);
  const pairsPerRow = Math.ceil(columns / 2);
  let i = 0;
  for (let r = 0; r < rows; r++) {
    for (let pair = 0; pair < pairsPerRow; pair++, i += 4) {
      const c = pair * 2;
      const cb = src[i + 2];
      const cr = src[i + 3];
      let o = (r * columns + c) * 3;
      out[o] = src[i];
      out[o + 1] = cb;
      out[o + 2] = cr;
      if (c + 1 < columns) {
        o += 3;
        out[o] = src[i + 1];
        out[o + 1] = cb;
        out[o + 2] = cr;
      }
    }
  }
  return out;
}

/** One of the red, green and blue palette lookup tables (PS3.3 C.7.6.3.1.5). */
export interface PaletteLut {
  /** First stored value mapped (the descriptor's second number). */
  firstMapped: number;
  /** Bits of each entry (the descriptor's third number: 8 or 16). */
  bits: number;
  /** The entries, as read from the Palette Color Lookup Table Data. */
  entries: ArrayLike<number>;
}

/**
 * PALETTE COLOR to 8-bit interleaved RGB. Each stored index selects an entry of the red, green and blue tables;
 * indices below the first mapped value take the first entry and those past the end the last (C.7.6.3.1.5).
 * 16-bit entries are scaled to 8 bits by their top byte (x >> 8), 8-bit entries kept.
 */
export function paletteToRgb(indices: ArrayLike<number>, red: PaletteLut, green: PaletteLut, blue: PaletteLut): Uint8Array {
  const out = new Uint8Array(indices.length * 3);
  const luts = [red, green, blue];
  for (let c = 0; c < 3; c++) {
    const lut = luts[c];
    const n = lut.entries.length;
    const shift = Math.max(0, lut.bits - 8);
    for (let p = 0; p < indices.length; p++) {
      let k = indices[p] - lut.firstMapped;
      if (k < 0) k = 0;
      else if (k >= n) k = n - 1;
      out[p * 3 + c] = lut.entries[k] >> shift;
    }
  }
  return out;
}
