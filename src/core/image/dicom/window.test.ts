import { describe, expect, it } from 'vitest';
import { defaultWindow, windowToRgba, type WindowableImage } from './window';

function mono(values: number[], o: Partial<WindowableImage> = {}): WindowableImage {
  return { width: values.length, height: 1, samplesPerPixel: 1, photometric: 'MONOCHROME2', bitsStored: 16, rescaleSlope: 1, rescaleIntercept: 0, windows: [], ...o };
}

/** The grey level of each pixel, checking that R = G = B and alpha is opaque. */
function greys(data: Uint8ClampedArray): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length; i += 4) {
    expect(data[i + 1]).toBe(data[i]);
    expect(data[i + 2]).toBe(data[i]);
    expect(data[i + 3]).toBe(255);
    out.push(data[i]);
  }
  return out;
}

describe('windowToRgba (PS3.3 C.11.2.1.2.1 linear window)', () => {
  it('maps values through the linear function, computed by hand for c = 100, w = 50', () => {
    // Bounds: c - 0.5 -/+ (w-1)/2 = 75 and 124.
    // 76  -> ((76 - 99.5)/49 + 0.5) * 255 = 5.204   -> 5
    // 100 -> ((100 - 99.5)/49 + 0.5) * 255 = 130.10 -> 130
    // 124 -> ((124 - 99.5)/49 + 0.5) * 255 = 255
    const values = [75, 76, 100, 124, 125, -3000, 30000];
    const img = windowToRgba(mono(values), values, { center: 100, width: 50 });
    expect(img.width).toBe(7);
    expect(img.height).toBe(1);
    expect(greys(img.data)).toEqual([0, 5, 130, 255, 255, 0, 255]);
  });

  it('applies Rescale Slope/Intercept before the window: CT stored values to HU, lung window 1500/-600', () => {
    // HU = stored - 1024: 0 -> -1024, 1024 -> 0, 2048 -> 1024; bounds -1350 and 149.
    // -1024 -> ((-1024 + 600.5)/1499 + 0.5) * 255 = 55.457 -> 55;  0 -> ((0 + 600.5)/1499 + 0.5) * 255 = 229.65 -> 230
    const stored = Int16Array.from([0, 1024, 2048, -326, -325]);
    const img = windowToRgba(mono([], { width: 5, rescaleIntercept: -1024 }), stored, { center: -600, width: 1500 });
    // -326 -> -1350 HU (at the lower bound: 0); -325 -> -1349 HU -> 0.17 -> 0
    expect(greys(img.data)).toEqual([55, 230, 255, 0, 0]);
  });

  it('uses the slope too: m = 2x + 10 with c = 16, w = 9', () => {
    // Bounds 11.5 and 19.5. x = 3 -> m = 16 -> ((16 - 15.5)/8 + 0.5) * 255 = 143.44 -> 143
    const img = windowToRgba(mono([0, 3, 7], { rescaleSlope: 2, rescaleIntercept: 10 }), [0, 3, 7], { center: 16, width: 9 });
    expect(greys(img.data)).toEqual([0, 143, 255]);
  });

  it('inverts MONOCHROME1 after windowing (its lowest value is white)', () => {
    const values = [75, 76, 100, 124];
    const img = windowToRgba(mono(values, { photometric: 'MONOCHROME1' }), values, { center: 100, width: 50 });
    expect(greys(img.data)).toEqual([255, 250, 125, 0]);
  });

  it("uses the file's first window when none is given", () => {
    const values = [75, 76, 100, 124];
    const img = windowToRgba(mono(values, { windows: [{ center: 100, width: 50 }, { center: 0, width: 10 }] }), values);
    expect(greys(img.data)).toEqual([0, 5, 130, 255]);
  });

  it("spans the frame's full range of modality values when the file has no window", () => {
    // min 10, max 30 -> width 21, center 20.5: 10 -> 0, 20 -> ((20 - 20)/20 + 0.5) * 255 = 127.5 -> 128, 30 -> 255
    const values = [10, 20, 30];
    expect(defaultWindow(mono(values), values)).toEqual({ center: 20.5, width: 21 });
    expect(greys(windowToRgba(mono(values), values).data)).toEqual([0, 128, 255]);
    // With a negative slope the range is taken in modality units: m = -x gives -30..-10.
    expect(defaultWindow(mono(values, { rescaleSlope: -1 }), values)).toEqual({ center: -19.5, width: 21 });
  });

  it('treats a width below 1 as a threshold at c - 0.5', () => {
    const values = [9, 10, 11];
    expect(greys(windowToRgba(mono(values), values, { center: 10, width: 0 }).data)).toEqual([0, 255, 255]);
  });

  it('passes colour through, scaling values wider than 8 bits by their Bits Stored', () => {
    const rgb = windowToRgba({ ...mono([]), width: 2, samplesPerPixel: 3, photometric: 'RGB', bitsStored: 8 }, [1, 2, 3, 250, 251, 252], { center: 0, width: 1 });
    expect(Array.from(rgb.data)).toEqual([1, 2, 3, 255, 250, 251, 252, 255]);
    const deep = windowToRgba({ ...mono([]), width: 1, samplesPerPixel: 3, photometric: 'RGB', bitsStored: 12 }, [4095, 2048, 15]);
    expect(Array.from(deep.data)).toEqual([255, 128, 0, 255]);
  });

  it('refuses a frame with too few values instead of reading past it', () => {
    expect(() => windowToRgba(mono([1, 2, 3]), [1, 2])).toThrow(RangeError);
  });
});
