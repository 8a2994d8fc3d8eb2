// Builds small DICOM files in tests (PS3.5 7.1 element encoding, PS3.10 7 file format), so that each case a
// decoder must handle or refuse is made in code, byte by byte, instead of shipped as a binary.
// Test-only: nothing in the app imports it.

/** Text, numbers (US/SS/UL/SL), raw bytes, or for SQ its items (each a list of elements). */
export type Value = string | number[] | Uint8Array | El[][];

/** An element: tag as 0xGGGGEEEE, its VR, and its value (text, numbers for US/SS/UL, or raw bytes). */
export interface El {
  tag: number;
  vr: string;
  value: Value;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);

/** Appends without spreading (a spread of a 200 KB fragment overflows the call stack). */
function append(out: number[], bytes: ArrayLike<number>): number[] {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
  return out;
}

function u16(n: number, le = true): number[] {
  return le ? [n & 0xff, (n >> 8) & 0xff] : [(n >> 8) & 0xff, n & 0xff];
}

function u32(n: number, le = true): number[] {
  const b = [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
  return le ? b : b.reverse();
}

function valueBytes(e: El, le: boolean, explicit: boolean): number[] {
  if (e.vr === 'SQ') {
    // Items of explicit length (PS3.5 7.5.1).
    return (e.value as El[][]).flatMap((item) => {
      const body = item.flatMap((x) => encodeElement(x, explicit, le));
      return [...u16(0xfffe, le), ...u16(0xe000, le), ...u32(body.length, le), ...body];
    });
  }
  if (typeof e.value === 'string') {
    const s = [...e.value].map((c) => c.charCodeAt(0));
    if (s.length % 2) s.push(e.vr === 'UI' ? 0 : 0x20);
    return s;
  }
  if (e.value instanceof Uint8Array) {
    const b = append([], e.value);
    if (b.length % 2) b.push(0);
    return b;
  }
  const nums = e.value as number[];
  if (e.vr === 'US' || e.vr === 'SS') return nums.flatMap((n) => u16(n & 0xffff, le));
  if (e.vr === 'UL' || e.vr === 'SL') return nums.flatMap((n) => u32(n >>> 0, le));
  throw new Error(`testWriter: give ${e.vr} values as a string or bytes`);
}

/** One element's bytes: explicit or implicit VR, little or big endian. */
export function encodeElement(e: El, explicit = true, le = true): number[] {
  const group = e.tag >>> 16;
  const element = e.tag & 0xffff;
  const v = valueBytes(e, le, explicit);
  const head = [...u16(group, le), ...u16(element, le)];
  if (!explicit) return append([...head, ...u32(v.length, le)], v);
  const vr = [e.vr.charCodeAt(0), e.vr.charCodeAt(1)];
  if (LONG_VRS.has(e.vr)) return append([...head, ...vr, 0, 0, ...u32(v.length, le)], v);
  return append([...head, ...vr, ...u16(v.length, le)], v);
}

/** Encapsulated Pixel Data (PS3.5 A.4): OB, undefined length, a Basic Offset Table item, the fragments, a delimiter. */
export function encapsulated(fragments: Uint8Array[], offsetTable: number[] = []): number[] {
  const out = [...u16(0x7fe0), ...u16(0x0010), 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff];
  const item = (bytes: ArrayLike<number>) => append(append(out, [...u16(0xfffe), ...u16(0xe000), ...u32(bytes.length)]), bytes);
  item(offsetTable.flatMap((o) => u32(o)));
  for (const f of fragments) {
    const b = append([], f);
    if (b.length % 2) b.push(0);
    item(b);
  }
  out.push(...u16(0xfffe), ...u16(0xe0dd), 0, 0, 0, 0);
  return out;
}

export interface FileOptions {
  /** Transfer Syntax UID written in the file meta (default explicit VR little endian). */
  transferSyntax?: string;
  /** Write the 128-byte preamble, "DICM" and the file meta group (default true). */
  part10?: boolean;
  /** Encode the data set with explicit VRs (default: true unless the syntax is implicit VR LE). */
  explicit?: boolean;
  /** Encode the data set big endian (default: only for 1.2.840.10008.1.2.2). */
  bigEndian?: boolean;
  /** Raw bytes to put after the data set's elements (encapsulated pixel data). */
  tail?: number[];
}

/** A DICOM file from its data set elements (sorted by tag here); file meta added unless part10 is false. */
export function dicomFile(elements: El[], o: FileOptions = {}): Uint8Array {
  const ts = o.transferSyntax ?? '1.2.840.10008.1.2.1';
  const explicit = o.explicit ?? ts !== '1.2.840.10008.1.2';
  const le = !(o.bigEndian ?? ts === '1.2.840.10008.1.2.2');
  const body: number[] = [];
  for (const e of [...elements].sort((a, b) => a.tag - b.tag)) append(body, encodeElement(e, explicit, le));
  if (o.tail) append(body, o.tail);
  if (o.part10 === false) return new Uint8Array(body);
  const metaRest = [
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.7' },
    { tag: 0x00020003, vr: 'UI', value: '1.2.3.4.5' },
    { tag: 0x00020010, vr: 'UI', value: ts },
  ].flatMap((e) => encodeElement(e));
  const meta = [...encodeElement({ tag: 0x00020000, vr: 'UL', value: [metaRest.length] }), ...metaRest];
  const out = new Uint8Array(132 + meta.length + body.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(meta, 132);
  out.set(body, 132 + meta.length);
  return out;
}

/** The Image Pixel module's elements for a simple image (PS3.3 C.7.6.3). */
export function imagePixel(o: {
  rows: number;
  columns: number;
  samplesPerPixel?: number;
  photometric?: string;
  bitsAllocated?: number;
  bitsStored?: number;
  signed?: boolean;
  planar?: number;
  frames?: number;
}): El[] {
  const spp = o.samplesPerPixel ?? 1;
  const bitsAllocated = o.bitsAllocated ?? 16;
  const bitsStored = o.bitsStored ?? bitsAllocated;
  const els: El[] = [
    { tag: 0x00280002, vr: 'US', value: [spp] },
    { tag: 0x00280004, vr: 'CS', value: o.photometric ?? (spp === 3 ? 'RGB' : 'MONOCHROME2') },
    { tag: 0x00280010, vr: 'US', value: [o.rows] },
    { tag: 0x00280011, vr: 'US', value: [o.columns] },
    { tag: 0x00280100, vr: 'US', value: [bitsAllocated] },
    { tag: 0x00280101, vr: 'US', value: [bitsStored] },
    { tag: 0x00280102, vr: 'US', value: [bitsStored - 1] },
    { tag: 0x00280103, vr: 'US', value: [o.signed ? 1 : 0] },
  ];
  if (spp === 3) els.push({ tag: 0x00280006, vr: 'US', value: [o.planar ?? 0] });
  if (o.frames !== undefined) els.push({ tag: 0x00280008, vr: 'IS', value: String(o.frames) });
  return els;
}

/** Native pixel data (OW for 16-bit, OB for 8-bit) from sample values, little endian unless told. */
export function pixelData(values: number[], bitsAllocated: number, le = true): El {
  const bytes: number[] = [];
  for (const v of values) append(bytes, bitsAllocated === 8 ? [v & 0xff] : u16(v & 0xffff, le));
  return { tag: 0x7fe00010, vr: bitsAllocated === 8 ? 'OB' : 'OW', value: new Uint8Array(bytes) };
}
