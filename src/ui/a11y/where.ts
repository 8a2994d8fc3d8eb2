// Where the evidence is, in words (WCAG 1.1.1 text alternatives for heatmaps and superpixel regions): pure
// functions over plain maps, so they are tested in Node against hand-built maps.

/** The nine parts of an image, a 3×3 grid read row by row from the top left. */
export const PLACES = ['upperLeft', 'top', 'upperRight', 'left', 'centre', 'right', 'lowerLeft', 'bottom', 'lowerRight'] as const;
export type Place = (typeof PLACES)[number];

/**
 * The named ninth of the image a point falls in.
 * @param fx horizontal position as a fraction of the width, 0 (left edge) … 1 (right edge)
 * @param fy vertical position as a fraction of the height, 0 (top) … 1 (bottom)
 */
export function placeOf(fx: number, fy: number): Place {
  const col = Math.min(2, Math.max(0, Math.floor(fx * 3)));
  const row = Math.min(2, Math.max(0, Math.floor(fy * 3)));
  return PLACES[row * 3 + col];
}

/** What a heatmap says in words: where its strongest evidence is and how much of the image it covers. */
export type HeatmapWords =
  | { kind: 'empty' }
  | {
      kind: 'evidence';
      /** The ninth holding the weighted centre of the strong pixels. */
      place: Place;
      /** Share of the image's pixels that are strong (>= half the map's maximum), 0…1. */
      share: number;
      /** True when the strong pixels spread over most of the image (their bounding box spans >= 2/3 of both sides). */
      spread: boolean;
    };

/**
 * Describes a heatmap: the "strong" pixels are those with evidence >= `threshold` × the map's maximum
 * (evidence = the value itself for signed maps, so only what speaks FOR the class counts; |value| for
 * unsigned maps). Returns their share of the image, the ninth holding their evidence-weighted centroid, and
 * whether they spread over most of the image.
 * @param values row-major, length width × height (throws RangeError otherwise)
 * @param signed whether negative values mean evidence against the class
 * @param threshold fraction of the maximum, default 0.5
 * A map with no positive evidence (all zero, non-finite, or all against the class) is `{ kind: 'empty' }`.
 */
export function describeHeatmap(values: ArrayLike<number>, width: number, height: number, signed: boolean, threshold = 0.5): HeatmapWords {
  if (values.length !== width * height) throw new RangeError(`describeHeatmap: ${values.length} values for ${width}×${height}`);
  const ev = (v: number) => (Number.isFinite(v) ? (signed ? Math.max(0, v) : Math.abs(v)) : 0);
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, ev(values[i]));
  if (max <= 0) return { kind: 'empty' };
  const cut = max * threshold;
  let n = 0;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const e = ev(values[y * width + x]);
      if (e < cut) continue;
      n++;
      sw += e;
      sx += e * (x + 0.5);
      sy += e * (y + 0.5);
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  const spread = (x1 - x0 + 1) / width >= 2 / 3 && (y1 - y0 + 1) / height >= 2 / 3;
  return { kind: 'evidence', place: placeOf(sx / sw / width, sy / sw / height), share: n / (width * height), spread };
}

/** Where one superpixel region is: the ninth of its centroid and its share of the image (0…1). */
export interface RegionPlace {
  place: Place;
  share: number;
}

/**
 * The place of every region of a segmentation (ids 0…max id), by the centroid of its pixels.
 * @param segments row-major region ids, length width × height (throws RangeError otherwise)
 * @returns an array indexed by region id; ids with no pixel are undefined
 */
export function regionPlaces(segments: ArrayLike<number>, width: number, height: number): (RegionPlace | undefined)[] {
  if (segments.length !== width * height) throw new RangeError(`regionPlaces: ${segments.length} ids for ${width}×${height}`);
  const count: number[] = [];
  const sx: number[] = [];
  const sy: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = segments[y * width + x];
      if (s < 0) continue;
      count[s] = (count[s] ?? 0) + 1;
      sx[s] = (sx[s] ?? 0) + x + 0.5;
      sy[s] = (sy[s] ?? 0) + y + 0.5;
    }
  }
  const out: (RegionPlace | undefined)[] = [];
  for (let s = 0; s < count.length; s++) {
    out[s] = count[s] ? { place: placeOf(sx[s] / count[s] / width, sy[s] / count[s] / height), share: count[s] / (width * height) } : undefined;
  }
  return out;
}
