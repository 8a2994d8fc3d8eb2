// Recognises an image file from its first bytes and finds the size the browser will decode it at, so a
// wrong file type or a huge image gets a clear message before anything tries to decode it.
//
// The size is read by walking the file's own structure as far as it takes, not from a fixed-size head:
// a JPEG's frame header (SOF) may sit behind megabytes of EXIF/XMP/ICC segments, and a GIF frame may be
// larger than the logical screen its header states. Formats followed: JPEG (ITU-T T.81 B.1: marker
// segments with 16-bit lengths), PNG (ISO/IEC 15948: IHDR is the first chunk), GIF89a (logical screen
// descriptor, every image descriptor), WebP (RIFF container: VP8X canvas, VP8/VP8L bitstream headers,
// ANMF frames), BMP (BITMAPCOREHEADER and BITMAPINFOHEADER and its successors), AVIF (ISO BMFF 'ftyp'
// brands, 'ispe' property). DICOM (preamble + "DICM", or a bare data set) and TIFF are recognised; their
// decoders (clinical.ts) read their own sizes.

import { looksLikeDicom } from './dicom';

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'dicom' | 'tiff' | 'avif' | 'heic' | 'unknown';

export interface Sniffed {
  kind: ImageKind;
  /** The size a browser decodes the image (its first frame) at, in pixels. */
  width?: number;
  height?: number;
  /**
   * Where the file's frames reach beyond that size: the union of the canvas and every frame rectangle
   * (GIF, animated WebP). Browsers clip such frames, but a limit should count them. Absent when equal.
   */
  extent?: { width: number; height: number };
}

/** Random access to a file's bytes; `read` may return fewer bytes than asked for at the end of the file. */
export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A Blob (or File) as a ByteSource: each read is one `blob.slice(...).arrayBuffer()`. */
export function blobSource(blob: Blob): ByteSource {
  return { size: blob.size, read: async (o, n) => new Uint8Array(await blob.slice(o, Math.min(blob.size, o + n)).arrayBuffer()) };
}

/** Bytes already in memory as a ByteSource. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (o, n) => bytes.subarray(o, Math.min(bytes.length, o + n)) };
}

const WINDOW = 64 * 1024;

/** Reads a ByteSource through one cached window, so walking small fields costs one read per window. */
class Cursor {
  private start = 0;
  private buf: Uint8Array = new Uint8Array(0);
  reads = 0;
  /** `window`: bytes per read; small where the walk hops over long segments, large where it crawls. */
  constructor(private readonly src: ByteSource, private readonly window = WINDOW) {}

  get size(): number {
    return this.src.size;
  }

  /** Makes [pos, pos + n) available to the sync getters; false when the file ends before it. */
  async ensure(pos: number, n: number): Promise<boolean> {
    if (pos < 0 || pos + n > this.src.size) return false;
    if (pos >= this.start && pos + n <= this.start + this.buf.length) return true;
    this.start = pos;
    this.buf = await this.src.read(pos, Math.max(this.window, n));
    this.reads++;
    return pos + n <= this.start + this.buf.length;
  }

  has(pos: number, n: number): boolean {
    return pos >= this.start && pos + n <= this.start + this.buf.length;
  }

  u8(pos: number): number {
    return this.buf[pos - this.start];
  }
  u16be(pos: number): number {
    return (this.u8(pos) << 8) | this.u8(pos + 1);
  }
  u16le(pos: number): number {
    return this.u8(pos) | (this.u8(pos + 1) << 8);
  }
  u24le(pos: number): number {
    return this.u8(pos) | (this.u8(pos + 1) << 8) | (this.u8(pos + 2) << 16);
  }
  u32be(pos: number): number {
    return this.u16be(pos) * 65536 + this.u16be(pos + 2);
  }
  u32le(pos: number): number {
    return this.u16le(pos) + this.u16le(pos + 2) * 65536;
  }
  i32le(pos: number): number {
    return this.u32le(pos) | 0;
  }
  ascii(pos: number, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.u8(pos + i));
    return s;
  }
}

type Size = { width: number; height: number; extent?: { width: number; height: number } } | undefined;

function isSof(m: number): boolean {
  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

/** Walks the marker segments by their lengths until the frame header; undefined when there is none. */
async function jpegSize(c: Cursor): Promise<Size> {
  let pos = 2;
  for (;;) {
    // Find the next marker as libjpeg does: skip anything up to a 0xFF, then any fill bytes.
    if (!c.has(pos, 1) && !(await c.ensure(pos, 1))) return undefined;
    if (c.u8(pos) !== 0xff) {
      pos++;
      continue;
    }
    let m = 0xff;
    while (m === 0xff) {
      pos++;
      if (!c.has(pos, 1) && !(await c.ensure(pos, 1))) return undefined;
      m = c.u8(pos);
    }
    pos++; // pos is now just after the marker code
    if (m === 0x00) continue; // a stuffed 0xFF00 is data, not a marker
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) continue; // markers without a length
    if (m === 0xd9 || m === 0xda) return undefined; // end of image, or scan data before any frame header
    if (!(await c.ensure(pos, 2))) return undefined;
    const len = c.u16be(pos);
    if (len < 2) return undefined;
    if (isSof(m)) {
      if (!(await c.ensure(pos, 7))) return undefined;
      return { height: c.u16be(pos + 3), width: c.u16be(pos + 5) };
    }
    pos += len;
  }
}

async function pngSize(c: Cursor): Promise<Size> {
  if (!(await c.ensure(0, 24)) || c.ascii(12, 4) !== 'IHDR') return undefined;
  return { width: c.u32be(16), height: c.u32be(20) };
}

/** GIF sub-blocks: a length byte, that many bytes, until a zero length. Returns the position after them. */
async function skipSubBlocks(c: Cursor, pos: number): Promise<number | undefined> {
  for (;;) {
    if (!c.has(pos, 1) && !(await c.ensure(pos, 1))) return undefined;
    const n = c.u8(pos);
    pos += 1 + n;
    if (n === 0) return pos;
  }
}

/**
 * The logical screen joined with the first frame's rectangle is the decoded size: Chromium grows the
 * canvas to hold a first frame larger than the screen (a 300 x 200 frame on a 100 x 100 screen decodes
 * at 300 x 200) and clips later frames. Every later frame is walked too, and their union is the extent.
 */
async function gifSize(c: Cursor): Promise<Size> {
  if (!(await c.ensure(0, 13))) return undefined;
  let width = c.u16le(6);
  let height = c.u16le(8);
  let extent = { width, height };
  let frames = 0;
  const packed = c.u8(10);
  let pos = 13 + (packed & 0x80 ? 3 * (1 << ((packed & 7) + 1)) : 0);
  for (;;) {
    if (!(await c.ensure(pos, 1))) break; // a truncated file: what was seen so far is the size
    const block = c.u8(pos);
    if (block === 0x2c) {
      if (!(await c.ensure(pos, 10))) break;
      const rect = { width: c.u16le(pos + 1) + c.u16le(pos + 5), height: c.u16le(pos + 3) + c.u16le(pos + 7) };
      if (frames++ === 0) ({ width, height } = maxSize({ width, height }, rect)!);
      extent = maxSize(extent, rect)!;
      const p = c.u8(pos + 9);
      pos += 10 + (p & 0x80 ? 3 * (1 << ((p & 7) + 1)) : 0) + 1; // + local colour table + LZW code size
      const next = await skipSubBlocks(c, pos);
      if (next === undefined) break;
      pos = next;
    } else if (block === 0x21) {
      const next = await skipSubBlocks(c, pos + 2);
      if (next === undefined) break;
      pos = next;
    } else {
      break; // 0x3b trailer, or bytes that are not a block
    }
  }
  return withExtent({ width, height }, extent);
}

/** `size` with `extent` attached where the extent reaches beyond it. */
function withExtent(size: { width: number; height: number }, extent: { width: number; height: number } | undefined): Size {
  if (!extent || (extent.width <= size.width && extent.height <= size.height)) return size;
  return { ...size, extent: { width: Math.max(size.width, extent.width), height: Math.max(size.height, extent.height) } };
}

function maxSize(a: Size, b: Size): { width: number; height: number } | undefined {
  if (!a) return b && { width: b.width, height: b.height };
  if (!b) return { width: a.width, height: a.height };
  return { width: Math.max(a.width, b.width), height: Math.max(a.height, b.height) };
}

/** A VP8 or VP8L bitstream's own dimensions, `pos` at the chunk payload. */
async function webpBitstream(c: Cursor, fourcc: string, pos: number): Promise<Size> {
  if (fourcc === 'VP8 ') {
    if (!(await c.ensure(pos, 10)) || c.u8(pos + 3) !== 0x9d || c.u8(pos + 4) !== 0x01 || c.u8(pos + 5) !== 0x2a) return undefined;
    return { width: c.u16le(pos + 6) & 0x3fff, height: c.u16le(pos + 8) & 0x3fff };
  }
  if (fourcc === 'VP8L') {
    if (!(await c.ensure(pos, 5)) || c.u8(pos) !== 0x2f) return undefined;
    const bits = c.u32le(pos + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

/**
 * Every chunk of the RIFF container (and those nested in ANMF frames). The decoded size is the VP8X
 * canvas when there is one (libwebp refuses frames outside it), else the bitstream's own; the extent is
 * the union of the canvas and every bitstream and frame rectangle.
 */
async function webpSize(c: Cursor): Promise<Size> {
  let canvas: Size;
  let first: Size;
  let extent: Size;
  const end = Math.min(c.size, 8 + (await c.ensure(0, 12) ? c.u32le(4) : 0));
  const walk = async (from: number, to: number, depth: number): Promise<void> => {
    let pos = from;
    while (pos + 8 <= to && (await c.ensure(pos, 8))) {
      const fourcc = c.ascii(pos, 4);
      const len = c.u32le(pos + 4);
      const body = pos + 8;
      if (fourcc === 'VP8X' && depth === 0 && (await c.ensure(body, 10))) {
        canvas ??= { width: 1 + c.u24le(body + 4), height: 1 + c.u24le(body + 7) };
        extent = maxSize(extent, canvas);
      } else if (fourcc === 'VP8 ' || fourcc === 'VP8L') {
        const own = await webpBitstream(c, fourcc, body);
        first ??= own;
        extent = maxSize(extent, own);
      } else if (fourcc === 'ANMF' && depth === 0 && (await c.ensure(body, 16))) {
        const x = 2 * c.u24le(body);
        const y = 2 * c.u24le(body + 3);
        extent = maxSize(extent, { width: x + 1 + c.u24le(body + 6), height: y + 1 + c.u24le(body + 9) });
        await walk(body + 16, Math.min(to, body + len), depth + 1);
      }
      pos = body + len + (len & 1);
    }
  };
  await walk(12, end, 0);
  const size = canvas ?? first;
  return size && withExtent(size, extent);
}

async function bmpSize(c: Cursor): Promise<Size> {
  if (!(await c.ensure(0, 26))) return undefined;
  const header = c.u32le(14);
  if (header === 12) return { width: c.u16le(18), height: c.u16le(20) }; // OS/2 BITMAPCOREHEADER
  return { width: Math.abs(c.i32le(18)), height: Math.abs(c.i32le(22)) };
}

function kindOf(b: Uint8Array): ImageKind {
  const ascii = (start: number, len: number) => String.fromCharCode(...b.subarray(start, start + len));
  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 7) === 'PNG\r\n\x1a\n') return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 10 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 16 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return 'webp';
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (b.length >= 132 && ascii(128, 4) === 'DICM') return 'dicom';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a))) return 'tiff';
  const heif = heifKind(b);
  if (heif) return heif;
  // A DICOM data set with no preamble (no "DICM"): recognised by its first element, last, as it is the loosest test.
  if (looksLikeDicom(b)) return 'dicom';
  return 'unknown';
}

const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);

/**
 * ISO BMFF images (ISO/IEC 23008-12 HEIF, and AVIF on top of it): an 'ftyp' box first, whose major and
 * compatible brands say which. AVIF when any brand is avif/avis; HEIC (HEVC inside) for the HEIF brands.
 */
function heifKind(b: Uint8Array): 'avif' | 'heic' | undefined {
  if (b.length < 16 || String.fromCharCode(b[4], b[5], b[6], b[7]) !== 'ftyp') return undefined;
  const size = Math.min(b.length, ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0);
  const brands: string[] = [];
  for (let i = 8; i + 4 <= size; i += i === 8 ? 8 : 4) brands.push(String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]));
  if (brands.some((x) => AVIF_BRANDS.has(x))) return 'avif';
  if (brands.some((x) => HEIC_BRANDS.has(x))) return 'heic';
  return undefined;
}

/**
 * An AVIF's size: the 'ispe' (image spatial extents) property of its primary item, which encoders write in
 * the 'meta' box at the start of the file. The largest ispe is taken (a grid image's is the whole canvas;
 * its tiles' are smaller).
 */
async function avifSize(c: Cursor): Promise<Size> {
  const n = Math.min(c.size, 64 * 1024);
  if (!(await c.ensure(0, n))) return undefined;
  let best: Size;
  for (let i = 4; i + 16 <= n; i++) {
    if (c.u8(i) !== 0x69 || c.ascii(i, 4) !== 'ispe') continue;
    const width = c.u32be(i + 8);
    const height = c.u32be(i + 12);
    if (width > 0 && height > 0 && (!best || width * height > best.width * best.height)) best = { width, height };
  }
  return best;
}

const MEASURE: Partial<Record<ImageKind, (c: Cursor) => Promise<Size>>> = { png: pngSize, jpeg: jpegSize, gif: gifSize, webp: webpSize, bmp: bmpSize, avif: avifSize };

/**
 * The file's kind and the size (in pixels) a browser decodes it at, read from the file's structure
 * wherever in the file it is (see the header comment). Reads only the bytes the walk needs, a window
 * at a time (4 KiB for JPEG's segment hops, 64 KiB elsewhere). Size fields are absent when the kind has none here (DICOM, TIFF, unknown) or the
 * file ends or breaks before its size; never throws for malformed bytes.
 */
export async function measureImage(src: ByteSource): Promise<Sniffed> {
  const head = new Cursor(src, 4096);
  await head.ensure(0, Math.min(src.size, 132));
  const first = new Uint8Array(Math.min(src.size, 132));
  for (let i = 0; i < first.length; i++) first[i] = head.u8(i);
  const kind = kindOf(first);
  const measure = MEASURE[kind];
  // JPEG hops from segment to segment, reading a few bytes at each: small windows. GIF crawls sub-blocks.
  const size = measure ? await measure(kind === 'jpeg' ? head : new Cursor(src)) : undefined;
  return size ? { kind, ...size } : { kind };
}

/** measureImage for bytes already in memory (the whole file, or as much of it as there is). */
export function sniffImage(bytes: Uint8Array): Promise<Sniffed> {
  return measureImage(bytesSource(bytes));
}

/** Largest image accepted, in pixels: beyond this a decode can exhaust a laptop's memory. */
export const MAX_PIXELS = 80_000_000;
/** Longest side kept after decoding; the model needs far less, the preview at most 512. */
export const MAX_KEPT_SIDE = 2048;
