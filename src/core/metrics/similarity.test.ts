import { describe, expect, it } from 'vitest';
import { averageRanks, iou, minMaxScale, spearman, ssim, topFractionIoU, topFractionMask } from './similarity';

describe('averageRanks', () => {
  it('gives tied values the average of the ranks they span', () => {
    // sorted: 10 (rank 1), 20, 20 (ranks 2 and 3 -> 2.5 each), 30 (rank 4)
    expect(Array.from(averageRanks([20, 10, 30, 20]))).toEqual([2.5, 1, 4, 2.5]);
    // three-way tie at the bottom: ranks 1, 2, 3 -> 2
    expect(Array.from(averageRanks([5, 5, 9, 5]))).toEqual([2, 2, 4, 2]);
  });
});

describe('spearman', () => {
  it('matches 1 - 6 Σd² / (n(n² - 1)) when there are no ties', () => {
    // ranks of b: [2, 1, 4, 3, 5]; d = [-1, 1, -1, 1, 0]; Σd² = 4; 1 - 24/120 = 0.8
    expect(spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50])).toBeCloseTo(0.8, 12);
  });

  it('uses average ranks with ties (hand computed: 3/√10)', () => {
    // ranks a = [1, 2.5, 2.5, 4], ranks b = [1, 3, 2, 4]; both means 2.5
    // Σ da·db = 2.25 + 0 + 0 + 2.25 = 4.5; Σ da² = 4.5; Σ db² = 5  ->  4.5 / √22.5 = 3/√10
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(3 / Math.sqrt(10), 12);
  });

  it('is 1 for any increasing transform, -1 for a reversed order, NaN for a flat map', () => {
    const a = [0.1, 5, 3, 2, 8, 7];
    expect(spearman(a, a.map((v) => Math.exp(v) * 10 - 4))).toBeCloseTo(1, 12);
    expect(spearman(a, a.map((v) => -v))).toBeCloseTo(-1, 12);
    expect(spearman(a, [2, 2, 2, 2, 2, 2])).toBeNaN();
  });

  it('refuses maps of different sizes and non-finite values', () => {
    expect(() => spearman([1, 2], [1, 2, 3])).toThrow(/2 and 3/);
    expect(() => spearman([1, NaN], [1, 2])).toThrow(/finite/);
  });
});

describe('ssim', () => {
  it('is 1 for the same map and, after scaling to [0, 1], for any positive affine copy', () => {
    const a = Array.from({ length: 12 * 9 }, (_, i) => Math.sin(i * 0.7) + (i % 5));
    expect(ssim(a, a, 12, 9)).toBeCloseTo(1, 12);
    expect(ssim(a, a.map((v) => 3 * v + 2), 12, 9)).toBeCloseTo(1, 12);
  });

  it('matches the formula worked by hand on one 7×7 window (flat map against a checkerboard)', () => {
    // x = 0.5 everywhere: μx = 0.5, σx² = 0, σxy = 0.
    // y = checkerboard with 25 ones and 24 zeros: μy = 25/49,
    //   σy² = (1/48)(25·(24/49)² + 24·(25/49)²) = (1/48)(600/49) = 12.5/49.
    const x = new Array(49).fill(0.5);
    const y = Array.from({ length: 49 }, (_, i) => ((Math.floor(i / 7) + (i % 7)) % 2 === 0 ? 1 : 0));
    const C1 = 1e-4;
    const C2 = 9e-4;
    const muY = 25 / 49;
    const varY = 12.5 / 49;
    const expected = ((2 * 0.5 * muY + C1) * C2) / ((0.25 + muY * muY + C1) * (varY + C2));
    expect(ssim(x, y, 7, 7, { normalise: false })).toBeCloseTo(expected, 12);
  });

  it('averages over every window inside the map (two windows on a 8×7 map)', () => {
    // Columns 0..6 of x and y are equal (window 1: SSIM 1); window 2 (columns 1..7) is checked against a
    // direct single-window computation of the same formula.
    const W = 8, H = 7;
    const x = Array.from({ length: W * H }, (_, i) => ((i * 37) % 11) / 10);
    const y = x.map((v, i) => (i % W === 7 ? 1 - v : v));
    const crop = (m: number[]) => m.filter((_, i) => i % W >= 1);
    const second = ssim(crop(x), crop(y), 7, 7, { normalise: false });
    expect(ssim(x, y, W, H, { normalise: false })).toBeCloseTo((1 + second) / 2, 12);
    expect(second).toBeLessThan(1);
  });

  it('refuses a size that does not match the arrays', () => {
    expect(() => ssim([1, 2, 3], [1, 2, 3], 2, 2)).toThrow(/2×2/);
  });
});

describe('top-k% IoU', () => {
  it('keeps the ceil(k·n) largest values', () => {
    expect(Array.from(topFractionMask([4, 1, 3, 2], 0.5))).toEqual([1, 0, 1, 0]);
    expect(Array.from(topFractionMask([4, 1, 3, 2], 0.25))).toEqual([1, 0, 0, 0]); // ceil(0.25·4) = 1
    expect(Array.from(topFractionMask([4, 1, 3, 2], 0.3))).toEqual([1, 0, 1, 0]); // ceil(1.2) = 2
  });

  it('is 0 for disjoint top sets and 1/3 for one shared pixel of two', () => {
    expect(topFractionIoU([4, 3, 2, 1], [1, 2, 3, 4], 0.5)).toBe(0);
    // top halves {0, 1} and {0, 2}: intersection 1, union 3
    expect(topFractionIoU([4, 3, 2, 1], [4, 1, 3, 2], 0.5)).toBeCloseTo(1 / 3, 12);
    expect(iou([0, 0], [0, 0])).toBe(1);
  });

  it('scales a map to [0, 1]', () => {
    expect(Array.from(minMaxScale([2, 4, 6]))).toEqual([0, 0.5, 1]);
  });
});
