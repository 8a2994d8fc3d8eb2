import { describe, expect, it } from 'vitest';
import { agreementMatrix, energyPointing, pointingHit, seedStability } from './agreement';

describe('pointing game', () => {
  const mask = [0, 1, 1, 0]; // pixels 1 and 2 are the region
  it('is a hit when the maximum lies inside the region, a miss otherwise', () => {
    expect(pointingHit([0.1, 0.9, 0.2, 0.3], mask)).toBe(true);
    expect(pointingHit([0.9, 0.1, 0.2, 0.3], mask)).toBe(false);
    // tied maxima at 0 and 2: one of them is inside
    expect(pointingHit([0.9, 0.1, 0.9, 0.3], mask)).toBe(true);
  });
  it('refuses an empty region or a size mismatch', () => {
    expect(() => pointingHit([1, 2, 3, 4], [0, 0, 0, 0])).toThrow(/empty/);
    expect(() => pointingHit([1, 2, 3], mask)).toThrow(/3 values/);
  });
});

describe('energy-based pointing game', () => {
  it('is the positive mass inside over the positive mass in all (hand computed)', () => {
    // positive parts: [0, 3, 1, 4] (the -2 counts as 0); inside = 3 + 1 = 4; total 8 -> 0.5
    expect(energyPointing([-2, 3, 1, 4], [0, 1, 1, 0])).toEqual({ proportion: 0.5, areaShare: 0.5 });
    // a 3×3 map with its mass in the centre column: region = the centre pixel, 2 of (1 + 2 + 1 + 0·6) = 0.5
    const r = energyPointing([0, 1, 0, 0, 2, 0, 0, 1, 0], [0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(r.proportion).toBeCloseTo(0.5, 12);
    expect(r.areaShare).toBeCloseTo(1 / 9, 12);
    expect(energyPointing([-1, -1, 0, 0], [1, 0, 0, 0]).proportion).toBeNaN();
  });
});

describe('stability and agreement', () => {
  it('seed stability is Spearman ρ of the two maps (hand computed, no ties: 0.8)', () => {
    // ranks [1..5] vs [2, 1, 4, 3, 5]: Σd² = 4, ρ = 1 − 6·4/(5·24) = 0.8
    expect(seedStability([1, 2, 3, 4, 5], [0.2, 0.1, 0.4, 0.3, 0.5])).toBeCloseTo(0.8, 12);
  });

  it('builds symmetric matrices of ρ and top-k% IoU', () => {
    const m = agreementMatrix(
      [
        { name: 'A', values: [4, 3, 2, 1] },
        { name: 'B', values: [4, 1, 3, 2] },
        { name: 'C', values: [1, 2, 3, 4] },
      ],
      0.5,
    );
    expect(m.names).toEqual(['A', 'B', 'C']);
    expect(m.spearman[0][2]).toBeCloseTo(-1, 12);
    // A ranks [4, 3, 2, 1], B ranks [4, 1, 3, 2]: d = [0, 2, -1, -1], Σd² = 6, ρ = 1 − 36/60 = 0.4
    expect(m.spearman[0][1]).toBeCloseTo(0.4, 12);
    expect(m.spearman[1][0]).toBe(m.spearman[0][1]);
    // top halves: A {0, 1}, B {0, 2}, C {2, 3}: A∩B 1 of 3, A∩C 0, B∩C 1 of 3
    expect(m.iou[0][1]).toBeCloseTo(1 / 3, 12);
    expect(m.iou[0][2]).toBe(0);
    expect(m.iou[1][2]).toBeCloseTo(1 / 3, 12);
    expect(m.iou[2][2]).toBe(1);
    expect(() => agreementMatrix([{ name: 'A', values: [1, 2] }, { name: 'B', values: [1] }])).toThrow(/"A" and "B"/);
  });
});
