// Transparent images as the model sees them: composited over an opaque background (the "over" operator of
// Porter & Duff, "Compositing Digital Images", SIGGRAPH 1984, with straight, not premultiplied, alpha as
// canvas getImageData returns it): out = a * colour + (1 - a) * background, alpha 255.
//
// Why: a fully transparent pixel's colour is whatever the file (or the canvas's premultiplied storage:
// (0, 0, 0, 0)) left there, so without this a red square on a transparent background is fed as a red
// square on black while the page shows it on white.

import type { RgbaImage } from '../../shared/types';

/** True when every pixel's alpha is 255 (nothing to composite). */
export function isOpaque(img: RgbaImage): boolean {
  const d = img.data;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 255) return false;
  return true;
}

/**
 * `img` composited over the opaque colour `rgb` (0-255 sRGB each, composited in sRGB values as browsers
 * draw): each channel round(a/255 * c + (1 - a/255) * bg), alpha 255. A new image; `img` is unchanged.
 */
export function compositeOver(img: RgbaImage, rgb: readonly [number, number, number]): RgbaImage {
  const d = img.data;
  const out = new Uint8ClampedArray(d.length);
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3] / 255;
    out[i] = Math.round(a * d[i] + (1 - a) * rgb[0]);
    out[i + 1] = Math.round(a * d[i + 1] + (1 - a) * rgb[1]);
    out[i + 2] = Math.round(a * d[i + 2] + (1 - a) * rgb[2]);
    out[i + 3] = 255;
  }
  return { width: img.width, height: img.height, data: out };
}
