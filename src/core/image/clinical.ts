// Clinical images: DICOM, 16-bit greyscale PNG and TIFF, decoded at full precision and shown (and fed to the
// model) as the windowed 8-bit image a radiologist would export. Runs in the worker and in Node; no DOM.
//
// openClinical() recognises the file by its first bytes and decodes its header (DICOM through dicom.ts, PNG
// through fast-png, TIFF through utif2); ClinicalView keeps one frame's stored values and the display settings,
// and renders the 8-bit RGBA image from them.
//
// Standards: DICOM PS3.3 C.11.1 (Modality LUT: rescale), C.11.2.1.2.1 (VOI window, LINEAR function),
// C.7.6.3.1.2 (MONOCHROME1 shown inverted); PNG (ISO/IEC 15948, 16-bit samples big-endian); TIFF 6.0
// (Compression 259, PhotometricInterpretation 262, SampleFormat 339).

import { decode as decodePng } from 'fast-png';
import * as UTIF from 'utif2';
import type { ClinicalInfo, DisplaySettings, ShownTag, WindowLevel, WindowPreset } from '../../shared/clinical';
import { UserError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { quoteName } from '../../shared/names';
import type { RgbaImage } from '../../shared/types';
import { decodeDicom, defaultWindow, looksLikeDicom, valueRangeOf, windowToRgba, type WindowableImage } from './dicom';
import { resizeRgba } from './preprocess';
import { MAX_KEPT_SIDE, MAX_PIXELS } from './sniff';

/** A decoded clinical image's header and a way to get each frame's stored values. */
export interface ClinicalSource extends WindowableImage {
  format: ClinicalInfo['format'];
  frameCount: number;
  signed: boolean;
  modality?: string;
  /** Units of rescaled values: 'HU' for CT, '' where the file does not say. */
  units: string;
  /** The windows the file gives, with their explanations. */
  filePresets: WindowPreset[];
  /** Non-identifying tags to show. */
  tags: ShownTag[];
  /** Identifying tags: kept in the worker, handed out only on an explicit request. */
  identifying: ShownTag[];
  /** Stored values of frame i (before rescale, before inversion); interleaved RGB for colour. */
  frame(index: number): Promise<ArrayLike<number>>;
}

/** The usual CT windows (width / level in HU), as radiology workstations and OHIF offer them. */
export const CT_PRESETS: WindowPreset[] = [
  { name: 'Lung', center: -600, width: 1500, source: 'modality' },
  { name: 'Mediastinum', center: 40, width: 400, source: 'modality' },
  { name: 'Bone', center: 480, width: 2500, source: 'modality' },
  { name: 'Brain', center: 40, width: 80, source: 'modality' },
];

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

type ClinicalKind = 'dicom' | 'png16' | 'tiff';

/** Which clinical decoder reads a file, from its first bytes (at least 132, ideally a few KB); null: none. */
export function clinicalKind(head: Uint8Array): ClinicalKind | null {
  // "DICM" first: a DICOM preamble may itself be a TIFF header (dual-format files, PS3.10 7.5).
  if (head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d) return 'dicom';
  if (PNG_SIG.every((v, i) => head[i] === v)) {
    // IHDR: bit depth at byte 24, colour type at 25 (0 greyscale, 4 greyscale + alpha).
    return head.length >= 26 && head[24] === 16 && (head[25] === 0 || head[25] === 4) ? 'png16' : null;
  }
  if (head.length >= 4 && ((head[0] === 0x49 && head[1] === 0x49 && head[2] === 0x2a && head[3] === 0) || (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 0x2a))) return 'tiff';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return null;
  return looksLikeDicom(head) ? 'dicom' : null;
}

/**
 * Opens a DICOM, TIFF or 16-bit greyscale PNG file: null for any other file (the browser decodes those).
 * Reads the whole file into memory and its header; frames decode on demand (ClinicalSource.frame).
 * @throws UserError naming the file and the problem (cut short, unsupported encoding or compression, no pixel
 *   data, corrupt data, too large)
 */
export async function openClinical(blob: Blob, name: string): Promise<ClinicalSource | null> {
  const head = new Uint8Array(await blob.slice(0, 4096).arrayBuffer());
  const kind = clinicalKind(head);
  if (!kind) return null;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  if (kind === 'dicom') return openDicom(bytes, name);
  if (kind === 'png16') return openPng16(bytes, name);
  return openTiff(bytes, name);
}

async function openDicom(bytes: Uint8Array, name: string): Promise<ClinicalSource> {
  const d = await decodeDicom(bytes, name);
  const n = d.windows.length;
  return {
    format: 'dicom',
    width: d.width,
    height: d.height,
    samplesPerPixel: d.samplesPerPixel,
    photometric: d.photometric,
    bitsStored: d.bitsStored,
    rescaleSlope: d.rescaleSlope,
    rescaleIntercept: d.rescaleIntercept,
    windows: d.windows,
    frameCount: d.frameCount,
    signed: d.signed,
    modality: d.modality,
    units: d.modality === 'CT' ? 'HU' : '',
    filePresets: d.windows.map((w, i) => ({
      name: n === 1 ? 'From the file' : `From the file (${i + 1} of ${n})`,
      center: w.center,
      width: w.width,
      source: 'file',
      ...(d.windowExplanations[i] ? { explanation: d.windowExplanations[i] } : {}),
    })),
    tags: d.keyTags,
    identifying: d.identifyingTags,
    frame: (i) => d.frame(i),
  };
}

/** "name could not be decoded": a `what` file (a format's name) and why (image:clinical.corrupt.<whyKey>). */
function corrupt(name: string, what: string, whyKey: string, values: Record<string, unknown> = {}): UserError {
  const why = t(`image:clinical.corrupt.${whyKey}`, values);
  return new UserError(t('image:clinical.corrupt.title', { name: quoteName(name) }), t('image:clinical.corrupt.detail', { what, why }), t('image:clinical.corrupt.action'));
}

function tooLarge(name: string, width: number, height: number): UserError {
  const v = { name: quoteName(name), width, height, megapixels: (width * height / 1e6).toFixed(1), max: MAX_PIXELS / 1e6 };
  return new UserError(t('image:clinical.tooLarge.title', v), t('image:clinical.tooLarge.detail', v), t('image:clinical.tooLarge.action'));
}

/** 16-bit greyscale PNG (colour type 0, or 4 whose alpha is dropped) through fast-png, all 16 bits kept. */
function openPng16(bytes: Uint8Array, name: string): ClinicalSource {
  // The size from IHDR before inflating anything.
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && dv.getUint32(16) * dv.getUint32(20) > MAX_PIXELS) throw tooLarge(name, dv.getUint32(16), dv.getUint32(20));
  let png: ReturnType<typeof decodePng>;
  try {
    png = decodePng(bytes);
  } catch (e) {
    const said = (e instanceof Error ? e.message : String(e)).replace(/[:\s]+$/, '');
    throw corrupt(name, '16-bit greyscale PNG', 'pngData', { reason: said });
  }
  const n = png.width * png.height;
  if (!(png.data instanceof Uint16Array) || png.data.length < n * png.channels) {
    throw corrupt(name, '16-bit greyscale PNG', 'pngShort', { have: png.data.length, need: n * png.channels, width: png.width, height: png.height });
  }
  let values: Uint16Array = png.data;
  if (png.channels === 2) {
    values = new Uint16Array(n);
    for (let i = 0; i < n; i++) values[i] = png.data[2 * i];
  }
  return {
    format: 'png16',
    width: png.width,
    height: png.height,
    samplesPerPixel: 1,
    photometric: 'MONOCHROME2',
    bitsStored: 16,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    windows: [],
    frameCount: 1,
    signed: false,
    units: '',
    filePresets: [],
    tags: [
      { label: 'Format', value: t(png.channels === 2 ? 'image:tagValue.pngAlpha' : 'image:tagValue.png') },
      { label: 'Size', value: t('image:tagValue.size', { width: png.width, height: png.height }) },
      { label: 'Bits', value: t('image:tagValue.bits', { stored: 16, allocated: 16, sign: t('image:tagValue.unsigned') }) },
    ],
    identifying: [],
    frame: async (i) => {
      if (i !== 0) throw new UserError(t('image:clinical.oneFrame.title', { name: quoteName(name), frame: i + 1 }), t('image:clinical.oneFrame.png'), t('image:clinical.oneFrame.action'));
      return values;
    },
  };
}

/** TIFF compressions utif2 decodes here, by the Compression tag's value (TIFF 6.0 and its supplements). */
const TIFF_COMPRESSIONS: Record<number, string> = { 1: 'none', 5: 'LZW', 8: 'Deflate', 32946: 'Deflate', 32773: 'PackBits' };
/** Names of compressions Glassbox refuses, so the message can say which one the file uses. */
const TIFF_UNSUPPORTED: Record<number, string> = {
  2: 'CCITT modified Huffman (fax)', 3: 'CCITT Group 3 fax', 4: 'CCITT Group 4 fax', 6: 'old-style JPEG', 7: 'JPEG', 9: 'JBIG',
  34661: 'JBIG', 34676: 'SGI LogLuv', 34712: 'JPEG 2000', 34713: 'Nikon NEF', 34887: 'LERC', 34892: 'lossy JPEG (DNG)',
  34925: 'LZMA', 50000: 'Zstandard', 50001: 'WebP', 50002: 'JPEG XL', 52546: 'JPEG XL',
};

function tiffTag(ifd: UTIF.IFD, tag: number): number[] | undefined {
  const v = ifd[`t${tag}`];
  return Array.isArray(v) ? (v as number[]) : undefined;
}

/**
 * The first image of a TIFF file through utif2: greyscale (8, 16 or 32-bit integers, or 32-bit floats) or RGB
 * (8 or 16-bit), uncompressed, LZW, Deflate or PackBits. WhiteIsZero is shown inverted, as MONOCHROME1.
 */
function openTiff(bytes: Uint8Array, name: string): ClinicalSource {
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(buf);
  } catch (e) {
    throw corrupt(name, 'TIFF', 'tiffDirectory', { reason: e instanceof Error ? e.message : String(e) });
  }
  const ifd = ifds.find((d) => tiffTag(d, 256) && tiffTag(d, 257));
  if (!ifd) throw corrupt(name, 'TIFF', 'tiffNoImage');
  const width = tiffTag(ifd, 256)![0];
  const height = tiffTag(ifd, 257)![0];
  if (width * height > MAX_PIXELS) throw tooLarge(name, width, height);
  const compression = tiffTag(ifd, 259)?.[0] ?? 1;
  if (!TIFF_COMPRESSIONS[compression]) {
    throw new UserError(
      t('image:clinical.tiffCompression.title', { name: quoteName(name) }),
      t('image:clinical.tiffCompression.detail', { what: TIFF_UNSUPPORTED[compression] ?? t('image:clinical.tiffCompression.unknown'), tag: compression }),
      t('image:clinical.tiffCompression.action'),
    );
  }
  const bits = tiffTag(ifd, 258) ?? [1];
  const spp = tiffTag(ifd, 277)?.[0] ?? 1;
  const photometric = tiffTag(ifd, 262)?.[0] ?? 1;
  const format = tiffTag(ifd, 339)?.[0] ?? 1;
  const planar = tiffTag(ifd, 284)?.[0] ?? 1;
  const depth = bits[0];
  const grey = (photometric === 0 || photometric === 1) && spp >= 1;
  const rgb = photometric === 2 && spp >= 3;
  const okDepth = format === 3 ? depth === 32 && grey : (depth === 8 || depth === 16 || (depth === 32 && grey)) && (format === 1 || format === 2);
  if (!(grey || rgb) || !okDepth || planar !== 1 || bits.some((b) => b !== depth)) {
    throw new UserError(
      t('image:clinical.tiffKind.title', { name: quoteName(name) }),
      t('image:clinical.tiffKind.detail', {
        samples: spp,
        bits: bits.join('/'),
        format: t(`image:clinical.tiffKind.${format === 3 ? 'float' : format === 2 ? 'signed' : 'unsigned'}`),
        photometric,
        planes: planar !== 1 ? t('image:clinical.tiffKind.planes') : '',
      }),
      t('image:clinical.tiffKind.action'),
    );
  }
  try {
    UTIF.decodeImage(buf, ifd);
  } catch (e) {
    throw corrupt(name, `${TIFF_COMPRESSIONS[compression]}-compressed TIFF`, 'tiffData', { reason: e instanceof Error ? e.message : String(e) });
  }
  const raw = ifd.data as Uint8Array | undefined;
  const bytesPer = depth / 8;
  const n = width * height;
  if (!raw || raw.length < n * spp * bytesPer) {
    throw corrupt(name, 'TIFF', 'tiffShort', { have: raw?.length ?? 0, need: n * spp * bytesPer, width, height });
  }
  const little = bytes[0] === 0x49;
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const outSpp = grey ? 1 : 3;
  const signed = format === 2;
  const values = format === 3 ? new Float32Array(n) : depth === 8 ? (signed ? new Int8Array(n * outSpp) : new Uint8Array(n * outSpp)) : depth === 16 ? (signed ? new Int16Array(n * outSpp) : new Uint16Array(n * outSpp)) : signed ? new Int32Array(n) : new Uint32Array(n);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < outSpp; c++) {
      const at = (p * spp + c) * bytesPer;
      values[p * outSpp + c] = format === 3 ? dv.getFloat32(at, little) : depth === 8 ? (signed ? dv.getInt8(at) : raw[at]) : depth === 16 ? (signed ? dv.getInt16(at, little) : dv.getUint16(at, little)) : signed ? dv.getInt32(at, little) : dv.getUint32(at, little);
    }
  }
  const pages = ifds.filter((d) => tiffTag(d, 256)).length;
  return {
    format: 'tiff',
    width,
    height,
    samplesPerPixel: outSpp,
    photometric: grey ? (photometric === 0 ? 'MONOCHROME1' : 'MONOCHROME2') : 'RGB',
    bitsStored: depth,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    windows: [],
    frameCount: 1,
    signed,
    units: '',
    filePresets: [],
    tags: [
      { label: 'Format', value: t(!grey ? 'image:tagValue.tiffRgb' : photometric === 0 ? 'image:tagValue.tiffWhiteZero' : 'image:tagValue.tiffGrey') },
      { label: 'Size', value: t('image:tagValue.size', { width, height }) },
      { label: 'Bits', value: t('image:tagValue.depth', { depth, sign: t(format === 3 ? 'image:tagValue.float' : signed ? 'image:tagValue.signed' : 'image:tagValue.unsigned') }) },
      { label: 'Compression', value: TIFF_COMPRESSIONS[compression] },
      ...(pages > 1 ? [{ label: 'Pages', value: t('image:tagValue.pages', { count: pages }) }] : []),
    ],
    identifying: [],
    frame: async (i) => {
      if (i !== 0) throw new UserError(t('image:clinical.oneFrame.title', { name: quoteName(name), frame: i + 1 }), t('image:clinical.oneFrame.tiff'), t('image:clinical.oneFrame.action'));
      return values;
    },
  };
}

/** The window that shows every value: greyscale from this frame's data (defaultWindow), colour the whole bit range. */
function fullRange(src: ClinicalSource, values: ArrayLike<number>): WindowLevel {
  if (src.samplesPerPixel === 3) return { center: 2 ** (src.bitsStored - 1), width: 2 ** src.bitsStored };
  return defaultWindow({ ...src, windows: [] }, values);
}

/** Presets for the person to pick: the file's windows, the modality's usual ones (CT), and the full range. */
export function presetsOf(src: ClinicalSource, values: ArrayLike<number>): WindowPreset[] {
  const modality = src.samplesPerPixel === 1 && src.modality === 'CT' ? CT_PRESETS : [];
  return [...src.filePresets, ...modality, { name: 'Full range', ...fullRange(src, values), source: 'data', explanation: 'Every value of this frame, darkest to brightest' }];
}

/** The first display of an image: the file's first window (else the full range), MONOCHROME1 inverted, frame 1. */
export function defaultDisplay(src: ClinicalSource, values: ArrayLike<number>): DisplaySettings {
  const w = src.samplesPerPixel === 1 && src.windows.length ? src.windows[0] : fullRange(src, values);
  return { window: { center: w.center, width: w.width }, invert: src.photometric === 'MONOCHROME1', frame: 0 };
}

/**
 * One frame as the 8-bit RGBA image the studio shows and the model sees, at full size: greyscale through the
 * rescale and the window's LINEAR function (windowToRgba, PS3.3 C.11.2.1.2.1); colour samples each through
 * the same linear function (no rescale); then inverted when display.invert (255 - y).
 */
export function renderFrame(src: WindowableImage, values: ArrayLike<number>, display: Pick<DisplaySettings, 'window' | 'invert'>): RgbaImage {
  let img: RgbaImage;
  if (src.samplesPerPixel === 1) {
    img = windowToRgba({ ...src, photometric: 'MONOCHROME2' }, values, display.window);
  } else {
    const n = src.width * src.height;
    const data = new Uint8ClampedArray(n * 4);
    const c = display.window.center;
    const w = Math.max(1, display.window.width);
    const lo = c - 0.5 - (w - 1) / 2;
    const hi = c - 0.5 + (w - 1) / 2;
    for (let p = 0; p < n; p++) {
      for (let k = 0; k < 3; k++) {
        const m = values[p * 3 + k];
        data[p * 4 + k] = m <= lo ? 0 : m > hi ? 255 : Math.round(((m - (c - 0.5)) / (w - 1) + 0.5) * 255);
      }
      data[p * 4 + 3] = 255;
    }
    img = { width: src.width, height: src.height, data };
  }
  if (display.invert) {
    const d = img.data;
    for (let i = 0; i < d.length; i += 4) {
      d[i] = 255 - d[i];
      d[i + 1] = 255 - d[i + 1];
      d[i + 2] = 255 - d[i + 2];
    }
  }
  return img;
}

/**
 * A clinical image as the studio holds it: the source, the current frame's stored values and the display
 * settings. rgba() is what the preview, the thumbnail and the model's input are made from.
 */
export class ClinicalView {
  private constructor(
    readonly src: ClinicalSource,
    private values: ArrayLike<number>,
    private current: DisplaySettings,
  ) {}

  /** Decodes the first frame (or display.frame) and applies `display` over the defaults. */
  static async open(src: ClinicalSource, display?: Partial<DisplaySettings>): Promise<ClinicalView> {
    const frame = display?.frame ?? 0;
    checkFrame(src, frame);
    const values = await src.frame(frame);
    const view = new ClinicalView(src, values, { ...defaultDisplay(src, values), frame });
    if (display) await view.setDisplay(display);
    return view;
  }

  get display(): DisplaySettings {
    return { window: { ...this.current.window }, invert: this.current.invert, frame: this.current.frame };
  }

  /**
   * Changes the window, the inversion or the frame (decoding it). Nothing changes when it throws.
   * @throws UserError for a frame that does not exist, a window whose width is not a positive number or whose
   *   centre is not finite, or a frame that does not decode
   */
  async setDisplay(p: Partial<DisplaySettings>): Promise<void> {
    const next: DisplaySettings = {
      window: p.window ? { center: Number(p.window.center), width: Number(p.window.width) } : this.current.window,
      invert: p.invert ?? this.current.invert,
      frame: p.frame ?? this.current.frame,
    };
    if (!Number.isFinite(next.window.center) || !Number.isFinite(next.window.width) || next.window.width <= 0) {
      throw new UserError(t('image:clinical.badWindow.title'), t('image:clinical.badWindow.detail', { center: String(p.window?.center), width: String(p.window?.width) }), t('image:clinical.badWindow.action'));
    }
    if (typeof next.invert !== 'boolean') throw new UserError(t('image:clinical.badInvert.title'), t('image:clinical.badInvert.detail'), t('image:clinical.badInvert.action'));
    if (next.frame !== this.current.frame) {
      checkFrame(this.src, next.frame);
      this.values = await this.src.frame(next.frame);
    }
    this.current = next;
  }

  /** The windowed 8-bit image, longest side at most MAX_KEPT_SIDE (as every image the studio keeps). */
  rgba(): RgbaImage {
    const full = renderFrame(this.src, this.values, this.current);
    const s = Math.min(1, MAX_KEPT_SIDE / Math.max(full.width, full.height));
    if (s === 1) return full;
    return resizeRgba(full, Math.max(1, Math.round(full.width * s)), Math.max(1, Math.round(full.height * s)));
  }

  /** What ImageInfo.clinical holds: never an identifying tag (only whether there are any). */
  info(): ClinicalInfo {
    return {
      format: this.src.format,
      units: this.src.units,
      frameCount: this.src.frameCount,
      display: this.display,
      presets: presetsOf(this.src, this.values),
      valueRange: valueRangeOf(this.src, this.values),
      samplesPerPixel: this.src.samplesPerPixel,
      tags: this.src.tags.map((t) => ({ ...t })),
      hasIdentifyingTags: this.src.identifying.length > 0,
    };
  }

  /**
   * The value at image pixel (x, y) of the current frame (0-based, x to the right, y down, in the file's own
   * pixel grid; fractions are floored): [modality value] for greyscale (stored * slope + intercept, e.g. HU),
   * [R, G, B] for colour; null outside the image.
   */
  valueAt(x: number, y: number): number[] | null {
    const { width, height } = this.src;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
    const px = Math.floor(x);
    const py = Math.floor(y);
    if (px < 0 || py < 0 || px >= width || py >= height) return null;
    const i = py * width + px;
    if (this.src.samplesPerPixel === 3) return [this.values[i * 3], this.values[i * 3 + 1], this.values[i * 3 + 2]];
    return [this.values[i] * this.src.rescaleSlope + this.src.rescaleIntercept];
  }

  /** The identifying tags (only for an explicit request from the person). */
  identifyingTags(): ShownTag[] {
    return this.src.identifying.map((t) => ({ ...t }));
  }
}

function checkFrame(src: ClinicalSource, frame: number): void {
  if (!Number.isInteger(frame) || frame < 0 || frame >= src.frameCount) {
    throw new UserError(t('image:clinical.noFrame.title', { frame: frame + 1 }), t('image:clinical.noFrame.detail', { count: src.frameCount }), t('image:clinical.noFrame.action', { count: src.frameCount }));
  }
}
