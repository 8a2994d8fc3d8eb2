// The reference region: "where would you look?". A region the person draws on the image (brush strokes and
// polygons) or the synthetic set's ground truth, kept in the image's own pixel coordinates so it does not
// depend on how large the image is drawn, and turned into a mask on the attribution's grid (the model's
// input, which covers the model's crop box of the image) when explanations are scored against it.
// Plain data and pure functions: the page draws it, the worker scores with it (worker/reference.ts).

import type { ResultCheck } from './attribution';

/**
 * One part of a region, in the image's pixel coordinates (x to the right, y down, 0..width and 0..height
 * over the full-resolution image; pixel (i, j) covers [i, i+1) x [j, j+1)).
 * - polygon: the vertices x0, y0, x1, y1, … (closed; even-odd rule);
 * - stroke: a brush stroke, every point within `radius` pixels of the polyline through `points`;
 * - mask: a bitmap (1 = inside) of width x height stretched over the whole image (the synthetic ground truth).
 */
export type RegionShape =
  | { kind: 'polygon'; points: number[] }
  | { kind: 'stroke'; points: number[]; radius: number }
  | { kind: 'mask'; width: number; height: number; data: Uint8Array };

/** A reference region: the union of its shapes, on an image of imageWidth x imageHeight pixels. */
export interface ReferenceRegion {
  imageWidth: number;
  imageHeight: number;
  shapes: RegionShape[];
  /** Drawn by the person, or the ground truth of a synthetic (demo) image. */
  source: 'drawn' | 'ground-truth';
}

/** A box in an image's pixel coordinates (as shared/geometry.ts cropBox). */
export interface PixelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Even-odd point-in-polygon test (ray casting to +x) on flat [x0, y0, x1, y1, …] vertices. */
function inPolygon(points: readonly number[], x: number, y: number): boolean {
  const n = points.length >> 1;
  if (n < 3) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = points[2 * i];
    const yi = points[2 * i + 1];
    const xj = points[2 * j];
    const yj = points[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Squared distance from (x, y) to the segment (ax, ay)-(bx, by). */
function segmentDistance2(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
  const ex = ax + t * dx - x;
  const ey = ay + t * dy - y;
  return ex * ex + ey * ey;
}

function inStroke(points: readonly number[], radius: number, x: number, y: number): boolean {
  const n = points.length >> 1;
  if (n === 0) return false;
  const r2 = radius * radius;
  if (n === 1) return segmentDistance2(x, y, points[0], points[1], points[0], points[1]) <= r2;
  for (let i = 0; i + 1 < n; i++) {
    if (segmentDistance2(x, y, points[2 * i], points[2 * i + 1], points[2 * i + 2], points[2 * i + 3]) <= r2) return true;
  }
  return false;
}

/**
 * Whether the point (x, y), in the image's pixel coordinates, lies in the region (in any of its shapes).
 * A mask shape is read at the mask pixel under the point (nearest neighbour).
 */
export function insideRegion(region: ReferenceRegion, x: number, y: number): boolean {
  for (const s of region.shapes) {
    if (s.kind === 'polygon' ? inPolygon(s.points, x, y) : s.kind === 'stroke' ? inStroke(s.points, s.radius, x, y) : inMask(s, region, x, y)) return true;
  }
  return false;
}

function inMask(s: Extract<RegionShape, { kind: 'mask' }>, region: ReferenceRegion, x: number, y: number): boolean {
  const mx = Math.floor((x / region.imageWidth) * s.width);
  const my = Math.floor((y / region.imageHeight) * s.height);
  if (mx < 0 || my < 0 || mx >= s.width || my >= s.height) return false;
  return s.data[my * s.width + mx] !== 0;
}

/**
 * The region as a mask on a width x height grid laid over `box` of the image (the attribution's grid over the
 * model's crop box; default the whole image): cell (i, j) is inside (1) when its centre,
 * (box.x + (i + 0.5) · box.w / width, box.y + (j + 0.5) · box.h / height) in image pixels, lies in the region.
 * Row-major Uint8Array of width · height. Throws on a grid with no cells.
 */
export function rasteriseRegion(region: ReferenceRegion, width: number, height: number, box: PixelBox = { x: 0, y: 0, w: region.imageWidth, h: region.imageHeight }): Uint8Array {
  if (!(width >= 1 && height >= 1)) throw new Error(`rasteriseRegion: the grid must have at least one cell (got ${width}x${height})`);
  const mask = new Uint8Array(width * height);
  for (let j = 0; j < height; j++) {
    const y = box.y + ((j + 0.5) * box.h) / height;
    for (let i = 0; i < width; i++) {
      const x = box.x + ((i + 0.5) * box.w) / width;
      if (insideRegion(region, x, y)) mask[j * width + i] = 1;
    }
  }
  return mask;
}

/**
 * A synthetic sample's ground-truth mask (core/data/synthetic.ts: 1 where the lesion or cyst is, row-major,
 * maskWidth x maskHeight over the whole image) as a reference region. Null when the mask is empty (a
 * "normal" image has no region to point at).
 */
export function groundTruthRegion(mask: Uint8Array, maskWidth: number, maskHeight: number, imageWidth = maskWidth, imageHeight = maskHeight): ReferenceRegion | null {
  if (!mask.some((v) => v !== 0)) return null;
  return { imageWidth, imageHeight, shapes: [{ kind: 'mask', width: maskWidth, height: maskHeight, data: mask }], source: 'ground-truth' };
}

/** What the studio says a ground-truth region is. */
export const GROUND_TRUTH_NOTE = 'ground truth from the synthetic set';

/** A map to score: its id (the method's), its values (row-major, height x width) and grid. */
export interface MapToScore {
  id: string;
  values: Float32Array;
  width: number;
  height: number;
}

/** One map scored against the reference region. */
export interface ReferenceScore {
  id: string;
  /** Pointing game: the map's maximum lies in the region; null when the map is flat (it points nowhere). */
  hit: boolean | null;
  /** Energy-based pointing: share of the map's positive mass inside the region (NaN: no figure, the map is flat or has no positive mass). */
  proportion: number;
  /** The region's share of the grid: what a map spread evenly would score. */
  areaShare: number;
  /** The two figures as badges (core/metrics/checks.ts: pointingCheck, energyPointingCheck). */
  checks: ResultCheck[];
}

export interface ReferenceScoring {
  /** Cells of the map's grid inside the region (0: the region misses every cell centre; nothing is scored). */
  regionCells: number;
  /** Cells of the grid. */
  gridCells: number;
  scores: ReferenceScore[];
}
