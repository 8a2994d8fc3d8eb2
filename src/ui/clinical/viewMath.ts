// The pure arithmetic of the image stage: zoom and pan (a CSS transform on the stage), the way from a
// pointer to an image pixel and on to a cell of the attribution map, and the window/level drag.
// No DOM, no React: every function here is tested by hand-computed values in viewMath.test.ts.

import type { WindowLevel } from '../../shared/clinical';

/**
 * How the stage is shown inside its viewport: `translate(tx px, ty px) scale(scale)` with the transform's
 * origin at the top-left corner. A viewport point (vx, vy) shows the stage point ((vx - tx) / scale,
 * (vy - ty) / scale). scale 1 with no translation is "fit": the whole image fills the viewport.
 */
export interface ViewTransform {
  scale: number;
  tx: number;
  ty: number;
}

export const FIT: ViewTransform = { scale: 1, tx: 0, ty: 0 };
/** Fit is the smallest zoom (the image is never smaller than its box); 32x shows a 512 px CT's pixels 32 screen px wide at 512 px. */
export const MIN_SCALE = 1;
export const MAX_SCALE = 32;
/** One press of + or −, or one notch of a mouse wheel (deltaY 100). */
export const ZOOM_STEP = 1.25;

/** A rectangle in source-image pixels (the model's crop box, see shared/geometry.ts cropBox). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Keeps the zoomed stage covering its w x h viewport (no empty band at any side) and the scale within
 * [MIN_SCALE, MAX_SCALE]. Input and output in viewport CSS pixels.
 */
export function clampView(t: ViewTransform, w: number, h: number): ViewTransform {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, Number.isFinite(t.scale) ? t.scale : 1));
  const tx = Math.min(0, Math.max(w - w * scale, t.tx));
  const ty = Math.min(0, Math.max(h - h * scale, t.ty));
  return { scale, tx: tx === 0 ? 0 : tx, ty: ty === 0 ? 0 : ty };
}

/**
 * Zooms by `factor` about the viewport point (px, py), which stays over the same stage point (the pointer
 * under a wheel, the midpoint of a pinch, the centre for the +/- buttons); then clamps (clampView).
 */
export function zoomAt(t: ViewTransform, factor: number, px: number, py: number, w: number, h: number): ViewTransform {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, t.scale * factor));
  const k = scale / t.scale;
  return clampView({ scale, tx: px - (px - t.tx) * k, ty: py - (py - t.ty) * k }, w, h);
}

/** Moves the stage by (dx, dy) viewport pixels (a drag), clamped. */
export function panBy(t: ViewTransform, dx: number, dy: number, w: number, h: number): ViewTransform {
  return clampView({ scale: t.scale, tx: t.tx + dx, ty: t.ty + dy }, w, h);
}

/** The zoom factor of a wheel event: one notch (deltaY = ±100, "pixel" mode) is one ZOOM_STEP; up zooms in. */
export function wheelFactor(deltaY: number): number {
  return Math.pow(ZOOM_STEP, -Math.max(-300, Math.min(300, deltaY)) / 100);
}

/**
 * The source-image pixel under the viewport point (vx, vy): the viewport (w x h CSS px) shows the whole
 * imageW x imageH image at FIT, so a stage point s maps to s * imageW / w. Integer pixel indices (floor);
 * null outside the image.
 */
export function viewportToImage(
  t: ViewTransform,
  vx: number,
  vy: number,
  w: number,
  h: number,
  imageW: number,
  imageH: number,
): { x: number; y: number } | null {
  if (w <= 0 || h <= 0) return null;
  const sx = (vx - t.tx) / t.scale;
  const sy = (vy - t.ty) / t.scale;
  const x = Math.floor((sx / w) * imageW);
  const y = Math.floor((sy / h) * imageH);
  if (x < 0 || y < 0 || x >= imageW || y >= imageH) return null;
  return { x, y };
}

/**
 * The cell of a mapW x mapH attribution map (model resolution) that covers source pixel (ix, iy), given
 * the crop box the model saw (cropBox: the whole image when stretched, the centred square when cropped).
 * The map spans the box: cell = floor((i + 0.5 - box.x) / box.w * mapW), the pixel's centre decides.
 * null outside the box (the model never saw that pixel).
 */
export function imageToMap(ix: number, iy: number, box: Box, mapW: number, mapH: number): { x: number; y: number } | null {
  const u = (ix + 0.5 - box.x) / box.w;
  const v = (iy + 0.5 - box.y) / box.h;
  if (!(u >= 0 && u < 1 && v >= 0 && v < 1)) return null;
  return { x: Math.min(mapW - 1, Math.floor(u * mapW)), y: Math.min(mapH - 1, Math.floor(v * mapH)) };
}

/** The attribution value at source pixel (ix, iy) (see imageToMap), or null outside the model's crop box. */
export function mapValueAt(map: { values: ArrayLike<number>; width: number; height: number }, ix: number, iy: number, box: Box): number | null {
  const c = imageToMap(ix, iy, box, map.width, map.height);
  return c ? map.values[c.y * map.width + c.x] : null;
}

/**
 * Modality units per screen pixel of a window/level drag: the value range of the frame over 512 px (a
 * drag across a typical stage sweeps the whole range), at least 1/8 of a unit so 8-bit images still move.
 */
export function windowSensitivity(valueRange: readonly [number, number]): number {
  const span = Math.abs(valueRange[1] - valueRange[0]);
  return Math.max(0.125, (Number.isFinite(span) ? span : 0) / 512);
}

/**
 * The window after a drag of (dx, dy) screen pixels from where it was when the drag started, as
 * radiology viewers do it (cornerstone's WWWC tool): right widens the window (less contrast), left
 * narrows it; down raises the center (the image darkens), up lowers it. `perPx`: units per pixel
 * (windowSensitivity). Width never goes below 1 (DICOM PS3.3 C.11.2.1.2: Window Width >= 1). Values are
 * rounded to what the person can read (whole units when perPx >= 1, else 2 decimals).
 */
export function dragWindow(start: WindowLevel, dx: number, dy: number, perPx: number): WindowLevel {
  const round = perPx >= 1 ? (v: number) => Math.round(v) : (v: number) => Math.round(v * 100) / 100;
  return { center: round(start.center + dy * perPx), width: Math.max(1, round(start.width + dx * perPx)) };
}

/** Whether two windows are the same to half a unit (a preset button is "on" when the window matches it). */
export function sameWindow(a: WindowLevel, b: WindowLevel): boolean {
  return Math.abs(a.center - b.center) < 0.5 && Math.abs(a.width - b.width) < 0.5;
}

/** A value as the readout shows it: whole numbers as they are, others to 4 significant digits. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v).replace('-', '−');
  return Number(v.toPrecision(4)).toString().replace('-', '−');
}

/**
 * The pixel value part of the readout: "−650 HU" for one value with units, "812" without units,
 * "R 12 G 34 B 56" for three samples (colour images and 8-bit RGB), "" for none.
 */
export function formatPixel(values: readonly number[] | null, units: string): string {
  if (!values || values.length === 0) return '';
  if (values.length >= 3) return `R ${formatNumber(values[0])} G ${formatNumber(values[1])} B ${formatNumber(values[2])}`;
  return units ? `${formatNumber(values[0])} ${units}` : formatNumber(values[0]);
}
