import { describe, expect, it } from 'vitest';
import { decodeRleFrame, RleError } from './rle';

/** An RLE frame (PS3.5 G.5): 64-byte header of segment count and offsets, then the segments. */
function rleFrame(segments: number[][]): Uint8Array {
  const header = new Uint32Array(16);
  header[0] = segments.length;
  let offset = 64;
  segments.forEach((s, i) => {
    header[i + 1] = offset;
    offset += s.length;
  });
  const out = new Uint8Array(offset);
  out.set(new Uint8Array(header.buffer), 0);
  let o = 64;
  for (const s of segments) {
    out.set(s, o);
    o += s.length;
  }
  return out;
}

describe('decodeRleFrame (PS3.5 Annex G)', () => {
  it('decodes literal and replicate runs of one 8-bit plane, by hand', () => {
    // 0x02: copy the next 3 bytes; 0xFD (-3): repeat the next byte 4 times; 0x80 (-128): no-op; 0x00: copy 1.
    const f = rleFrame([[0x02, 10, 20, 30, 0xfd, 7, 0x80, 0x00, 9]]);
    expect(Array.from(decodeRleFrame(f, 2, 4, 1, 8))).toEqual([10, 20, 30, 7, 7, 7, 7, 9]);
  });

  it('puts the high-byte segment before the low-byte one for 16-bit samples', () => {
    // Samples 0x0102, 0x0304: segment 1 holds 01 03, segment 2 holds 02 04.
    const f = rleFrame([
      [0x01, 0x01, 0x03],
      [0x01, 0x02, 0x04],
    ]);
    const v = decodeRleFrame(f, 1, 2, 1, 16);
    expect(v).toBeInstanceOf(Uint16Array);
    expect(Array.from(v)).toEqual([0x0102, 0x0304]);
  });

  it('interleaves the R, G and B segments of a colour frame', () => {
    const f = rleFrame([
      [0xff, 200], // R: 200 200
      [0x01, 1, 2], // G: 1 2
      [0xff, 0], // B: 0 0
    ]);
    expect(Array.from(decodeRleFrame(f, 1, 2, 3, 8))).toEqual([200, 1, 0, 200, 2, 0]);
  });

  it('drops bytes a segment decodes past rows x columns (padding some encoders add)', () => {
    const f = rleFrame([[0x02, 1, 2, 3]]);
    expect(Array.from(decodeRleFrame(f, 1, 2, 1, 8))).toEqual([1, 2]);
  });

  it('refuses a segment count that does not fit the image, and a segment that ends early', () => {
    expect(() => decodeRleFrame(rleFrame([[0x00, 1]]), 1, 1, 3, 8)).toThrow(/lists 1 segments; 3 sample\(s\) of 8 bits need 3/);
    expect(() => decodeRleFrame(rleFrame([[0x01, 1, 2]]), 2, 2, 1, 8)).toThrow(RleError);
    expect(() => decodeRleFrame(rleFrame([[0x05, 1, 2]]), 1, 6, 1, 8)).toThrow(/cut short inside a literal run/);
    expect(() => decodeRleFrame(new Uint8Array(10), 1, 1, 1, 8)).toThrow(/64 bytes/);
  });
});
