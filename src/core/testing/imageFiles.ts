// Test-only builders of image files with metadata and structure real encoders rarely write: JPEGs with
// large APPn segments before the frame header, GIFs whose frames outgrow the logical screen, WebP RIFF
// chunks, BMP headers. Used by unit tests and the e2e journeys; not imported by app code.

function u16be(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}
function u16le(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff];
}
function u32le(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}
function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}

/**
 * `jpegBytes` (a baseline JPEG starting with SOI) with about `metadataBytes` of APP1 (Exif, XMP) and
 * APP2 (ICC) segments inserted right after SOI, so its frame header lies beyond them. The filler holds
 * bytes that look like markers (FF D9, FF DA, and with `decoy` a whole SOF0 claiming decoy's size), as
 * EXIF thumbnails do, to catch readers that scan for FF C0 instead of walking segment lengths.
 */
export function jpegWithApps(jpegBytes: Uint8Array, metadataBytes: number, o: { decoy?: { width: number; height: number } } = {}): Uint8Array<ArrayBuffer> {
  const segments: Uint8Array[] = [];
  let left = metadataBytes;
  let i = 0;
  while (left > 0) {
    const payload = Math.min(65533, left);
    const marker = [0xe1, 0xe1, 0xe2][i % 3];
    const tag = ascii(['Exif\0\0', 'http://ns.adobe.com/xap/1.0/\0', 'ICC_PROFILE\0'][i % 3]);
    const bodyLength = Math.max(0, payload - tag.length);
    const seg = new Uint8Array(4 + tag.length + bodyLength);
    seg.set([0xff, marker, ...u16be(2 + tag.length + bodyLength), ...tag]);
    const trap = [0xff, 0xd9, 0x00, 0xff, 0xda, 0x00, 0x08];
    const sof = o.decoy ? [0xff, 0xc0, 0x00, 0x11, 0x08, ...u16be(o.decoy.height), ...u16be(o.decoy.width), 0x03] : [];
    const fake = [...sof, ...trap];
    if (fake.length + 10 < bodyLength) seg.set(fake, 4 + tag.length + 10);
    segments.push(seg);
    left -= payload;
    i++;
  }
  const total = segments.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(jpegBytes.length + total);
  out.set(jpegBytes.subarray(0, 2), 0);
  let p = 2;
  for (const s of segments) {
    out.set(s, p);
    p += s.length;
  }
  out.set(jpegBytes.subarray(2), p);
  return out;
}

/**
 * A copy of a jpeg-js JPEG whose SOF0 claims width x height. jpeg-js writes no thumbnail, so the first
 * FF C0 is its frame header. The entropy-coded data no longer matches: for refusal tests only.
 */
export function setJpegSize(jpegBytes: Uint8Array, width: number, height: number): Uint8Array<ArrayBuffer> {
  const out = jpegBytes.slice();
  for (let i = 2; i + 8 < out.length; i++) {
    if (out[i] === 0xff && out[i + 1] === 0xc0) {
      out.set([...u16be(height), ...u16be(width)], i + 5);
      return out;
    }
  }
  throw new Error('no SOF0 in this JPEG');
}

export interface GifFrame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A GIF89a with the given logical screen and one image descriptor per frame (each with a graphic control
 * extension and a comment extension of several sub-blocks before it). The image data is a token LZW
 * stream: for size tests, not for decoding.
 */
export function gifWithFrames(screen: { width: number; height: number }, frames: GifFrame[]): Uint8Array<ArrayBuffer> {
  const b: number[] = [...ascii('GIF89a'), ...u16le(screen.width), ...u16le(screen.height), 0x80, 0, 0, 0, 0, 0, 255, 255, 255];
  for (const f of frames) {
    b.push(0x21, 0xfe, 3, 0x2c, 0x2c, 0x2c, 4, 0x3b, 0x21, 0xf9, 0x2c, 0); // comment holding ',' ';' '!' bytes
    b.push(0x21, 0xf9, 4, 0, 0, 0, 0, 0);
    b.push(0x2c, ...u16le(f.left), ...u16le(f.top), ...u16le(f.width), ...u16le(f.height), 0x81, 1, 2, 3, 4, 5, 6); // local table, 2 colours
    b.push(2, 2, 0x44, 0x01, 0);
  }
  b.push(0x3b);
  return new Uint8Array(b);
}

/** A RIFF WEBP container of the given chunks (odd lengths padded). */
export function webpRiff(chunks: [string, Uint8Array][]): Uint8Array<ArrayBuffer> {
  const body: number[] = ascii('WEBP');
  for (const [fourcc, data] of chunks) {
    body.push(...ascii(fourcc), ...u32le(data.length), ...data);
    if (data.length & 1) body.push(0);
  }
  return new Uint8Array([...ascii('RIFF'), ...u32le(body.length), ...body]);
}

/** The 5 header bytes of a VP8L (lossless) bitstream: signature 0x2f, then 14-bit width-1 and height-1. */
export function vp8lBitstream(width: number, height: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0x2f, ...u32le(((width - 1) | ((height - 1) << 14)) >>> 0)]);
}

/** A BMP file header and the start of its DIB header: `headerSize` 12 (OS/2 core, 16-bit sizes) or 40+. */
export function bmpHeader(headerSize: number, width: number, height: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(14 + Math.max(headerSize, 12));
  const dv = new DataView(b.buffer);
  b.set(ascii('BM'));
  dv.setUint32(2, b.length, true);
  dv.setUint32(10, b.length, true);
  dv.setUint32(14, headerSize, true);
  if (headerSize === 12) {
    dv.setUint16(18, width, true);
    dv.setUint16(20, height, true);
  } else {
    dv.setInt32(18, width, true);
    dv.setInt32(22, height, true);
  }
  return b;
}

/**
 * The bytes of an EXIF APP1 segment (marker FF E1 included) whose IFD0 holds one entry, Orientation
 * (tag 0x0112, SHORT) = `orientation`, in a big-endian ("MM") or little-endian ("II") TIFF header
 * (EXIF 2.32 section 4.5.4, TIFF 6.0 section 2). `padding` zero bytes after the IFD stand in for the
 * rest of a camera's metadata.
 */
export function exifOrientationSegment(orientation: number, o: { littleEndian?: boolean; padding?: number } = {}): Uint8Array<ArrayBuffer> {
  const le = Boolean(o.littleEndian);
  const u16 = (n: number) => (le ? u16le(n) : u16be(n));
  const u32 = (n: number) => (le ? u32le(n) : [...u16be(n >>> 16), ...u16be(n & 0xffff)]);
  // TIFF header (8 bytes), IFD0 at offset 8: count 1, one 12-byte entry, next-IFD offset 0.
  const tiff = [...(le ? ascii('II') : ascii('MM')), ...u16(42), ...u32(8), ...u16(1), ...u16(0x0112), ...u16(3), ...u32(1), ...u16(orientation), 0, 0, ...u32(0)];
  const body = [...ascii('Exif\0\0'), ...tiff, ...new Array<number>(o.padding ?? 0).fill(0)];
  return new Uint8Array([0xff, 0xe1, ...u16be(body.length + 2), ...body]);
}

/** `jpegBytes` (starting with SOI) with an EXIF Orientation segment right after SOI (see exifOrientationSegment). */
export function jpegWithOrientation(jpegBytes: Uint8Array, orientation: number, o: { littleEndian?: boolean; padding?: number } = {}): Uint8Array<ArrayBuffer> {
  const seg = exifOrientationSegment(orientation, o);
  const out = new Uint8Array(jpegBytes.length + seg.length);
  out.set(jpegBytes.subarray(0, 2), 0);
  out.set(seg, 2);
  out.set(jpegBytes.subarray(2), 2 + seg.length);
  return out;
}
