// From a dropped file to RGBA pixels, in the worker: recognise the file, find the size it decodes at
// (sniff.ts walks its structure through the whole file), refuse what is not an image or too large
// BEFORE any decode, then let the browser decode it, downscaled while decoding when it is big.

import type { RgbaImage } from '../../shared/types';
import { t } from '../../shared/i18n';
import { UserError } from '../../shared/errors';
import { quoteName } from '../../shared/names';
import { MAX_KEPT_SIDE, MAX_PIXELS, blobSource, measureImage, type ImageKind } from './sniff';
import { orientRgba, readJpegOrientation, withoutOrientation } from './orientation';
import { ClinicalView, openClinical } from './clinical';

/** What a decode is asked for: the browser's resize options (one side only, so it keeps the aspect ratio). */
export interface DecodePlan {
  resizeWidth?: number;
  resizeHeight?: number;
}

/** A refusal from the image catalogue (shared/i18n/image.ts): image:<key>.title/.detail/.action, current language. */
function refusal(key: string, values: Record<string, unknown> = {}, action = `image:${key}.action`): UserError {
  return new UserError(t(`image:${key}.title`, values), t(`image:${key}.detail`, values), t(action, values));
}

/** Turns a recognised, accepted file into pixels. The browser's is `browserRasterise`; tests pass their own. */
export type Rasterise = (blob: Blob, plan: DecodePlan, file: { name: string; kind: ImageKind }) => Promise<RgbaImage>;

/** A recognised image whose size was read and accepted. */
export interface InspectedImage {
  kind: Exclude<ImageKind, 'unknown' | 'dicom' | 'tiff' | 'heic'>;
  width: number;
  height: number;
}

function megapixels(px: number): string {
  const mp = px / 1e6;
  return mp >= 100 ? String(Math.round(mp)) : mp.toFixed(1).replace(/\.0$/, '');
}

/**
 * Reads `blob`'s kind and true decoded size (wherever in the file the size is) and refuses it, naming the
 * file, when Glassbox cannot or should not decode it. Reads only the bytes the walk needs.
 * DICOM and TIFF files (and 16-bit greyscale PNG) are not the browser's to decode: clinical.ts opens them
 * (decodeBlob routes them there before calling this).
 * @throws UserError: an empty file; not an image; DICOM or TIFF (use clinical.ts); HEIC; size unreadable (truncated or corrupt header); more than
 *   MAX_PIXELS pixels, counting where any frame reaches (the message gives width x height, megapixels and
 *   the limit).
 */
export async function inspectImage(blob: Blob, name: string): Promise<InspectedImage> {
  const q = quoteName(name);
  if (blob.size === 0) throw refusal('empty', { name: q });
  const s = await measureImage(blobSource(blob));
  if (s.kind === 'unknown') {
    throw refusal('unknown', { name: q });
  }
  if (s.kind === 'heic') {
    throw refusal('heic', { name: q });
  }
  if (s.kind === 'dicom' || s.kind === 'tiff') {
    throw new Error(`inspectImage: ${s.kind} files are opened by core/image/clinical.ts, not the browser`);
  }
  if (!s.width || !s.height) {
    throw refusal('noSize', { name: q, kind: s.kind.toUpperCase() }, 'image:retry');
  }
  const reach = s.extent ?? { width: s.width, height: s.height };
  if (s.width * s.height > MAX_PIXELS || reach.width * reach.height > MAX_PIXELS) {
    const size = s.extent
      ? t('image:tooLarge.sizeFrames', { width: s.width, height: s.height, reachWidth: reach.width, reachHeight: reach.height, megapixels: megapixels(reach.width * reach.height) })
      : t('image:tooLarge.size', { width: s.width, height: s.height, megapixels: megapixels(s.width * s.height) });
    throw refusal('tooLarge', { name: q, size, max: MAX_PIXELS / 1e6 });
  }
  return { kind: s.kind, width: s.width, height: s.height };
}

/**
 * How to decode an image of width x height (pixels) so that its longest side is at most MAX_KEPT_SIDE:
 * no resize when it fits, else the longest side's target alone (the browser derives the other side from
 * the decoded aspect ratio, so an estimate that is off cannot distort the picture).
 */
export function decodePlan(width: number, height: number): DecodePlan {
  if (Math.max(width, height) <= MAX_KEPT_SIDE) return {};
  return width >= height ? { resizeWidth: MAX_KEPT_SIDE } : { resizeHeight: MAX_KEPT_SIDE };
}

/**
 * The browser's decoder (createImageBitmap, OffscreenCanvas: a worker or a page, not Node). Whatever the
 * decoder returns, the pixels kept have a longest side of at most MAX_KEPT_SIDE.
 * @throws UserError when the browser cannot decode the bytes or has no 2D OffscreenCanvas.
 */
export const browserRasterise: Rasterise = async (blob, plan, { name, kind }) => {
  let bitmap: ImageBitmap;
  try {
    bitmap = plan.resizeWidth || plan.resizeHeight ? await createImageBitmap(blob, { ...plan, resizeQuality: 'high' }) : await createImageBitmap(blob);
  } catch {
    throw refusal('browserDecode', { name: quoteName(name), kind: kind.toUpperCase() }, 'image:retry');
  }
  const scale = Math.min(1, MAX_KEPT_SIDE / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) {
    bitmap.close();
    throw refusal('noCanvas');
  }
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const d = ctx.getImageData(0, 0, w, h);
  return { width: d.width, height: d.height, data: d.data };
};

/**
 * Decodes an image file to RGBA pixels, refusing it first (inspectImage) when it is not an image Glassbox
 * reads or is larger than MAX_PIXELS, so a huge file is never handed to a decoder. The result's longest
 * side is at most MAX_KEPT_SIDE pixels (larger images are downscaled while decoding).
 * @param rasterise the decoder; the browser's by default.
 * DICOM, TIFF and 16-bit greyscale PNG files come out windowed with their default window (clinical.ts).
 * @throws UserError naming the file: see inspectImage and openClinical, and a decode failure (truncated or corrupt data).
 */
export async function decodeBlob(blob: Blob, name: string, rasterise: Rasterise = browserRasterise): Promise<RgbaImage> {
  // DICOM, TIFF and 16-bit greyscale PNG: decoded at full precision, shown windowed (the default window).
  const clinical = await openClinical(blob, name);
  if (clinical) return (await ClinicalView.open(clinical)).rgba();
  const info = await inspectImage(blob, name);
  return decodeOriented(blob, name, info, rasterise);
}

/**
 * Decodes an accepted image the way its EXIF Orientation says it is shown (JPEG; see orientation.ts):
 * the decoder gets a copy whose Orientation is 1 and a plan made from the stored size (info's), so the
 * downscale and the picture agree on which side is which; the decoded pixels are then turned here. The
 * result is width x height swapped for orientations 5..8, longest side at most MAX_KEPT_SIDE.
 */
export async function decodeOriented(blob: Blob, name: string, info: InspectedImage, rasterise: Rasterise): Promise<RgbaImage> {
  const exif = info.kind === 'jpeg' ? await readJpegOrientation(blobSource(blob)) : null;
  const stored = exif && exif.orientation !== 1 ? withoutOrientation(blob, exif) : blob;
  const pixels = await rasterise(stored, decodePlan(info.width, info.height), { name, kind: info.kind });
  return exif ? orientRgba(pixels, exif.orientation) : pixels;
}
