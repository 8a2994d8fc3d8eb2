import { describe, expect, it } from 'vitest';
import { rankSegments, topRegions } from './segmentMath';

describe('superpixel ranking', () => {
  it('sorts by magnitude and sums the rest into one row, so totals are preserved', () => {
    const values = [0.1, -0.5, 0.3, 0.05, -0.02, 0.2];
    const { rows, rest } = rankSegments(values, 3);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 5]);
    expect(rest.count).toBe(3);
    const total = rows.reduce((s, r) => s + r.value, 0) + rest.sum;
    expect(total).toBeCloseTo(values.reduce((a, b) => a + b, 0), 12);
  });

  it('picks the k strongest positive regions, and negative ones only on request', () => {
    const values = [0.1, -0.5, 0.3, 0.05, -0.02, 0.2];
    expect([...topRegions(values, 2, false).pos]).toEqual([2, 5]);
    expect(topRegions(values, 2, false).neg.size).toBe(0);
    expect([...topRegions(values, 2, true).neg]).toEqual([1, 4]);
    expect([...topRegions(values, 10, false).pos].sort()).toEqual([0, 2, 3, 5]);
  });
});
