// The small copies of an image the page shows: a preview for the viewer and a thumbnail for the gallery.
// They are made in the worker and transferred to the page, so the page never scales pixels itself.

import type { RgbaImage } from '../../shared/types';
import { resizeRgba } from './preprocess';

/** Longest side of the viewer's preview, in pixels. */
export const PREVIEW_SIDE = 512;
/** Longest side of a gallery thumbnail, in pixels (the gallery shows them about 100 CSS px wide). */
export const THUMB_SIDE = 128;

/**
 * `img` with its longest side at most `side` pixels, aspect ratio kept (box-filtered by resizeRgba).
 * Always a new buffer, never a view of `img`'s, so it can be transferred while `img` is kept.
 */
export function downscaleTo(img: RgbaImage, side: number): RgbaImage {
  const s = Math.min(1, side / Math.max(img.width, img.height));
  if (s === 1) return { width: img.width, height: img.height, data: img.data.slice() };
  return resizeRgba(img, Math.max(1, Math.round(img.width * s)), Math.max(1, Math.round(img.height * s)));
}

/** The viewer's preview (longest side <= PREVIEW_SIDE) and the gallery's thumbnail (<= THUMB_SIDE) of `img`. */
export function previewAndThumb(img: RgbaImage): { preview: RgbaImage; thumb: RgbaImage } {
  const preview = downscaleTo(img, PREVIEW_SIDE);
  return { preview, thumb: downscaleTo(preview, THUMB_SIDE) };
}
