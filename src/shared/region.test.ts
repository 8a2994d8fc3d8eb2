import { describe, expect, it } from 'vitest';
import { groundTruthRegion, insideRegion, rasteriseRegion, type ReferenceRegion, type RegionShape } from './region';

const region = (w: number, h: number, ...shapes: RegionShape[]): ReferenceRegion => ({ imageWidth: w, imageHeight: h, shapes, source: 'drawn' });
/** Rows of a mask as strings, '#' inside, '.' outside: easy to check by eye. */
const rows = (m: Uint8Array, w: number) => Array.from({ length: m.length / w }, (_, j) => Array.from(m.slice(j * w, (j + 1) * w), (v) => (v ? '#' : '.')).join(''));

describe('rasteriseRegion: polygons', () => {
  it('fills the cells whose centres lie inside a square (4x4 image, 4x4 grid)', () => {
    // square from (1,1) to (3,3): centres 1.5 and 2.5 in each direction are inside, 0.5 and 3.5 are not
    const m = rasteriseRegion(region(4, 4, { kind: 'polygon', points: [1, 1, 3, 1, 3, 3, 1, 3] }), 4, 4);
    expect(rows(m, 4)).toEqual(['....', '.##.', '.##.', '....']);
  });
  it('fills a triangle by the centre rule', () => {
    // (0,0), (4,0), (0,4): centre (i+.5, j+.5) inside when i + j + 1 < 4
    const m = rasteriseRegion(region(4, 4, { kind: 'polygon', points: [0, 0, 4, 0, 0, 4] }), 4, 4);
    expect(rows(m, 4)).toEqual(['###.', '##..', '#...', '....']);
  });
  it('brings a drawing on a large image down to the model grid', () => {
    // left half of an 8x8 image on a 4x4 grid: centres x = 1, 3, 5, 7 (image px); 1 and 3 are inside [0, 4]
    const m = rasteriseRegion(region(8, 8, { kind: 'polygon', points: [0, 0, 4, 0, 4, 8, 0, 8] }), 4, 4);
    expect(rows(m, 4)).toEqual(['##..', '##..', '##..', '##..']);
  });
  it('lays the grid over the crop box only (centre crop of a wide image)', () => {
    // 8x4 image, the model sees x in [2, 6): a 2x2 grid has centres x = 3, 5 and y = 1, 3
    const r = region(8, 4, { kind: 'polygon', points: [2, 0, 4, 0, 4, 4, 2, 4] });
    expect(rows(rasteriseRegion(r, 2, 2, { x: 2, y: 0, w: 4, h: 4 }), 2)).toEqual(['#.', '#.']);
    // a region left of the crop box is not seen by the model at all
    const outside = region(8, 4, { kind: 'polygon', points: [0, 0, 2, 0, 2, 4, 0, 4] });
    expect(rows(rasteriseRegion(outside, 2, 2, { x: 2, y: 0, w: 4, h: 4 }), 2)).toEqual(['..', '..']);
  });
  it('uses the even-odd rule and ignores degenerate polygons', () => {
    // a polygon with fewer than 3 vertices covers nothing
    expect(rasteriseRegion(region(4, 4, { kind: 'polygon', points: [0, 0, 4, 4] }), 4, 4).every((v) => v === 0)).toBe(true);
  });
});

describe('rasteriseRegion: brush strokes', () => {
  it('a dab is a disc: cells whose centre is within the radius', () => {
    // dab at (2, 2) radius 1: centres (1.5|2.5, 1.5|2.5) are 0.71 away; (0.5, 1.5) is 1.58 away
    const m = rasteriseRegion(region(4, 4, { kind: 'stroke', points: [2, 2], radius: 1 }), 4, 4);
    expect(rows(m, 4)).toEqual(['....', '.##.', '.##.', '....']);
  });
  it('a stroke covers the capsule around its polyline', () => {
    // along row 0's centres, radius 0.5: row 0 (distance 0) in, row 1 (distance 1) out
    const m = rasteriseRegion(region(4, 4, { kind: 'stroke', points: [0.5, 0.5, 3.5, 0.5], radius: 0.5 }), 4, 4);
    expect(rows(m, 4)).toEqual(['####', '....', '....', '....']);
    // an L: down column 0 then along row 3, radius 0.4
    const l = rasteriseRegion(region(4, 4, { kind: 'stroke', points: [0.5, 0.5, 0.5, 3.5, 3.5, 3.5], radius: 0.4 }), 4, 4);
    expect(rows(l, 4)).toEqual(['#...', '#...', '#...', '####']);
  });
  it('a region is the union of its shapes', () => {
    const r = region(4, 4, { kind: 'stroke', points: [0.5, 0.5], radius: 0.3 }, { kind: 'polygon', points: [2, 2, 4, 2, 4, 4, 2, 4] });
    expect(rows(rasteriseRegion(r, 4, 4), 4)).toEqual(['#...', '....', '..##', '..##']);
    expect(insideRegion(r, 0.5, 0.5)).toBe(true);
    expect(insideRegion(r, 1.5, 0.5)).toBe(false);
  });
  it('refuses a grid without cells', () => {
    expect(() => rasteriseRegion(region(4, 4), 0, 4)).toThrow(/at least one cell/);
  });
});

describe('mask regions (the synthetic ground truth)', () => {
  it('a mask is stretched over the whole image and read by nearest neighbour', () => {
    // 2x2 mask, top-left set, over a 4x4 image: the top-left quadrant of a 4x4 grid
    const r = groundTruthRegion(new Uint8Array([1, 0, 0, 0]), 2, 2, 4, 4)!;
    expect(r.source).toBe('ground-truth');
    expect(rows(rasteriseRegion(r, 4, 4), 4)).toEqual(['##..', '##..', '....', '....']);
    // the same mask on a 2x2 grid: one cell
    expect(rows(rasteriseRegion(r, 2, 2), 2)).toEqual(['#.', '..']);
  });
  it('an empty mask is no region', () => {
    expect(groundTruthRegion(new Uint8Array(4), 2, 2)).toBeNull();
  });
});
