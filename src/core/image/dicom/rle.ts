// DICOM RLE Lossless (transfer syntax 1.2.840.10008.1.2.5), DICOM PS3.5 Annex G.
//
// Written here rather than taken from a library: no maintained npm package decodes DICOM RLE on its own
// (cornerstone's and dwv's decoders live inside their whole image loaders), and the format is one PackBits
// loop over at most 15 byte planes.

/** Thrown for RLE data that does not follow Annex G; the caller turns it into a UserError naming the file. */
export class RleError extends Error {}

/**
 * Decodes one RLE frame (one fragment, or the fragments of one frame joined) into its samples.
 *
 * Annex G: a 64-byte header (segment count, then 15 little-endian uint32 offsets from the start of the frame),
 * then one PackBits segment per byte plane: for each sample (R, G, B, or the one grey sample) its bytes from
 * the most significant down. Each segment decodes to rows x columns bytes.
 *
 * @returns rows x columns x samplesPerPixel values, colour interleaved (R,G,B,R,G,B…), as unsigned bit
 *   patterns in a Uint8Array (bitsAllocated 8), Uint16Array (16) or Uint32Array (32): the caller applies
 *   sign and Bits Stored.
 * @throws RleError when the header is wrong for the image or a segment is short or malformed.
 */
export function decodeRleFrame(
  frame: Uint8Array,
  rows: number,
  columns: number,
  samplesPerPixel: number,
  bitsAllocated: number,
): Uint8Array | Uint16Array | Uint32Array {
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) throw new RleError(`RLE holds 8, 16 or 32-bit samples, not ${bitsAllocated}-bit`);
  if (frame.length < 64) throw new RleError(`the RLE header needs 64 bytes, the frame has ${frame.length}`);
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const bytesPerSample = bitsAllocated / 8;
  const segments = dv.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) {
    throw new RleError(`the RLE header lists ${segments} segments; ${samplesPerPixel} sample(s) of ${bitsAllocated} bits need ${expected}`);
  }
  const n = rows * columns;
  const out = bitsAllocated === 8 ? new Uint8Array(n * samplesPerPixel) : bitsAllocated === 16 ? new Uint16Array(n * samplesPerPixel) : new Uint32Array(n * samplesPerPixel);
  const plane = new Uint8Array(n);
  for (let seg = 0; seg < segments; seg++) {
    const start = dv.getUint32(4 + 4 * seg, true);
    const end = seg + 1 < segments ? dv.getUint32(8 + 4 * seg, true) : frame.length;
    if (start < 64 || end > frame.length || end < start) throw new RleError(`RLE segment ${seg + 1} lies outside the frame (offsets ${start}..${end} of ${frame.length} bytes)`);
    unpackBits(frame, start, end, plane, seg);
    const sample = Math.floor(seg / bytesPerSample);
    const shift = 8 * (bytesPerSample - 1 - (seg % bytesPerSample));
    if (shift === 0 && bytesPerSample === 1) {
      for (let p = 0, o = sample; p < n; p++, o += samplesPerPixel) out[o] = plane[p];
    } else {
      // >>> 0 keeps 32-bit patterns unsigned.
      for (let p = 0, o = sample; p < n; p++, o += samplesPerPixel) out[o] = (out[o] | (plane[p] << shift)) >>> 0;
    }
  }
  return out;
}

/** PackBits (Annex G.3.1): n in 0..127 copies n+1 bytes, n in -127..-1 repeats the next byte 1-n times, -128 is a no-op. */
function unpackBits(src: Uint8Array, start: number, end: number, dst: Uint8Array, seg: number): void {
  let i = start;
  let o = 0;
  const want = dst.length;
  while (o < want) {
    if (i >= end) throw new RleError(`RLE segment ${seg + 1} ends after ${o} of ${want} bytes`);
    const h = src[i++];
    if (h < 128) {
      const count = h + 1;
      if (i + count > end) throw new RleError(`RLE segment ${seg + 1} is cut short inside a literal run`);
      // Some encoders pad a segment past rows x columns; the surplus is dropped, as other readers do.
      const keep = Math.min(count, want - o);
      dst.set(src.subarray(i, i + keep), o);
      i += count;
      o += keep;
    } else if (h > 128) {
      const count = 257 - h;
      if (i >= end) throw new RleError(`RLE segment ${seg + 1} is cut short inside a replicate run`);
      const keep = Math.min(count, want - o);
      dst.fill(src[i++], o, o + keep);
      o += keep;
    }
  }
}
