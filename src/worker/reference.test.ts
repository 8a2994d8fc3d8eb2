import { describe, expect, it } from 'vitest';
import { agreementOf, scoreAgainstRegion } from './reference';
import { Engine } from './engine';
import { rasteriseRegion, type ReferenceRegion } from '../shared/region';

// A 4x4 image scored with 4x4 maps over the whole image; the region is the square (1,1)-(3,3), i.e. the
// cells (1,1), (2,1), (1,2), (2,2) (checked in shared/region.test.ts): 4 of 16 cells.
const square: ReferenceRegion = { imageWidth: 4, imageHeight: 4, shapes: [{ kind: 'polygon', points: [1, 1, 3, 1, 3, 3, 1, 3] }], source: 'drawn' };
const whole = { x: 0, y: 0, w: 4, h: 4 };
function map(cells: Record<string, number>): Float32Array {
  const v = new Float32Array(16);
  for (const [k, x] of Object.entries(cells)) {
    const [i, j] = k.split(',').map(Number);
    v[j * 4 + i] = x;
  }
  return v;
}
const m = (id: string, values: Float32Array) => ({ id, values, width: 4, height: 4 });

describe('scoring maps against a drawn region', () => {
  it('a map whose maximum is inside the drawn square hits; outside it misses', () => {
    const r = scoreAgainstRegion([m('in', map({ '2,2': 5, '0,0': 1 })), m('out', map({ '0,0': 5, '2,2': 1 }))], square, whole);
    expect(r.regionCells).toBe(4);
    expect(r.gridCells).toBe(16);
    const [inside, outside] = r.scores;
    expect(inside.hit).toBe(true);
    expect(outside.hit).toBe(false);
    expect(inside.checks.find((c) => c.id === 'pointing')).toMatchObject({ value: 1, of: 1, status: 'ok' });
    expect(outside.checks.find((c) => c.id === 'pointing')).toMatchObject({ value: 0, of: 1, status: 'fail' });
  });

  it('energy-based pointing: positive mass inside over all positive mass (by hand)', () => {
    // inside: 2 + 1 = 3; outside: 1 (the -5 counts as 0); total 4 -> 0.75; the region is 4/16 = 0.25 of the grid
    const a = scoreAgainstRegion([m('a', map({ '1,1': 2, '2,2': 1, '0,0': 1, '3,3': -5 }))], square, whole).scores[0];
    expect(a.proportion).toBeCloseTo(0.75, 6);
    expect(a.areaShare).toBeCloseTo(0.25, 12);
    expect(a.checks.find((c) => c.id === 'energy-pointing')).toMatchObject({ format: 'percent', status: 'ok' });
    // inside 1 of 1 + 1 + 2 = 4 -> 0.25: no better than the region's share of the image: fails
    const b = scoreAgainstRegion([m('b', map({ '1,2': 1, '0,0': 1, '3,0': 2 }))], square, whole).scores[0];
    expect(b.proportion).toBeCloseTo(0.25, 6);
    expect(b.checks.find((c) => c.id === 'energy-pointing')?.status).toBe('fail');
    // inside 2 of 2 + 3 = 5 -> 0.4: above 0.25 but below a half: weak
    const c = scoreAgainstRegion([m('c', map({ '2,1': 2, '3,3': 3 }))], square, whole).scores[0];
    expect(c.proportion).toBeCloseTo(0.4, 6);
    expect(c.checks.find((x) => x.id === 'energy-pointing')?.status).toBe('warn');
  });

  it('a flat map (all zeros, all equal, all equal and negative) has no figure and no badge, instead of hitting everywhere', () => {
    for (const v of [0, 0.3, -2]) {
      const r = scoreAgainstRegion([m('flat', new Float32Array(16).fill(v))], square, whole).scores[0];
      expect(r.hit).toBeNull();
      expect(Number.isNaN(r.proportion)).toBe(true);
      expect(r.areaShare).toBe(4 / 16); // the 2x2 square of the 4x4 grid
      expect(r.checks.map((c) => c.id)).toEqual(['pointing', 'energy-pointing']);
      for (const c of r.checks) {
        expect(c.status).toBeUndefined();
        expect(c.detail).toMatch(/^No figure: the map is flat \(every value the same\)/);
      }
    }
  });

  it('a map with no positive value still has a strongest point, but no energy figure', () => {
    // all negative; the least negative (-0.5) at cell (2,1), inside the square
    const v = new Float32Array(16).fill(-3);
    v[1 * 4 + 2] = -0.5;
    const r = scoreAgainstRegion([m('neg', v)], square, whole).scores[0];
    expect(r.hit).toBe(true);
    expect(r.checks[0]).toMatchObject({ id: 'pointing', status: 'ok' });
    expect(Number.isNaN(r.proportion)).toBe(true);
    expect(r.checks[1].id).toBe('energy-pointing');
    expect(r.checks[1].status).toBeUndefined();
    expect(r.checks[1].detail).toMatch(/^No figure: the map has no positive value/);
  });

  it('the region is laid over the crop box the model sees', () => {
    // 8x4 image, centre crop x in [2, 6): a region on the image's left quarter is outside what the model sees
    const left: ReferenceRegion = { imageWidth: 8, imageHeight: 4, shapes: [{ kind: 'polygon', points: [0, 0, 2, 0, 2, 4, 0, 4] }], source: 'drawn' };
    const crop = { x: 2, y: 0, w: 4, h: 4 };
    expect(scoreAgainstRegion([m('a', map({ '0,0': 1 }))], left, crop)).toEqual({ regionCells: 0, gridCells: 16, scores: [] });
    // a region over x in [2, 3] covers the crop's first column of the 4x4 grid (centres x = 2.5, 3.5, …)
    const first: ReferenceRegion = { ...left, shapes: [{ kind: 'polygon', points: [2, 0, 3, 0, 3, 4, 2, 4] }] };
    const r = scoreAgainstRegion([m('a', map({ '0,3': 1 })), m('b', map({ '1,3': 1 }))], first, crop);
    expect(r.regionCells).toBe(4);
    expect(r.scores.map((s) => s.hit)).toEqual([true, false]);
  });

  it('refuses a map that does not fill its grid', () => {
    expect(() => scoreAgainstRegion([{ id: 'x', values: new Float32Array(5), width: 4, height: 4 }], square, whole)).toThrow(/5 values/);
  });
});

describe('agreement between compared maps', () => {
  const a = new Float32Array([1, 2, 3, 4]);
  const b = new Float32Array([4, 3, 2, 1]);
  const c = new Float32Array([1, 2, 4, 3]);
  it('is symmetric with 1 on the diagonal, and matches hand-computed values', () => {
    const r = agreementOf([{ name: 'A', values: a }, { name: 'B', values: b }, { name: 'C', values: c }], 0.5);
    expect(r.names).toEqual(['A', 'B', 'C']);
    for (let i = 0; i < 3; i++) {
      expect(r.spearman[i][i]).toBe(1);
      expect(r.iou[i][i]).toBe(1);
      for (let j = 0; j < 3; j++) {
        expect(r.spearman[i][j]).toBe(r.spearman[j][i]);
        expect(r.iou[i][j]).toBe(r.iou[j][i]);
      }
    }
    // A and B rank in opposite orders: ρ = -1; their top halves {2,3} and {0,1} share nothing
    expect(r.spearman[0][1]).toBeCloseTo(-1, 12);
    expect(r.iou[0][1]).toBe(0);
    // A and C: ranks differ by 1 at two places, ρ = 1 - 6·2/(4·15) = 0.8; top halves both {2,3}
    expect(r.spearman[0][2]).toBeCloseTo(0.8, 12);
    expect(r.iou[0][2]).toBe(1);
    // top 25% (one pixel): A picks pixel 3, C pixel 2
    expect(agreementOf([{ name: 'A', values: a }, { name: 'C', values: c }], 0.25).iou[0][1]).toBe(0);
  });
  it('refuses a top fraction outside (0, 1]', () => {
    expect(() => agreementOf([{ name: 'A', values: a }], 0)).toThrow(/\(0, 1\]/);
    expect(() => agreementOf([{ name: 'A', values: a }], 1.5)).toThrow(/\(0, 1\]/);
  });
});

describe('synthetic ground truth of the demo images', () => {
  it('each lesion or cyst image carries a region covering what the generator drew; normal images none', () => {
    const infos = new Engine().demoImages(1); // normal, lesion, cyst (no model needed: pure drawing)
    expect(infos.map((i) => i.trueLabel)).toEqual(['normal', 'lesion', 'cyst']);
    expect(infos[0].groundTruth).toBeUndefined();
    for (const info of infos.slice(1)) {
      const gt = info.groundTruth!;
      expect(gt.source).toBe('ground-truth');
      expect([gt.imageWidth, gt.imageHeight]).toEqual([info.width, info.height]);
      // Read the picture itself (the preview is the full 192 px image): the region must be where it looks
      // different. Lesion: bright yellow-white (high green); cyst: dark. Compare inside and outside the region.
      const px = info.preview;
      expect(px.width).toBe(info.width);
      const inside = rasteriseRegion(gt, px.width, px.height);
      const mean = (sel: (k: number) => boolean, ch: (o: number) => number) => {
        let s = 0;
        let n = 0;
        for (let k = 0; k < inside.length; k++) {
          if (!sel(k)) continue;
          s += ch(k * 4);
          n++;
        }
        return s / n;
      };
      const green = (o: number) => px.data[o + 1];
      const lum = (o: number) => (px.data[o] + px.data[o + 1] + px.data[o + 2]) / 3;
      const share = inside.reduce((s, v) => s + v, 0) / inside.length;
      expect(share).toBeGreaterThan(0.01);
      expect(share).toBeLessThan(0.3);
      if (info.trueLabel === 'lesion') {
        expect(mean((k) => inside[k] === 1, green) - mean((k) => inside[k] === 0, green)).toBeGreaterThan(30);
        // every strongly lesion-coloured pixel (green > 200 and blue well below red) lies in the region
        let lesionPx = 0;
        let covered = 0;
        for (let k = 0; k < inside.length; k++) {
          const o = k * 4;
          if (px.data[o + 1] > 200 && px.data[o + 2] < px.data[o] - 40) {
            lesionPx++;
            covered += inside[k];
          }
        }
        expect(lesionPx).toBeGreaterThan(20);
        expect(covered / lesionPx).toBeGreaterThan(0.95);
      } else {
        expect(mean((k) => inside[k] === 0, lum) - mean((k) => inside[k] === 1, lum)).toBeGreaterThan(50);
      }
      // On the demo model's 64x64 grid the region keeps about the same share of the image.
      const small = rasteriseRegion(gt, 64, 64);
      expect(Math.abs(small.reduce((s, v) => s + v, 0) / small.length - share)).toBeLessThan(0.02);
    }
  });
});
