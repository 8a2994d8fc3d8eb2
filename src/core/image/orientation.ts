// EXIF orientation of JPEG photos, applied by Glassbox itself rather than by the browser's decoder.
//
// Why not let createImageBitmap rotate: the decode is planned (downscaled while decoding) from the size
// in the frame header, which is the STORED size; a decoder that has already turned the picture then
// applies or derives that plan on the other axis, and browsers have disagreed about which size the
// resize options refer to. So the decoder is handed a copy of the file whose Orientation says 1 (two
// bytes patched, the rest of the file sliced, not copied), decodes and downscales the stored picture,
// and `orientRgba` turns the small result. Every browser then gives the same, unsquashed picture.
//
// Followed: EXIF 2.32 (CIPA DC-008) section 4.5.4 and 4.6.4 tag 0x0112 Orientation; TIFF 6.0 section 2
// (byte order "II"/"MM", IFD entries of 12 bytes); JPEG (ITU-T T.81 B.1.1.4) marker segments with
// 16-bit lengths, APP1 "Exif\0\0" before the frame header.

import type { RgbaImage } from '../../shared/types';
import type { ByteSource } from './sniff';

/** EXIF Orientation 1..8: where row 0 and column 0 of the stored picture are to be shown (EXIF 2.32 table 4.6.4). */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** Where a JPEG's Orientation value is, so a copy can be patched to 1. */
export interface JpegOrientation {
  orientation: ExifOrientation;
  /** Byte offset of the 16-bit Orientation value in the file. */
  valueOffset: number;
  littleEndian: boolean;
}

/** Orientations 5..8 swap the axes: the picture is shown height x width. */
export function swapsAxes(o: ExifOrientation): boolean {
  return o >= 5;
}

/** The size (pixels) a stored width x height picture is shown at under orientation `o`. */
export function orientedSize(width: number, height: number, o: ExifOrientation): { width: number; height: number } {
  return swapsAxes(o) ? { width: height, height: width } : { width, height };
}

const MAX_SEGMENTS = 256;

/**
 * The first Orientation in a JPEG's EXIF APP1 segments before its frame header (the one browsers honour),
 * or null when there is none (no EXIF, no tag, a value outside 1..8, or a file that is not a JPEG).
 * Reads only the segment headers and the EXIF IFD0 it needs; never throws for malformed bytes.
 */
export async function readJpegOrientation(src: ByteSource): Promise<JpegOrientation | null> {
  const head = await src.read(0, 4);
  if (head.length < 4 || head[0] !== 0xff || head[1] !== 0xd8) return null;
  let pos = 2;
  for (let n = 0; n < MAX_SEGMENTS; n++) {
    const m = await src.read(pos, 4);
    if (m.length < 4 || m[0] !== 0xff) return null;
    const marker = m[1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9 || (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)) return null; // scan, end or frame header: no EXIF before it
    const len = (m[2] << 8) | m[3];
    if (len < 2) return null;
    if (marker === 0xe1 && len >= 16) {
      const found = await exifOrientation(src, pos + 4, len - 2);
      if (found) return found;
    }
    pos += 2 + len;
  }
  return null;
}

/**
 * Orientation inside one APP1 payload starting at `start` (`length` bytes); null when it is not EXIF (e.g.
 * XMP) or has no usable Orientation: the walk then goes on to the next APP1, so no EXIF Orientation a
 * decoder might honour is left in place.
 */
async function exifOrientation(src: ByteSource, start: number, length: number): Promise<JpegOrientation | null> {
  const b = await src.read(start, Math.min(length, 64 * 1024));
  if (b.length < 14 || String.fromCharCode(...b.subarray(0, 6)) !== 'Exif\0\0') return null;
  const t = 6; // TIFF header
  const le = b[t] === 0x49 && b[t + 1] === 0x49;
  if (!le && !(b[t] === 0x4d && b[t + 1] === 0x4d)) return null;
  const u16 = (o: number) => (o + 2 <= b.length ? (le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1]) : -1);
  const u32 = (o: number) => (o + 4 <= b.length ? (le ? u16(o) + u16(o + 2) * 65536 : u16(o) * 65536 + u16(o + 2)) : -1);
  if (u16(t + 2) !== 42) return null;
  const ifd = t + u32(t + 4);
  const count = u16(ifd);
  if (ifd < t + 8 || count < 0) return null;
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + 12 * i;
    if (e + 12 > b.length) return null;
    if (u16(e) !== 0x0112) continue;
    if (u16(e + 2) !== 3 || u32(e + 4) < 1) return null; // SHORT, count >= 1
    const v = u16(e + 8);
    return v >= 1 && v <= 8 ? { orientation: v as ExifOrientation, valueOffset: start + e + 8, littleEndian: le } : null;
  }
  return null;
}

/**
 * A Blob of `blob`'s bytes with the Orientation value at `at` set to 1 (shown as stored). Only the bytes
 * before and including the value are copied; the rest is a slice of `blob`.
 */
export function withoutOrientation(blob: Blob, at: JpegOrientation): Blob {
  return new Blob([blob.slice(0, at.valueOffset), new Uint8Array(at.littleEndian ? [1, 0] : [0, 1]), blob.slice(at.valueOffset + 2)], { type: blob.type });
}

/**
 * `img` (the stored picture, RGBA row-major) turned as EXIF orientation `o` says it is to be shown:
 * 1 as is; 2 mirrored left-right; 3 turned 180°; 4 mirrored top-bottom; 5 transposed (mirrored about the
 * top-left to bottom-right diagonal); 6 turned 90° clockwise; 7 transverse (mirrored about the other
 * diagonal); 8 turned 90° anticlockwise. Returns a new image (`img` itself for 1); width and height swap for 5..8.
 */
export function orientRgba(img: RgbaImage, o: ExifOrientation): RgbaImage {
  if (o === 1) return img;
  const { width: w, height: h, data } = img;
  const { width: ow, height: oh } = orientedSize(w, h, o);
  const src = new Uint32Array(data.byteOffset % 4 ? data.slice().buffer : data.buffer, data.byteOffset % 4 ? 0 : data.byteOffset, w * h);
  const outData = new Uint8ClampedArray(ow * oh * 4);
  const out = new Uint32Array(outData.buffer);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      // (sx, sy): the stored pixel shown at (x, y).
      let sx: number, sy: number;
      switch (o) {
        case 2: sx = w - 1 - x; sy = y; break;
        case 3: sx = w - 1 - x; sy = h - 1 - y; break;
        case 4: sx = x; sy = h - 1 - y; break;
        case 5: sx = y; sy = x; break;
        case 6: sx = y; sy = h - 1 - x; break;
        case 7: sx = w - 1 - y; sy = h - 1 - x; break;
        default: sx = w - 1 - y; sy = x; break; // 8
      }
      out[y * ow + x] = src[sy * w + sx];
    }
  }
  return { width: ow, height: oh, data: outData };
}
