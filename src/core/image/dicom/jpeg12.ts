// A sequential-DCT JPEG decoder (ITU-T T.81 processes 1, 2 and 4: baseline and extended, Huffman coding) for
// the 12-bit frames of DICOM's JPEG Extended transfer syntax (1.2.840.10008.1.2.4.51). 8-bit frames go to
// libjpeg-turbo (codecs.ts); this decoder takes the 12-bit ones, which that build cannot decode.
//
// Written here because no maintained npm package decodes 12-bit DCT JPEG: @cornerstonejs/codec-libjpeg-turbo-8bit
// is 8-bit only, cornerstone's dicom-image-loader and dwv each carry a private copy of an old pdf.js decoder that
// is not exported (and the loader's peer dependencies bring in vtk.js), and dcmjs-codecs ships a 4 MB
// WebAssembly file. What is decoded: SOF0/SOF1, 8 or 12-bit, any sampling factors (chroma upsampled by
// replication), interleaved or not, several scans, restart intervals. Progressive, lossless (process 14 has its
// own decoder) and arithmetic-coded frames are refused by name.

import { CodecError, type CodecFrame } from './codecs';

/** T.81 Figure A.6: the zig-zag order of the 64 coefficients. */
const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36,
  29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** IDCT basis (T.81 A.3.3): COS[x * 8 + u] = C(u)/2 * cos((2x + 1) u pi / 16), C(0) = 1/sqrt 2. */
const COS = new Float64Array(64);
for (let x = 0; x < 8; x++) for (let u = 0; u < 8; u++) COS[x * 8 + u] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);

interface Huffman {
  /** T.81 F.2.2.3: for code length l (1..16), the largest code (-1 when none), and where its values start. */
  maxcode: Int32Array;
  valptr: Int32Array;
  mincode: Int32Array;
  values: Uint8Array;
}

/** T.81 Annex C: canonical codes from the 16 counts of codes per length. */
function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxcode = new Int32Array(18).fill(-1);
  const mincode = new Int32Array(17);
  const valptr = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    const n = counts[l - 1];
    if (n > 0) {
      valptr[l] = k;
      mincode[l] = code;
      code += n;
      k += n;
      maxcode[l] = code - 1;
    }
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff;
  return { maxcode, mincode, valptr, values };
}

interface Component {
  id: number;
  h: number;
  v: number;
  tq: number;
  /** Blocks per line and per column allocated (whole MCUs). */
  bw: number;
  bh: number;
  /** Decoded samples, bw*8 wide. */
  plane: Float32Array;
  pred: number;
  dc?: Huffman;
  ac?: Huffman;
}

class BitReader {
  private bits = 0;
  private count = 0;
  /** The marker that stopped the entropy-coded data, once met. */
  marker = -1;

  constructor(
    private readonly d: Uint8Array,
    public pos: number,
  ) {}

  private fill(): void {
    if (this.marker >= 0 || this.pos >= this.d.length) throw new CodecError('12-bit JPEG: the coded data ends early (cut short or damaged)');
    const b = this.d[this.pos++];
    if (b === 0xff) {
      let next = this.d[this.pos];
      while (next === 0xff) next = this.d[++this.pos];
      if (next === 0) {
        this.pos++;
      } else {
        // A marker inside the coded data: no more bits in this interval.
        this.marker = next;
        this.pos++;
        throw new CodecError(`12-bit JPEG: the coded data ends early at a marker (FF${next.toString(16).toUpperCase()})`);
      }
    }
    this.bits = (this.bits << 8) | b;
    this.count += 8;
  }

  bit(): number {
    if (this.count === 0) this.fill();
    this.count--;
    return (this.bits >> this.count) & 1;
  }

  receive(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v;
  }

  /** T.81 F.2.2.3 DECODE. */
  decode(t: Huffman): number {
    let code = this.bit();
    let l = 1;
    while (code > t.maxcode[l]) {
      code = (code << 1) | this.bit();
      if (++l > 16) throw new CodecError('12-bit JPEG: a Huffman code matches no table entry (damaged data)');
    }
    return t.values[t.valptr[l] + code - t.mincode[l]];
  }

  /** Drops the bits left in the byte and reads the restart marker expected next (T.81 F.2.2.5). */
  restart(expected: number): void {
    this.bits = 0;
    this.count = 0;
    if (this.marker < 0) {
      while (this.pos + 1 < this.d.length && !(this.d[this.pos] === 0xff && this.d[this.pos + 1] !== 0 && this.d[this.pos + 1] !== 0xff)) this.pos++;
      this.marker = this.d[this.pos + 1];
      this.pos += 2;
    }
    if (this.marker !== 0xd0 + (expected & 7)) throw new CodecError(`12-bit JPEG: expected restart marker RST${expected & 7}, found FF${(this.marker ?? 0).toString(16).toUpperCase()}`);
    this.marker = -1;
  }

  /** After a scan: the position of the marker that ends it. */
  end(): number {
    if (this.marker >= 0) return this.pos - 2;
    let p = this.pos;
    while (p + 1 < this.d.length && !(this.d[p] === 0xff && this.d[p + 1] !== 0 && this.d[p + 1] !== 0xff && !(this.d[p + 1] >= 0xd0 && this.d[p + 1] <= 0xd7))) p++;
    return p;
  }
}

const extend = (v: number, s: number) => (s === 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v);

/**
 * Decodes a baseline or extended sequential JPEG stream (8 or 12-bit samples).
 * @returns interleaved samples (Uint16Array) of every component, chroma upsampled, YCbCr converted to RGB for
 *   three-component frames unless an Adobe APP14 marker says the components are RGB.
 * @throws CodecError for streams that are damaged, cut short, or of a process this decoder does not do.
 */
export function decodeJpeg12(d: Uint8Array): CodecFrame {
  if (d[0] !== 0xff || d[1] !== 0xd8) throw new CodecError('12-bit JPEG: the frame does not start with a JPEG SOI marker');
  const qt: Int32Array[] = [];
  const dcTables: Huffman[] = [];
  const acTables: Huffman[] = [];
  let comps: Component[] = [];
  let precision = 8;
  let width = 0;
  let height = 0;
  let hmax = 1;
  let vmax = 1;
  let mcusX = 0;
  let mcusY = 0;
  let restartInterval = 0;
  let adobeTransform = -1;
  let p = 2;
  const u16 = (i: number) => (d[i] << 8) | d[i + 1];
  for (;;) {
    if (p + 2 > d.length) throw new CodecError('12-bit JPEG: the stream ends before its end-of-image marker');
    if (d[p] !== 0xff) {
      p++;
      continue;
    }
    const m = d[p + 1];
    if (m === 0xff) {
      p++;
      continue;
    }
    if (m === 0xd9) break;
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd8)) {
      // Markers with no segment (TEM, RSTn, SOI).
      p += 2;
      continue;
    }
    if (p + 4 > d.length) throw new CodecError('12-bit JPEG: the stream ends before its end-of-image marker');
    const len = u16(p + 2);
    const seg = p + 4;
    const segEnd = p + 2 + len;
    if (segEnd > d.length) throw new CodecError('12-bit JPEG: a marker segment runs past the end of the stream');
    if (m === 0xdb) {
      for (let i = seg; i < segEnd; ) {
        const pq = d[i] >> 4;
        const tq = d[i] & 15;
        const t = new Int32Array(64);
        i++;
        for (let k = 0; k < 64; k++, i += pq ? 2 : 1) t[ZIGZAG[k]] = pq ? u16(i) : d[i];
        qt[tq] = t;
      }
    } else if (m === 0xc4) {
      for (let i = seg; i < segEnd; ) {
        const tc = d[i] >> 4;
        const th = d[i] & 15;
        const counts = d.subarray(i + 1, i + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        const table = buildHuffman(counts, d.slice(i + 17, i + 17 + total));
        (tc === 0 ? dcTables : acTables)[th] = table;
        i += 17 + total;
      }
    } else if (m === 0xc0 || m === 0xc1) {
      precision = d[seg];
      height = u16(seg + 1);
      width = u16(seg + 3);
      const nf = d[seg + 5];
      if (!width || !height) throw new CodecError('12-bit JPEG: the frame header gives no size (DNL is not supported)');
      comps = [];
      for (let c = 0; c < nf; c++) {
        const o = seg + 6 + 3 * c;
        comps.push({ id: d[o], h: d[o + 1] >> 4 || 1, v: d[o + 1] & 15 || 1, tq: d[o + 2], bw: 0, bh: 0, plane: new Float32Array(0), pred: 0 });
      }
      hmax = Math.max(...comps.map((c) => c.h));
      vmax = Math.max(...comps.map((c) => c.v));
      mcusX = Math.ceil(width / (8 * hmax));
      mcusY = Math.ceil(height / (8 * vmax));
      for (const c of comps) {
        c.bw = mcusX * c.h;
        c.bh = mcusY * c.v;
        c.plane = new Float32Array(c.bw * 8 * c.bh * 8);
      }
    } else if (m >= 0xc2 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      const kinds: Record<number, string> = { 0xc2: 'progressive', 0xc3: 'lossless', 0xc9: 'arithmetic-coded', 0xca: 'progressive arithmetic-coded', 0xcb: 'lossless arithmetic-coded' };
      throw new CodecError(`12-bit JPEG: a ${kinds[m] ?? 'hierarchical'} frame (SOF${m - 0xc0}), which this decoder does not do`);
    } else if (m === 0xdd) {
      restartInterval = u16(seg);
    } else if (m === 0xee && len >= 12 && String.fromCharCode(...d.subarray(seg, seg + 5)) === 'Adobe') {
      adobeTransform = d[seg + 11];
    } else if (m === 0xda) {
      if (!comps.length) throw new CodecError('12-bit JPEG: a scan comes before the frame header');
      const ns = d[seg];
      const scan: Component[] = [];
      for (let s = 0; s < ns; s++) {
        const c = comps.find((x) => x.id === d[seg + 1 + 2 * s]);
        if (!c) throw new CodecError('12-bit JPEG: a scan names a component the frame does not have');
        c.dc = dcTables[d[seg + 2 + 2 * s] >> 4];
        c.ac = acTables[d[seg + 2 + 2 * s] & 15];
        if (!c.dc || !c.ac || !qt[c.tq]) throw new CodecError('12-bit JPEG: a scan uses a Huffman or quantisation table the stream does not define');
        c.pred = 0;
        scan.push(c);
      }
      const r = new BitReader(d, segEnd);
      decodeScan(r, scan, qt, precision, restartInterval, mcusX, mcusY, width, height, hmax, vmax);
      p = r.end();
      continue;
    }
    p = segEnd;
  }
  if (!comps.length) throw new CodecError('12-bit JPEG: the stream has no frame header');
  const nc = comps.length;
  const out = new Uint16Array(width * height * nc);
  const max = 2 ** precision - 1;
  for (let ci = 0; ci < nc; ci++) {
    const c = comps[ci];
    const stride = c.bw * 8;
    for (let y = 0; y < height; y++) {
      const row = Math.floor((y * c.v) / vmax) * stride;
      for (let x = 0; x < width; x++) out[(y * width + x) * nc + ci] = c.plane[row + Math.floor((x * c.h) / hmax)];
    }
  }
  const rgbIds = nc === 3 && comps[0].id === 0x52 && comps[1].id === 0x47 && comps[2].id === 0x42;
  if (nc === 3 && adobeTransform !== 0 && !rgbIds) {
    // JFIF / T.871 YCbCr to RGB, chroma centred on 2^(P-1).
    const half = 2 ** (precision - 1);
    const clamp = (x: number) => (x < 0 ? 0 : x > max ? max : Math.round(x));
    for (let i = 0; i < out.length; i += 3) {
      const y = out[i];
      const cb = out[i + 1] - half;
      const cr = out[i + 2] - half;
      out[i] = clamp(y + 1.402 * cr);
      out[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
      out[i + 2] = clamp(y + 1.772 * cb);
    }
  }
  return { width, height, components: nc, bitsPerSample: precision, samples: out };
}

function decodeScan(
  r: BitReader,
  scan: Component[],
  qt: Int32Array[],
  precision: number,
  restartInterval: number,
  mcusX: number,
  mcusY: number,
  width: number,
  height: number,
  hmax: number,
  vmax: number,
): void {
  const coef = new Float64Array(64);
  const tmp = new Float64Array(64);
  const shift = 2 ** (precision - 1);
  const max = 2 ** precision - 1;

  const block = (c: Component, bx: number, by: number) => {
    coef.fill(0);
    const q = qt[c.tq];
    const s = r.decode(c.dc!);
    c.pred += extend(r.receive(s), s);
    coef[0] = c.pred * q[0];
    for (let k = 1; k < 64; ) {
      const rs = r.decode(c.ac!);
      const run = rs >> 4;
      const size = rs & 15;
      if (size === 0) {
        if (run !== 15) break;
        k += 16;
        continue;
      }
      k += run;
      if (k > 63) throw new CodecError('12-bit JPEG: a coefficient run goes past the end of a block (damaged data)');
      const z = ZIGZAG[k];
      coef[z] = extend(r.receive(size), size) * q[z];
      k++;
    }
    // Separable IDCT: rows (over u), then columns (over v).
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        let acc = 0;
        for (let u = 0; u < 8; u++) acc += COS[x * 8 + u] * coef[y * 8 + u];
        tmp[y * 8 + x] = acc;
      }
    }
    const stride = c.bw * 8;
    if (bx >= c.bw || by >= c.bh) return;
    for (let x = 0; x < 8; x++) {
      for (let y = 0; y < 8; y++) {
        let acc = 0;
        for (let v = 0; v < 8; v++) acc += COS[y * 8 + v] * tmp[v * 8 + x];
        const val = Math.round(acc + shift);
        c.plane[(by * 8 + y) * stride + bx * 8 + x] = val < 0 ? 0 : val > max ? max : val;
      }
    }
  };

  let done = 0;
  let rst = 0;
  const maybeRestart = () => {
    done++;
    if (restartInterval && done % restartInterval === 0) {
      r.restart(rst++);
      for (const c of scan) c.pred = 0;
    }
  };

  if (scan.length === 1) {
    // Non-interleaved: the component's own blocks, only those covering the image (T.81 A.2.2).
    const c = scan[0];
    const bw = Math.ceil(Math.ceil((width * c.h) / hmax) / 8);
    const bh = Math.ceil(Math.ceil((height * c.v) / vmax) / 8);
    for (let by = 0; by < bh; by++) {
      for (let bx = 0; bx < bw; bx++) {
        block(c, bx, by);
        if (by * bw + bx + 1 < bw * bh) maybeRestart();
      }
    }
    return;
  }
  const total = mcusX * mcusY;
  for (let my = 0; my < mcusY; my++) {
    for (let mx = 0; mx < mcusX; mx++) {
      for (const c of scan) for (let v = 0; v < c.v; v++) for (let h = 0; h < c.h; h++) block(c, mx * c.h + h, my * c.v + v);
      if (my * mcusX + mx + 1 < total) maybeRestart();
    }
  }
}
