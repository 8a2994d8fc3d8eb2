// Where each frame's bytes are in the Pixel Data element, native or encapsulated (DICOM PS3.5 A.4), and the
// stored-value arithmetic every decoder's output goes through (Bits Stored, Pixel Representation).

import type { Fragment } from 'dicom-parser';

export type Samples = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/** A typed array for `n` samples of `bitsAllocated` bits (1-bit samples get a byte each). */
export function allocSamples(n: number, bitsAllocated: number, signed: boolean): Samples {
  if (bitsAllocated <= 8) return signed ? new Int8Array(n) : new Uint8Array(n);
  if (bitsAllocated <= 16) return signed ? new Int16Array(n) : new Uint16Array(n);
  return signed ? new Int32Array(n) : new Uint32Array(n);
}

/**
 * Reads `n` native samples starting at byte `offset` (little or big endian), each `bitsAllocated` bits.
 * 1-bit data (PS3.5 8.1.1: packed, least significant bit first, frames not byte-aligned) starts at bit
 * `offset * 8 + bitOffset`.
 */
export function readNative(bytes: Uint8Array, offset: number, n: number, bitsAllocated: number, signed: boolean, bigEndian: boolean, bitOffset = 0): Samples {
  const out = allocSamples(n, bitsAllocated, signed);
  if (bitsAllocated === 1) {
    for (let i = 0; i < n; i++) {
      const bit = offset * 8 + bitOffset + i;
      out[i] = (bytes[bit >> 3] >> (bit & 7)) & 1;
    }
    return out;
  }
  if (bitsAllocated === 8) {
    out.set(signed ? new Int8Array(bytes.buffer, bytes.byteOffset + offset, n) : bytes.subarray(offset, offset + n));
    return out;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, n * (bitsAllocated / 8));
  const le = !bigEndian;
  if (bitsAllocated === 16) {
    for (let i = 0; i < n; i++) out[i] = signed ? dv.getInt16(i * 2, le) : dv.getUint16(i * 2, le);
  } else {
    for (let i = 0; i < n; i++) out[i] = signed ? dv.getInt32(i * 4, le) : dv.getUint32(i * 4, le);
  }
  return out;
}

/**
 * Keeps the low `bitsStored` bits of each sample (PS3.5 8.1.1: the bits above High Bit are not part of the
 * value, and old files kept overlays there) and, for signed data, extends the sign from bit bitsStored-1.
 * In place; the array must be of the signedness given (allocSamples or a view of the same bits).
 */
export function applyBitsStored(v: Samples, bitsStored: number, signed: boolean): void {
  const container = v.BYTES_PER_ELEMENT * 8;
  if (bitsStored >= container) return;
  if (signed) {
    const s = 32 - bitsStored;
    for (let i = 0; i < v.length; i++) v[i] = (v[i] << s) >> s;
  } else {
    const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
    for (let i = 0; i < v.length; i++) v[i] = (v[i] & mask) >>> 0;
  }
}

/** The same bits as a typed array of the given signedness (no copy). */
export function asSigned(v: Uint8Array | Uint16Array | Uint32Array, signed: boolean): Samples {
  if (!signed) return v;
  if (v instanceof Uint8Array) return new Int8Array(v.buffer, v.byteOffset, v.length);
  if (v instanceof Uint16Array) return new Int16Array(v.buffer, v.byteOffset, v.length);
  return new Int32Array(v.buffer, v.byteOffset, v.length);
}

/** What splitting fragments into frames can report; the caller names the file. */
export class FragmentError extends Error {}

/** Start-of-codestream markers: JPEG and JPEG-LS SOI (FF D8), JPEG 2000 SOC + SIZ (FF 4F FF 51). */
function startsFrame(b: Uint8Array, f: Fragment): boolean {
  if (f.length < 2) return false;
  const p = f.position;
  return (b[p] === 0xff && b[p + 1] === 0xd8) || (f.length >= 4 && b[p] === 0xff && b[p + 1] === 0x4f && b[p + 2] === 0xff && b[p + 3] === 0x51);
}

/** End-of-image marker (FF D9, also JPEG 2000's EOC) in the last bytes of a fragment (after up to one pad byte… or a few). */
function endsFrame(b: Uint8Array, f: Fragment): boolean {
  const end = f.position + f.length;
  for (let i = end - 1; i >= Math.max(f.position + 1, end - 10); i--) {
    if (b[i] === 0xd9 && b[i - 1] === 0xff) return true;
  }
  return false;
}

/**
 * Which fragments make up each frame (PS3.5 A.4): through the Basic Offset Table when there is one; one
 * fragment per frame when the counts match; for one frame, all of them; otherwise by finding where each
 * frame's codestream starts (SOI / SOC) or, failing that, ends (EOI / EOC).
 */
export function framesFromFragments(b: Uint8Array, fragments: Fragment[], basicOffsetTable: number[], frames: number): Fragment[][] {
  if (fragments.length === 0) throw new FragmentError('the encapsulated pixel data holds no fragments');
  if (frames === 1) return [fragments];
  if (basicOffsetTable.length > 0) {
    if (basicOffsetTable.length !== frames) throw new FragmentError(`its Basic Offset Table lists ${basicOffsetTable.length} frames, the header says ${frames}`);
    const out: Fragment[][] = [];
    for (let i = 0; i < frames; i++) {
      const start = basicOffsetTable[i];
      const end = i + 1 < frames ? basicOffsetTable[i + 1] : Infinity;
      const mine = fragments.filter((f) => f.offset >= start && f.offset < end);
      if (mine.length === 0 || mine[0].offset !== start) throw new FragmentError(`its Basic Offset Table points frame ${i + 1} at byte ${start}, where no fragment starts`);
      out.push(mine);
    }
    return out;
  }
  if (fragments.length === frames) return fragments.map((f) => [f]);
  const byStart: Fragment[][] = [];
  for (const f of fragments) {
    if (startsFrame(b, f) || byStart.length === 0) byStart.push([f]);
    else byStart[byStart.length - 1].push(f);
  }
  if (byStart.length === frames) return byStart;
  const byEnd: Fragment[][] = [[]];
  for (const f of fragments) {
    byEnd[byEnd.length - 1].push(f);
    if (endsFrame(b, f)) byEnd.push([]);
  }
  if (byEnd[byEnd.length - 1].length === 0) byEnd.pop();
  if (byEnd.length === frames) return byEnd;
  throw new FragmentError(`its ${fragments.length} fragments (no Basic Offset Table) could not be split into the ${frames} frames the header declares`);
}

/** The bytes of one frame: its fragments joined (a view when there is only one). */
export function joinFragments(b: Uint8Array, frags: Fragment[]): Uint8Array {
  if (frags.length === 1) return b.subarray(frags[0].position, frags[0].position + frags[0].length);
  const total = frags.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const f of frags) {
    out.set(b.subarray(f.position, f.position + f.length), o);
    o += f.length;
  }
  return out;
}
