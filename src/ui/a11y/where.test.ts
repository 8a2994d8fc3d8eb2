import { describe, expect, it } from 'vitest';
import { describeHeatmap, placeOf, regionPlaces } from './where';

/** A w×h map of zeros with `v` written into the rectangle [x0, x1) × [y0, y1). */
function map(w: number, h: number, rects: { x0: number; x1: number; y0: number; y1: number; v: number }[]): Float32Array {
  const m = new Float32Array(w * h);
  for (const r of rects) for (let y = r.y0; y < r.y1; y++) for (let x = r.x0; x < r.x1; x++) m[y * w + x] = r.v;
  return m;
}

describe('placeOf', () => {
  it('names the ninths of the image row by row', () => {
    expect(placeOf(0.1, 0.1)).toBe('upperLeft');
    expect(placeOf(0.5, 0.1)).toBe('top');
    expect(placeOf(0.9, 0.2)).toBe('upperRight');
    expect(placeOf(0.5, 0.5)).toBe('centre');
    expect(placeOf(0.05, 0.95)).toBe('lowerLeft');
    expect(placeOf(1, 1)).toBe('lowerRight'); // the far edge belongs to the last ninth
  });
});

describe('describeHeatmap', () => {
  it('finds a 3×3 blob in the upper left of a 10×10 map: 9 of 100 pixels', () => {
    const m = map(10, 10, [{ x0: 0, x1: 3, y0: 0, y1: 3, v: 1 }]);
    expect(describeHeatmap(m, 10, 10, false)).toEqual({ kind: 'evidence', place: 'upperLeft', share: 0.09, spread: false });
  });

  it('counts only pixels at >= half the maximum, and weighs the centre by evidence', () => {
    // Strong block (value 4) on the right middle: 2×4 = 8 px; weak block (value 1, < 2) on the left is ignored.
    const m = map(12, 12, [
      { x0: 10, x1: 12, y0: 4, y1: 8, v: 4 },
      { x0: 0, x1: 6, y0: 0, y1: 12, v: 1 },
    ]);
    expect(describeHeatmap(m, 12, 12, false)).toEqual({ kind: 'evidence', place: 'right', share: 8 / 144, spread: false });
  });

  it('signed maps: evidence against the class (negative) is not where the evidence for it is', () => {
    const m = map(9, 9, [
      { x0: 0, x1: 3, y0: 6, y1: 9, v: 5 }, // for, lower left, 9 px
      { x0: 6, x1: 9, y0: 0, y1: 3, v: -50 }, // against, upper right
    ]);
    expect(describeHeatmap(m, 9, 9, true)).toEqual({ kind: 'evidence', place: 'lowerLeft', share: 9 / 81, spread: false });
    // Unsigned reading of the same numbers: the |−50| block dominates.
    expect(describeHeatmap(m, 9, 9, false)).toEqual({ kind: 'evidence', place: 'upperRight', share: 9 / 81, spread: false });
  });

  it('a map strong everywhere is spread, centred in the centre; an empty or all-negative signed map is empty', () => {
    expect(describeHeatmap(new Float32Array(16).fill(2), 4, 4, false)).toEqual({ kind: 'evidence', place: 'centre', share: 1, spread: true });
    expect(describeHeatmap(new Float32Array(16), 4, 4, false)).toEqual({ kind: 'empty' });
    expect(describeHeatmap(new Float32Array(16).fill(-1), 4, 4, true)).toEqual({ kind: 'empty' });
    expect(describeHeatmap(new Float32Array([NaN, NaN, NaN, NaN]), 2, 2, false)).toEqual({ kind: 'empty' });
  });

  it('refuses a value count that does not match the size', () => {
    expect(() => describeHeatmap(new Float32Array(5), 2, 2, false)).toThrow(RangeError);
  });
});

describe('regionPlaces', () => {
  it('gives each region its centroid ninth and its share of the image', () => {
    // 6×3: region 0 the left two columns, region 1 the middle two, region 2 the right two; id 3 unused, 4 one pixel.
    const seg = new Int32Array([0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 4]);
    const p = regionPlaces(seg, 6, 3);
    expect(p[0]).toEqual({ place: 'left', share: 6 / 18 });
    expect(p[1]).toEqual({ place: 'centre', share: 6 / 18 });
    expect(p[2]).toEqual({ place: 'right', share: 5 / 18 });
    expect(p[3]).toBeUndefined();
    expect(p[4]).toEqual({ place: 'lowerRight', share: 1 / 18 });
  });
});
