// DICOM images: DICOM Part 10 files (with the 128-byte preamble and "DICM"), and bare data sets with no
// preamble or file meta (read as implicit VR little endian, or explicit when the first element carries a VR),
// parsed with dicom-parser and decoded with maintained codecs (see dicom/codecs.ts). Runs in the worker and in
// Node; no DOM.
//
// decodeDicom() reads the header and checks that the pixel data is all there; frame(i) decodes one frame when
// asked, so a 300-frame ultrasound costs one frame's work to open. windowToRgba() (dicom/window.ts) turns a
// frame into what the studio shows.
//
// Standards: PS3.5 (transfer syntaxes, A.4 encapsulation, Annex G RLE, 8.1.1 pixel cells), PS3.3 C.7.6.3
// (Image Pixel module: photometric interpretations, palette), C.11 (rescale, window), PS3.10 (file format).

import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { inflateSync } from 'fflate';
import { UserError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { quoteName } from '../../shared/names';
import { CodecError, type CodecFrame, decodeJ2k, decodeJpeg8, decodeJpegLossless, decodeJpegLs } from './dicom/codecs';
import { paletteToRgb, planarToInterleaved, ybr422ToYbrFull, ybrFullToRgb, type PaletteLut } from './dicom/color';
import { allocSamples, applyBitsStored, asSigned, FragmentError, framesFromFragments, joinFragments, readNative, type Samples } from './dicom/frames';
import { decodeJpeg12 } from './dicom/jpeg12';
import { decodeRleFrame, RleError } from './dicom/rle';
import type { DicomWindow } from './dicom/window';

export { windowToRgba, defaultWindow, valueRangeOf, type DicomWindow, type WindowableImage } from './dicom/window';
export { configureDicomCodecs, DICOM_WASM_FILES } from './dicom/codecs';

/** A decoded DICOM image's header and its frames. All plain fields; frame() decodes on demand. */
export interface DicomImage {
  /** Columns (0028,0011). */
  width: number;
  /** Rows (0028,0010). */
  height: number;
  /** Number of Frames (0028,0008), 1 when absent. */
  frameCount: number;
  /** Values per pixel in what frame() gives: 1 for greyscale, 3 for colour (palette images expanded to RGB). */
  samplesPerPixel: number;
  /** Photometric Interpretation as in the file (MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, YBR_FULL_422, PALETTE COLOR…). */
  photometric: string;
  /** Significant bits of each value frame() gives: the file's Bits Stored, but 8 for PALETTE COLOR (expanded to 8-bit RGB). */
  bitsStored: number;
  /** Pixel Representation (0028,0103) is 1: stored values are two's complement. */
  signed: boolean;
  /** Modality (0008,0060), e.g. CT, MR, US, CR. */
  modality?: string;
  /** The Transfer Syntax UID the pixel data is encoded in. */
  transferSyntaxUid: string;
  /** Rescale Slope (0028,1053): modality value = stored * slope + intercept. 1 when absent. */
  rescaleSlope: number;
  /** Rescale Intercept (0028,1052). 0 when absent. */
  rescaleIntercept: number;
  /** Window Center/Width pairs (0028,1050/1051) in modality units, as many as the file gives (may be none). */
  windows: DicomWindow[];
  /** Window Center & Width Explanation (0028,1055) of each window, where the file gives one. */
  windowExplanations: (string | undefined)[];
  /** The transfer syntax's name ("JPEG-LS Lossless", "Explicit VR Little Endian"). */
  transferSyntaxName: string;
  /** Key tags that identify no one (modality, body part, size, bits, photometric, transfer syntax, frames, spacing). */
  keyTags: { label: string; value: string }[];
  /**
   * Tags that can identify the patient, the institution or the visit (names, IDs, birth date, institution,
   * accession, dates and times…), only those present and not empty. Kept apart from everything the studio
   * shows or stores; handed out only when the person asks.
   */
  identifyingTags: { label: string; value: string }[];
  /**
   * The stored values of frame `index` (0-based): before rescale and before MONOCHROME1 inversion, row-major,
   * width*height values (greyscale) or width*height*3 interleaved R,G,B (colour: YBR converted to RGB, palette
   * expanded). A typed array: Uint8/Int8 (8-bit), Uint16/Int16 (12/16-bit), Uint32/Int32 (32-bit).
   * @throws UserError when the frame's compressed data is corrupt, or index is out of range
   */
  frame(index: number): Promise<ArrayLike<number>>;
}

const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  encapsulatedUncompressed: '1.2.840.10008.1.2.1.98',
  deflate: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless14: '1.2.840.10008.1.2.4.57',
  jpegLosslessSV1: '1.2.840.10008.1.2.4.70',
  jpegLs: '1.2.840.10008.1.2.4.80',
  jpegLsNear: '1.2.840.10008.1.2.4.81',
  j2kLossless: '1.2.840.10008.1.2.4.90',
  j2k: '1.2.840.10008.1.2.4.91',
  htj2kLossless: '1.2.840.10008.1.2.4.201',
  htj2kLosslessRpcl: '1.2.840.10008.1.2.4.202',
  htj2k: '1.2.840.10008.1.2.4.203',
  rle: '1.2.840.10008.1.2.5',
} as const;

type Codec = 'native' | 'jpeg' | 'jpeg-lossless' | 'jpeg-ls' | 'j2k' | 'rle' | 'uncompressed-fragments';

const SUPPORTED: Record<string, { codec: Codec; label: string }> = {
  [TS.implicitLE]: { codec: 'native', label: 'Implicit VR Little Endian' },
  [TS.explicitLE]: { codec: 'native', label: 'Explicit VR Little Endian' },
  [TS.deflate]: { codec: 'native', label: 'Deflated Explicit VR Little Endian' },
  [TS.explicitBE]: { codec: 'native', label: 'Explicit VR Big Endian' },
  [TS.encapsulatedUncompressed]: { codec: 'uncompressed-fragments', label: 'Encapsulated Uncompressed Explicit VR Little Endian' },
  [TS.jpegBaseline]: { codec: 'jpeg', label: 'JPEG Baseline (Process 1)' },
  [TS.jpegExtended]: { codec: 'jpeg', label: 'JPEG Extended (Process 2 & 4)' },
  [TS.jpegLossless14]: { codec: 'jpeg-lossless', label: 'JPEG Lossless (Process 14)' },
  [TS.jpegLosslessSV1]: { codec: 'jpeg-lossless', label: 'JPEG Lossless SV1 (Process 14, Selection Value 1)' },
  [TS.jpegLs]: { codec: 'jpeg-ls', label: 'JPEG-LS Lossless' },
  [TS.jpegLsNear]: { codec: 'jpeg-ls', label: 'JPEG-LS Near-Lossless' },
  [TS.j2kLossless]: { codec: 'j2k', label: 'JPEG 2000 Lossless' },
  [TS.j2k]: { codec: 'j2k', label: 'JPEG 2000' },
  [TS.htj2kLossless]: { codec: 'j2k', label: 'High-Throughput JPEG 2000 Lossless' },
  [TS.htj2kLosslessRpcl]: { codec: 'j2k', label: 'High-Throughput JPEG 2000 with RPCL Options Lossless' },
  [TS.htj2k]: { codec: 'j2k', label: 'High-Throughput JPEG 2000' },
  [TS.rle]: { codec: 'rle', label: 'RLE Lossless' },
};

/** Transfer syntaxes Glassbox does not decode, by name, so a refusal can say what the file is. */
const UNSUPPORTED: Record<string, string> = {
  '1.2.840.10008.1.2.4.100': 'MPEG-2 Main Profile video',
  '1.2.840.10008.1.2.4.100.1': 'MPEG-2 Main Profile video (fragmentable)',
  '1.2.840.10008.1.2.4.101': 'MPEG-2 High Profile video',
  '1.2.840.10008.1.2.4.101.1': 'MPEG-2 High Profile video (fragmentable)',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.102.1': 'MPEG-4 AVC/H.264 video (fragmentable)',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible video',
  '1.2.840.10008.1.2.4.103.1': 'MPEG-4 AVC/H.264 BD-compatible video (fragmentable)',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 video for 2D',
  '1.2.840.10008.1.2.4.104.1': 'MPEG-4 AVC/H.264 video for 2D (fragmentable)',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 video for 3D',
  '1.2.840.10008.1.2.4.105.1': 'MPEG-4 AVC/H.264 video for 3D (fragmentable)',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 stereo video',
  '1.2.840.10008.1.2.4.106.1': 'MPEG-4 AVC/H.264 stereo video (fragmentable)',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile video',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile video',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component Lossless',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP Referenced (pixels on a server)',
  '1.2.840.10008.1.2.4.95': 'JPIP Referenced Deflate (pixels on a server)',
  '1.2.840.10008.1.2.4.204': 'JPIP HTJ2K Referenced (pixels on a server)',
  '1.2.840.10008.1.2.4.205': 'JPIP HTJ2K Referenced Deflate (pixels on a server)',
  '1.2.840.10008.1.2.6.1': 'RFC 2557 MIME encapsulation',
  '1.2.840.10008.1.2.6.2': 'XML encoding',
  '1.2.840.10008.1.2.7.1': 'SMPTE ST 2110-20 uncompressed progressive video',
  '1.2.840.10008.1.2.7.2': 'SMPTE ST 2110-20 uncompressed interlaced video',
  '1.2.840.10008.1.2.7.3': 'SMPTE ST 2110-30 PCM audio',
  '1.2.840.10008.1.2.4.52': 'JPEG Extended (Process 3 & 5, retired)',
  '1.2.840.10008.1.2.4.53': 'JPEG Spectral Selection (retired)',
  '1.2.840.10008.1.2.4.55': 'JPEG Full Progression (retired)',
  '1.2.840.10008.1.2.4.58': 'JPEG Lossless Process 15 (retired)',
};

/** Largest frame accepted, in pixels (as for other images: beyond this a decode can exhaust a laptop's memory). */
const MAX_FRAME_PIXELS = 80_000_000;

/** The usual action: export the file again (read when thrown, so it is in the current language). */
function reexport(): string {
  return t('image:dicom.reexport');
}

/** image:dicom.<key> in the current language. */
function d(key: string, values: Record<string, unknown> = {}): string {
  return t(`image:dicom.${key}`, values);
}

/** The file's name for a message, isolated against bidi reordering (shared/names.ts), as every refusal quotes it. */
function q(name: string): string {
  return quoteName(name);
}

/** Does `head` (the first 132+ bytes of a file) look like DICOM: a Part 10 file, or a bare data set? */
export function looksLikeDicom(head: Uint8Array): boolean {
  if (head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d) return true;
  return bareDataSetSyntax(head) !== undefined;
}

const VRS = new Set('AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '));

/**
 * A data set with no preamble: group 0002 (file meta, explicit VR LE) or a first element in groups 0000-0008
 * whose tag is small and even. Explicit when bytes 4-5 are a VR, else implicit VR little endian (PS3.5 A.1).
 */
function bareDataSetSyntax(b: Uint8Array): 'meta' | typeof TS.explicitLE | typeof TS.implicitLE | undefined {
  if (b.length < 8) return undefined;
  const group = b[0] | (b[1] << 8);
  if (group === 0x0002) return 'meta';
  if (group > 0x0008 || group % 2 !== 0) return undefined;
  const element = b[2] | (b[3] << 8);
  if (element > 0x1000) return undefined;
  const vr = String.fromCharCode(b[4], b[5]);
  if (VRS.has(vr)) return TS.explicitLE;
  // Implicit: a 32-bit length that fits the file.
  const len = (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0;
  return len === 0xffffffff || len <= b.length - 8 ? TS.implicitLE : undefined;
}

function parserMessage(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  const o = e as { exception?: unknown } | null;
  if (o && typeof o === 'object' && 'exception' in o) return parserMessage(o.exception);
  return String(e);
}

interface Parsed {
  ds: DataSet;
  transferSyntaxUid: string;
}

/** Parses the whole file; a parse that runs off the end keeps what it read (to say what was cut short). */
function parse(bytes: Uint8Array, name: string): Parsed {
  let input = bytes;
  let options: dicomParser.ParseDicomOptions = {};
  const part10 = bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  if (!part10) {
    const syntax = bareDataSetSyntax(bytes);
    if (!syntax) {
      throw new UserError(d('notDicom.title', { name: q(name) }), bytes.length < 132 ? d('notDicom.detailShort', { bytes: bytes.length }) : d('notDicom.detail'), d('notDicom.action'));
    }
    if (syntax === 'meta') {
      // File meta with no preamble: give it one, so the parser reads the meta group as usual.
      input = new Uint8Array(bytes.length + 132);
      input.set([0x44, 0x49, 0x43, 0x4d], 128);
      input.set(bytes, 132);
    } else {
      options = { TransferSyntaxUID: syntax };
    }
  }
  options.inflater = (whole: Uint8Array, position: number) => {
    let inflated: Uint8Array;
    try {
      inflated = inflateSync(whole.subarray(position));
    } catch (e) {
      throw new UserError(d('unreadable', { name: q(name) }), d('deflate', { reason: (e as Error).message }), reexport());
    }
    const out = new Uint8Array(position + inflated.length);
    out.set(whole.subarray(0, position));
    out.set(inflated, position);
    return out;
  };
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(input, options);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const partial = (e as { dataSet?: DataSet } | null)?.dataSet;
    if (/overrun|end of|beyond|cannot seek|greater than or equal to/i.test(parserMessage(e))) throw cutShort(name, partial);
    if (/missing required meta header attribute 0002,0010/.test(parserMessage(e))) {
      throw new UserError(d('unreadable', { name: q(name) }), d('noSyntaxUid'), reexport());
    }
    throw new UserError(d('parser.title', { name: q(name) }), d('parser.detail', { reason: parserMessage(e) }), reexport());
  }
  const transferSyntaxUid = (ds.string('x00020010') ?? options.TransferSyntaxUID ?? TS.implicitLE).replace(/\0/g, '').trim();
  return { ds, transferSyntaxUid };
}

/** The header fields frame decoding needs. */
interface Header {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometric: string;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  planar: boolean;
  frames: number;
}

function header(ds: DataSet): Header {
  const samplesPerPixel = ds.uint16('x00280002') ?? 1;
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  return {
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    samplesPerPixel,
    photometric: (ds.string('x00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).trim().toUpperCase(),
    bitsAllocated,
    bitsStored: ds.uint16('x00280101') ?? bitsAllocated,
    signed: (ds.uint16('x00280103') ?? 0) === 1,
    planar: (ds.uint16('x00280006') ?? 0) === 1,
    frames: Math.max(1, ds.intString('x00280008') ?? 1),
  };
}

/** Bytes one native frame takes (YBR_FULL_422 keeps Y1 Y2 Cb Cr for each pair of pixels: PS3.3 C.7.6.3.1.2). */
function nativeFrameBytes(h: Header): number {
  const samples = h.photometric === 'YBR_FULL_422' ? 4 * Math.ceil(h.columns / 2) * h.rows : h.rows * h.columns * h.samplesPerPixel;
  return (samples * h.bitsAllocated) / 8;
}

function cutShort(name: string, partial: DataSet | undefined): UserError {
  const el = partial?.elements.x7fe00010;
  if (!partial || !el) {
    return new UserError(d('cutShort.title', { name: q(name) }), d('cutShort.header'), d('incomplete'));
  }
  const h = header(partial);
  const have = Math.max(0, partial.byteArray.length - el.dataOffset);
  const size = h.rows && h.columns ? d('cutShort.frames', { count: h.frames, width: h.columns, height: h.rows }) : d('cutShort.itsFrames');
  const need = el.encapsulatedPixelData || el.hadUndefinedLength ? '' : d('cutShort.need', { bytes: el.length });
  return new UserError(d('cutShort.title', { name: q(name) }), d('cutShort.pixels', { size, need, have }), d('incomplete'));
}

/** Non-image DICOM objects by SOP class, as catalogue keys (image:dicom.noPixels.kinds.<key>). */
const SOP_KINDS: [RegExp, string][] = [
  [/^1\.2\.840\.10008\.5\.1\.4\.1\.1\.88\.59$/, 'keyObject'],
  [/^1\.2\.840\.10008\.5\.1\.4\.1\.1\.88\./, 'sr'],
  [/^1\.2\.840\.10008\.5\.1\.4\.1\.1\.104\.1$/, 'pdf'],
  [/^1\.2\.840\.10008\.5\.1\.4\.1\.1\.104\./, 'document'],
  [/^1\.2\.840\.10008\.5\.1\.4\.1\.1\.11\./, 'presentation'],
  [/^1\.2\.840\.10008\.5\.1\.4\.1\.1\.481\.[2-9]/, 'rt'],
  [/^1\.2\.840\.10008\.5\.1\.4\.1\.1\.9\./, 'waveform'],
  [/^1\.2\.840\.10008\.5\.1\.4\.1\.1\.66/, 'raw'],
];

function noPixels(name: string, ds: DataSet): UserError {
  const sop = (ds.string('x00080016') ?? ds.string('x00020002') ?? '').replace(/\0/g, '').trim();
  const kind = d(`noPixels.kinds.${SOP_KINDS.find(([re]) => re.test(sop))?.[1] ?? 'object'}`);
  const modality = ds.string('x00080060')?.trim();
  return new UserError(d('noPixels.title', { name: q(name) }), d(modality ? 'noPixels.detailModality' : 'noPixels.detail', { kind, modality }), d('noPixels.action'));
}

function badHeader(name: string, detail: string): UserError {
  return new UserError(d('badHeader.title', { name: q(name) }), detail, reexport());
}

function checkHeader(name: string, h: Header, codec: Codec): void {
  if (!(h.rows > 0 && h.columns > 0)) throw badHeader(name, d('badHeader.size', { rows: h.rows, columns: h.columns }));
  if (h.rows * h.columns > MAX_FRAME_PIXELS) {
    const v = { name: q(name), width: h.columns, height: h.rows, megapixels: Math.round((h.rows * h.columns) / 1e6), max: MAX_FRAME_PIXELS / 1e6 };
    throw new UserError(d('tooLarge.title', v), d('tooLarge.detail', v), d('tooLarge.action'));
  }
  if (![1, 8, 16, 32].includes(h.bitsAllocated)) throw badHeader(name, d('badHeader.bitsAllocated', { bits: h.bitsAllocated }));
  if (!(h.bitsStored >= 1 && h.bitsStored <= h.bitsAllocated)) throw badHeader(name, d('badHeader.bitsStored', { stored: h.bitsStored, allocated: h.bitsAllocated }));
  if (h.samplesPerPixel !== 1 && h.samplesPerPixel !== 3) throw badHeader(name, d('badHeader.samples', { samples: h.samplesPerPixel }));
  const mono = h.photometric === 'MONOCHROME1' || h.photometric === 'MONOCHROME2';
  // YBR_RCT/ICT exist only inside JPEG 2000 and YBR_PARTIAL_422 (retired) inside JPEG, whose decoders convert them.
  const colour = ['RGB', 'YBR_FULL', 'YBR_FULL_422'].includes(h.photometric) || (codec === 'j2k' && ['YBR_RCT', 'YBR_ICT'].includes(h.photometric)) || (codec === 'jpeg' && h.photometric === 'YBR_PARTIAL_422');
  if (h.photometric === 'PALETTE COLOR' ? h.samplesPerPixel !== 1 : mono ? h.samplesPerPixel !== 1 : colour ? h.samplesPerPixel !== 3 : true) {
    throw badHeader(name, d('badHeader.photometric', { photometric: h.photometric, samples: h.samplesPerPixel }));
  }
}

/** Numbers of a multi-valued DS attribute. */
function decimals(ds: DataSet, tag: string): number[] {
  const n = ds.elements[tag] ? ds.numStringValues(tag) ?? 0 : 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = ds.floatString(tag, i);
    if (v !== undefined && Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** The first item of a sequence attribute, as a data set. */
function firstItem(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds?.elements[tag]?.items?.[0]?.dataSet;
}

/**
 * Rescale and window: from the top level, else from the Shared (then the first Per-frame) Functional Groups of
 * enhanced multi-frame objects (PS3.3 C.7.6.16: Pixel Value Transformation and Frame VOI LUT macros).
 */
function valueTransforms(ds: DataSet): { slope: number; intercept: number; windows: DicomWindow[] } {
  const groups = [ds, firstItem(ds, 'x52009229'), firstItem(ds, 'x52009230')].filter((d): d is DataSet => !!d);
  let slope: number | undefined;
  let intercept: number | undefined;
  let windows: DicomWindow[] = [];
  for (const g of groups) {
    const pvt = g === ds ? ds : firstItem(g, 'x00289145');
    if (pvt && slope === undefined && (pvt.elements.x00281053 || pvt.elements.x00281052)) {
      slope = pvt.floatString('x00281053') ?? 1;
      intercept = pvt.floatString('x00281052');
    }
    const voi = g === ds ? ds : firstItem(g, 'x00289132');
    if (voi && windows.length === 0) {
      const centers = decimals(voi, 'x00281050');
      const widths = decimals(voi, 'x00281051');
      windows = centers.map((center, i) => ({ center, width: widths[Math.min(i, widths.length - 1)] })).filter((w) => Number.isFinite(w.width));
    }
  }
  return { slope: slope !== undefined && Number.isFinite(slope) && slope !== 0 ? slope : 1, intercept: intercept !== undefined && Number.isFinite(intercept) ? intercept : 0, windows };
}

/** The palette's three lookup tables (PS3.3 C.7.6.3.1.5); segmented palettes are refused by name. */
function palette(ds: DataSet, name: string): [PaletteLut, PaletteLut, PaletteLut] {
  const one = (descTag: string, dataTag: string, colour: string): PaletteLut => {
    const desc = ds.elements[descTag];
    const data = ds.elements[dataTag];
    if (!desc || !data) {
      const segmented = ds.elements[`x0028122${{ red: 1, green: 2, blue: 3 }[colour]}`];
      throw badHeader(name, d(segmented ? 'badHeader.paletteSegmented' : 'badHeader.paletteMissing', { colour }));
    }
    // The descriptor is US or SS by the first mapped value's sign; read its three 16-bit words as unsigned.
    const count = ds.uint16(descTag, 0) || 65536;
    const firstMapped = ds.elements[descTag].vr === 'SS' ? ds.int16(descTag, 1) ?? 0 : ds.uint16(descTag, 1) ?? 0;
    const bits = ds.uint16(descTag, 2) ?? 16;
    const b = ds.byteArray;
    let entries: ArrayLike<number>;
    if (bits <= 8 && data.length === count) {
      entries = b.subarray(data.dataOffset, data.dataOffset + count);
    } else {
      const words = Math.min(count, data.length >> 1);
      const w = new Uint16Array(words);
      for (let i = 0; i < words; i++) w[i] = ds.byteArrayParser.readUint16(b, data.dataOffset + 2 * i);
      // 8-bit entries stored one per 16-bit word.
      entries = bits <= 8 ? Uint8Array.from(w, (x) => x & 0xff) : w;
    }
    if (entries.length === 0) throw badHeader(name, d('badHeader.paletteEmpty', { colour }));
    return { firstMapped, bits: bits <= 8 ? 8 : 16, entries };
  };
  return [one('x00281101', 'x00281201', 'red'), one('x00281102', 'x00281202', 'green'), one('x00281103', 'x00281203', 'blue')];
}

/**
 * Reads a DICOM file's header and checks its pixel data; frames decode when asked (DicomImage.frame).
 *
 * @param bytes the whole file: DICOM Part 10 (preamble + "DICM"), or a bare data set (no preamble, no file meta:
 *   read as implicit VR little endian, explicit if the first element has a VR)
 * @param name the file's name, for messages ("the file" when absent)
 * @returns the image's header fields and a frame(i) decoder
 * @throws UserError naming the file: not DICOM; cut short (header or pixel data); transfer syntax not decoded
 *   (named, e.g. MPEG-2 video); no pixel data (e.g. a structured report); header values no image can have
 */
export async function decodeDicom(bytes: Uint8Array, name = d('theFile')): Promise<DicomImage> {
  const { ds, transferSyntaxUid } = parse(bytes, name);
  const syntax = SUPPORTED[transferSyntaxUid];
  const pixel: Element | undefined = ds.elements.x7fe00010;
  if (!pixel) {
    if (ds.elements.x7fe00008 || ds.elements.x7fe00009) {
      throw new UserError(d('float.title', { name: q(name) }), d('float.detail'), reexport());
    }
    throw noPixels(name, ds);
  }
  if (!syntax) {
    const what = UNSUPPORTED[transferSyntaxUid];
    const video = what?.includes('video');
    throw new UserError(
      d('unsupported.title', { name: q(name) }),
      d('unsupported.detail', { what: what ?? d('unsupported.unknownSyntax'), uid: transferSyntaxUid || d('unsupported.noUid') }),
      d(video ? 'unsupported.video' : 'unsupported.action'),
    );
  }
  const h = header(ds);
  checkHeader(name, h, syntax.codec);
  const b = ds.byteArray as Uint8Array;
  const encapsulated = !!pixel.encapsulatedPixelData;
  if (syntax.codec === 'native') {
    if (encapsulated) throw badHeader(name, d('badHeader.encapsulated', { syntax: syntax.label }));
    const need = Math.ceil(nativeFrameBytes(h) * h.frames);
    const have = Math.min(pixel.length, b.length - pixel.dataOffset);
    if (have < need) {
      throw new UserError(d('cutShort.title', { name: q(name) }), d('cutShort.native', { count: h.frames, width: h.columns, height: h.rows, bits: h.bitsAllocated, need, have }), d('incomplete'));
    }
  } else if (!encapsulated) {
    throw badHeader(name, d('badHeader.notEncapsulated', { syntax: syntax.label }));
  }
  let frameFragments: ReturnType<typeof framesFromFragments> | undefined;
  if (encapsulated) {
    try {
      frameFragments = framesFromFragments(b, pixel.fragments ?? [], pixel.basicOffsetTable ?? [], h.frames);
    } catch (e) {
      if (e instanceof FragmentError) throw new UserError(d('undecodable', { name: q(name) }), d('fragments', { reason: e.message }), reexport());
      throw e;
    }
  }
  const { slope, intercept, windows } = valueTransforms(ds);
  const isPalette = h.photometric === 'PALETTE COLOR';
  const luts = isPalette ? palette(ds, name) : undefined;
  const bigEndian = transferSyntaxUid === TS.explicitBE;
  const modality = ds.string('x00080060')?.trim() || undefined;

  async function frame(index: number): Promise<ArrayLike<number>> {
    if (!Number.isInteger(index) || index < 0 || index >= h.frames) {
      throw new UserError(d('noFrame.title', { name: q(name), frame: index + 1 }), d('noFrame.detail', { count: h.frames }), d('noFrame.action', { count: h.frames }));
    }
    let values: Samples;
    if (!frameFragments) {
      values = nativeFrame(b, pixel!.dataOffset, h, index, bigEndian, pixel!.vr === 'OW');
    } else {
      const data = joinFragments(b, frameFragments[index]);
      try {
        values = await decodeEncapsulated(syntax.codec, transferSyntaxUid, data, h);
      } catch (e) {
        if (e instanceof UserError) throw e;
        // CodecError, RleError, RangeError (size mismatches), or whatever a codec threw: the data is bad.
        if (e instanceof CodecError || e instanceof RleError || e instanceof Error) {
          throw new UserError(d('undecodable', { name: q(name) }), d('corruptFrame', { frame: index + 1, frames: h.frames, syntax: syntax.label, reason: e.message }), d('damaged'));
        }
        throw e;
      }
    }
    if (isPalette && luts) return paletteToRgb(values, ...luts);
    return values;
  }

  return {
    width: h.columns,
    height: h.rows,
    frameCount: h.frames,
    samplesPerPixel: isPalette ? 3 : h.samplesPerPixel,
    photometric: h.photometric,
    bitsStored: isPalette ? 8 : h.bitsStored,
    signed: h.signed,
    modality,
    transferSyntaxUid,
    rescaleSlope: slope,
    rescaleIntercept: intercept,
    windows,
    windowExplanations: windows.map((_, i) => text(ds, 'x00281055', i)),
    transferSyntaxName: syntax.label,
    keyTags: keyTags(ds, h, syntax.label, modality, isPalette),
    identifyingTags: IDENTIFYING_TAGS.map(([tag, label]) => ({ label, value: textAll(ds, tag) ?? '' })).filter((t) => t.value !== ''),
    frame,
  };
}

/** A text attribute's `index`-th value, trimmed; undefined when absent or empty. */
function text(ds: DataSet, tag: string, index = 0): string | undefined {
  try {
    const v = ds.string(tag, index)?.replace(/\0/g, '').trim();
    return v || undefined;
  } catch {
    return undefined;
  }
}

/** Every value of a text attribute, joined by ", " (person names' ^ as spaces); undefined when empty. */
function textAll(ds: DataSet, tag: string): string | undefined {
  const el = ds.elements[tag];
  if (!el || !(el.length > 0) || el.items) return undefined;
  const end = Math.min(el.dataOffset + Math.min(el.length, 1024), ds.byteArray.length);
  // Specific Character Set (0008,0005): ISO_IR 192 is UTF-8; read the rest as Latin-1 (ISO_IR 100 and ASCII).
  const utf8 = /ISO_IR 192/.test(ds.string('x00080005') ?? '');
  const raw = new TextDecoder(utf8 ? 'utf-8' : 'latin1').decode(ds.byteArray.subarray(el.dataOffset, end));
  const v = raw.replace(/\0/g, '').split('\\').map((x) => x.replace(/\^+/g, ' ').trim()).filter(Boolean).join(', ');
  return v || undefined;
}

/**
 * Attributes that identify a person, a place or a visit (after PS3.15 Annex E, the Basic Application Level
 * Confidentiality Profile, for the ones an image file usually carries).
 */
/** The identifying attributes (tag, name) the studio reads only on request and never saves or exports. */
export const IDENTIFYING_TAGS: readonly (readonly [string, string])[] = [
  ['x00100010', "Patient's name"],
  ['x00100020', 'Patient ID'],
  ['x00101000', 'Other patient IDs'],
  ['x00100030', 'Birth date'],
  ['x00100040', 'Sex'],
  ['x00101010', 'Age'],
  ['x00101040', "Patient's address"],
  ['x00080080', 'Institution'],
  ['x00080081', 'Institution address'],
  ['x00081040', 'Department'],
  ['x00081010', 'Station name'],
  ['x00080050', 'Accession number'],
  ['x00200010', 'Study ID'],
  ['x00080090', 'Referring physician'],
  ['x00081050', 'Performing physician'],
  ['x00081070', 'Operator'],
  ['x00080020', 'Study date'],
  ['x00080021', 'Series date'],
  ['x00080022', 'Acquisition date'],
  ['x00080023', 'Content date'],
  ['x0008002a', 'Acquisition date and time'],
  ['x00080030', 'Study time'],
  ['x00080031', 'Series time'],
  ['x00080032', 'Acquisition time'],
  ['x00080033', 'Content time'],
  ['x00181000', 'Device serial number'],
];

function keyTags(ds: DataSet, h: Header, tsName: string, modality: string | undefined, isPalette: boolean): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  const add = (label: string, value: string | undefined) => value && out.push({ label, value });
  add('Modality', modality);
  add('Body part', text(ds, 'x00180015'));
  add('Size', t('image:tagValue.size', { width: h.columns, height: h.rows }));
  add('Bits', t(isPalette ? 'image:tagValue.bitsPalette' : 'image:tagValue.bits', { stored: h.bitsStored, allocated: h.bitsAllocated, sign: t(h.signed ? 'image:tagValue.signed' : 'image:tagValue.unsigned') }));
  add('Photometric interpretation', h.photometric);
  add('Transfer syntax', tsName);
  add('Frames', String(h.frames));
  const spacing = decimals(ds, 'x00280030');
  if (spacing.length === 2) add('Pixel spacing', t('image:tagValue.spacing', { row: spacing[0], column: spacing[1] }));
  add('Slice thickness', ds.elements.x00180050 ? t('image:tagValue.mm', { value: ds.floatString('x00180050') }) : undefined);
  return out;
}

/** One native frame as stored values: bits, sign, planes and YBR handled. */
function nativeFrame(b: Uint8Array, dataOffset: number, h: Header, index: number, bigEndian: boolean, ow: boolean): Samples {
  const frameBytes = nativeFrameBytes(h);
  const is422 = h.photometric === 'YBR_FULL_422';
  const count = is422 ? 4 * Math.ceil(h.columns / 2) * h.rows : h.rows * h.columns * h.samplesPerPixel;
  let v: Samples;
  if (h.bitsAllocated === 1) {
    const bit = index * count;
    v = readNative(b, dataOffset + (bit >> 3), count, 1, false, false, bit & 7);
  } else if (h.bitsAllocated === 8 && bigEndian && ow) {
    // 8-bit samples in OW big endian: each 16-bit word's bytes are swapped (PS3.5 A.2 note).
    const start = index * frameBytes;
    const swapped = new Uint8Array(count);
    for (let i = 0; i < count; i++) swapped[i] = b[dataOffset + ((start + i) ^ 1)];
    v = readNative(swapped, 0, count, 8, h.signed, false);
  } else {
    v = readNative(b, dataOffset + index * frameBytes, count, h.bitsAllocated, h.signed, bigEndian);
  }
  applyBitsStored(v, h.bitsStored, h.signed);
  return toColourLayout(v, h, { planarAllowed: true, ybrToRgb: true });
}

/**
 * Colour to interleaved RGB: planar configuration undone where the encoding keeps planes, YBR converted where
 * the decoder did not already (JPEG DCT decoders and JPEG 2000 convert their own YCbCr / RCT / ICT).
 */
function toColourLayout(v: Samples, h: Header, o: { planarAllowed: boolean; ybrToRgb: boolean }): Samples {
  if (h.samplesPerPixel !== 3) return v;
  let out = v;
  const pixels = h.rows * h.columns;
  if (h.photometric === 'YBR_FULL_422' && out.length < pixels * 3) out = ybr422ToYbrFull(out as Uint8Array | Uint16Array, h.rows, h.columns);
  else if (o.planarAllowed && h.planar) out = planarToInterleaved(out, pixels, 3);
  if (o.ybrToRgb && (h.photometric === 'YBR_FULL' || h.photometric === 'YBR_FULL_422')) ybrFullToRgb(out as Uint8Array | Uint16Array, h.bitsStored);
  return out;
}

function checkSize(f: CodecFrame, h: Header, what: string): void {
  if (f.width !== h.columns || f.height !== h.rows) throw new RangeError(`the ${what} frame is ${f.width} x ${f.height}, the header says ${h.columns} x ${h.rows}`);
  if (f.components !== h.samplesPerPixel) throw new RangeError(`the ${what} frame has ${f.components} component(s), the header says ${h.samplesPerPixel}`);
  if (f.samples.length < h.rows * h.columns * h.samplesPerPixel) throw new RangeError(`the ${what} decoder gave ${f.samples.length} samples for ${h.rows * h.columns * h.samplesPerPixel}`);
}

/** A codec's unsigned output in the file's container and signedness, Bits Stored applied. */
function fromCodec(samples: Uint8Array | Uint16Array | Uint32Array, h: Header): Samples {
  const n = h.rows * h.columns * h.samplesPerPixel;
  let v: Samples;
  if ((samples.BYTES_PER_ELEMENT * 8 === h.bitsAllocated || (h.bitsAllocated === 1 && samples instanceof Uint8Array)) && samples.length === n) {
    v = asSigned(samples, h.signed);
  } else {
    v = allocSamples(n, h.bitsAllocated, h.signed);
    for (let i = 0; i < n; i++) v[i] = samples[i];
  }
  applyBitsStored(v, h.bitsStored, h.signed);
  return v;
}

async function decodeEncapsulated(codec: Codec, uid: string, data: Uint8Array, h: Header): Promise<Samples> {
  switch (codec) {
    case 'uncompressed-fragments': {
      const need = nativeFrameBytes(h);
      if (data.length < need) throw new RangeError(`the frame holds ${data.length} bytes of the ${need} it needs`);
      const own = data.slice();
      const v = readNative(own, 0, h.photometric === 'YBR_FULL_422' ? need / (h.bitsAllocated / 8) : h.rows * h.columns * h.samplesPerPixel, h.bitsAllocated, h.signed, false);
      applyBitsStored(v, h.bitsStored, h.signed);
      return toColourLayout(v, h, { planarAllowed: true, ybrToRgb: true });
    }
    case 'rle': {
      const raw = decodeRleFrame(data, h.rows, h.columns, h.samplesPerPixel, h.bitsAllocated === 1 ? 8 : h.bitsAllocated);
      // RLE keeps one segment per sample: the result is interleaved already (Planar Configuration ignored).
      return toColourLayout(fromCodec(raw, h), h, { planarAllowed: false, ybrToRgb: true });
    }
    case 'jpeg-lossless': {
      const f = decodeJpegLossless(data, h.bitsAllocated > 8 ? 2 : 1);
      checkSize(f, h, 'JPEG lossless');
      return toColourLayout(fromCodec(f.samples, h), h, { planarAllowed: false, ybrToRgb: true });
    }
    case 'jpeg-ls': {
      const f = await decodeJpegLs(data);
      checkSize(f, h, 'JPEG-LS');
      let v = fromCodec(f.samples, h);
      if (h.samplesPerPixel === 3 && f.interleave === 0) v = planarToInterleaved(v, h.rows * h.columns, 3);
      return toColourLayout(v, h, { planarAllowed: false, ybrToRgb: true });
    }
    case 'j2k': {
      const f = await decodeJ2k(data);
      checkSize(f, h, 'JPEG 2000');
      return toColourLayout(fromCodec(f.samples, h), h, { planarAllowed: false, ybrToRgb: false });
    }
    case 'jpeg': {
      const precision = jpegPrecision(data);
      let f: CodecFrame;
      if (precision > 8) {
        f = decodeJpeg12(data);
      } else {
        f = await decodeJpeg8(data);
      }
      checkSize(f, h, uid === TS.jpegExtended ? 'JPEG extended' : 'JPEG baseline');
      return toColourLayout(fromCodec(f.samples, h), h, { planarAllowed: false, ybrToRgb: false });
    }
    default:
      throw new RangeError(`no decoder for ${codec}`);
  }
}

/** Sample precision from a JPEG stream's SOF marker (8 for baseline, 8 or 12 for extended); 8 if not found. */
export function jpegPrecision(d: Uint8Array): number {
  let i = 2;
  while (i + 4 < d.length) {
    if (d[i] !== 0xff) {
      i++;
      continue;
    }
    const m = d[i + 1];
    if (m === 0xff || m === 0x01 || (m >= 0xd0 && m <= 0xd8)) {
      i += m === 0xff ? 1 : 2;
      continue;
    }
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return d[i + 4];
    i += 2 + ((d[i + 2] << 8) | d[i + 3]);
  }
  return 8;
}
