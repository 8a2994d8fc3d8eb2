// From stored DICOM values to the 8-bit RGBA image the studio shows and the model sees: Modality LUT as
// Rescale Slope/Intercept (PS3.3 C.11.1), then the VOI window (PS3.3 C.11.2.1.2.1, the LINEAR function), then
// MONOCHROME1 inverted (PS3.3 C.7.6.3.1.2: the minimum value is shown white).

import type { RgbaImage } from '../../../shared/types';

/** A VOI window in modality units (HU for CT): Window Center (0028,1050) and Window Width (0028,1051). */
export interface DicomWindow {
  center: number;
  width: number;
}

/** The parts of a DicomImage windowing needs. */
export interface WindowableImage {
  width: number;
  height: number;
  samplesPerPixel: number;
  photometric: string;
  bitsStored: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  windows: DicomWindow[];
}

/**
 * Smallest and largest modality value of a frame: stored values rescaled (slope may be negative), or for
 * colour images the raw samples of every channel. [0, 0] for an empty frame.
 */
export function valueRangeOf(image: Pick<WindowableImage, 'samplesPerPixel' | 'rescaleSlope' | 'rescaleIntercept'>, frameValues: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < frameValues.length; i++) {
    const v = frameValues[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return [0, 0];
  if (image.samplesPerPixel === 3) return [lo, hi];
  const a = lo * image.rescaleSlope + image.rescaleIntercept;
  const b = hi * image.rescaleSlope + image.rescaleIntercept;
  return [Math.min(a, b), Math.max(a, b)];
}

/**
 * The window used when none is given: the file's first one, else the full range of this frame's modality
 * values (so that every value is distinguishable, as viewers do for files without a window).
 */
export function defaultWindow(image: WindowableImage, frameValues: ArrayLike<number>): DicomWindow {
  if (image.windows.length > 0) return image.windows[0];
  if (frameValues.length === 0) return { center: 0, width: 1 };
  const [min, max] = valueRangeOf({ ...image, samplesPerPixel: 1 }, frameValues);
  // With width max-min+1 the linear function sends min to 0 and max to 255 (C.11.2.1.2.1).
  return { center: (min + max + 1) / 2, width: max - min + 1 };
}

/**
 * The 8-bit RGBA image of one frame, as a DICOM viewer shows it.
 *
 * Greyscale (MONOCHROME1/2): each stored value x becomes the modality value m = x * slope + intercept, then
 * the window's LINEAR function (PS3.3 C.11.2.1.2.1) with c = center, w = width, output range 0..255:
 *   m <= c - 0.5 - (w-1)/2  -> 0
 *   m >  c - 0.5 + (w-1)/2  -> 255
 *   else                    -> ((m - (c - 0.5)) / (w-1) + 0.5) * 255, rounded to the nearest integer
 * (a width below 1 is taken as 1: a threshold at c - 0.5). MONOCHROME1 is then inverted (255 - y).
 * Colour (3 samples, RGB as frame() gives it): passed through, scaled from Bits Stored to 8 bits (x >> (bits-8))
 * when wider; the window and rescale do not apply to colour.
 *
 * @param image the DicomImage (or its header fields)
 * @param frameValues what image.frame(i) gave: width*height stored values, or width*height*3 for colour
 * @param window the window in modality units; default: the file's first, else this frame's full range
 * @returns {width, height, data} laid out like ImageData, alpha 255
 */
export function windowToRgba(image: WindowableImage, frameValues: ArrayLike<number>, window?: DicomWindow): RgbaImage {
  const n = image.width * image.height;
  const data = new Uint8ClampedArray(n * 4);
  if (image.samplesPerPixel === 3) {
    if (frameValues.length < n * 3) throw new RangeError(`a colour frame of ${image.width} x ${image.height} needs ${n * 3} values, got ${frameValues.length}`);
    const shift = Math.max(0, image.bitsStored - 8);
    // Palette images come out of frame() as 8-bit RGB whatever their index depth.
    const s = image.photometric === 'PALETTE COLOR' ? 0 : shift;
    for (let p = 0; p < n; p++) {
      data[p * 4] = frameValues[p * 3] >> s;
      data[p * 4 + 1] = frameValues[p * 3 + 1] >> s;
      data[p * 4 + 2] = frameValues[p * 3 + 2] >> s;
      data[p * 4 + 3] = 255;
    }
    return { width: image.width, height: image.height, data };
  }
  if (frameValues.length < n) throw new RangeError(`a frame of ${image.width} x ${image.height} needs ${n} values, got ${frameValues.length}`);
  const { center: c, width: w0 } = window ?? defaultWindow(image, frameValues);
  const w = Math.max(1, w0);
  const lo = c - 0.5 - (w - 1) / 2;
  const hi = c - 0.5 + (w - 1) / 2;
  const invert = image.photometric === 'MONOCHROME1';
  const slope = image.rescaleSlope;
  const intercept = image.rescaleIntercept;
  for (let p = 0; p < n; p++) {
    const m = frameValues[p] * slope + intercept;
    let y: number;
    if (m <= lo) y = 0;
    else if (m > hi) y = 255;
    else y = Math.round(((m - (c - 0.5)) / (w - 1) + 0.5) * 255);
    if (invert) y = 255 - y;
    data[p * 4] = y;
    data[p * 4 + 1] = y;
    data[p * 4 + 2] = y;
    data[p * 4 + 3] = 255;
  }
  return { width: image.width, height: image.height, data };
}
