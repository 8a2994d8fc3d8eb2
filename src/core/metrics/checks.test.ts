import { describe, expect, it } from 'vitest';
import { curveCheck, energyPointingCheck, flatCurveCheck, flatEnergyPointingCheck, flatPointingCheck, pointingCheck, randomisationCheck, stabilityCheck } from './checks';
import { energyPointing } from './agreement';
import type { CurveResult } from './deletion';
import type { RandomisationResult } from './randomisation';

const fr = [0, 0.2, 0.4, 0.6, 0.8, 1];
function curve(mode: 'deletion' | 'insertion', map: number[], random: number[] | null, score: 'probability' | 'logit' = 'probability'): CurveResult {
  const auc = (s: number[]) => s.reduce((a, v, i) => (i ? a + 0.2 * (v + s[i - 1]) / 2 : a), 0);
  return {
    mode,
    score,
    curve: { fractions: fr, scores: map, auc: auc(map) },
    random: random ? { fractions: fr, scores: random, auc: auc(random) } : null,
    randomAucs: random ? [auc(random)] : [],
    evaluations: { done: 12, total: 12 },
    cancelled: false,
  };
}

describe('deletion / insertion checks', () => {
  it('states the score after the top 10% (interpolated half way to 0.2) and badges good when well below random', () => {
    // map: 0.99 -> 0.19 at f = 0.2, so 0.59 at f = 0.1; random: 0.99 -> 0.79, so 0.89 at f = 0.1
    const c = curveCheck(curve('deletion', [0.99, 0.19, 0.1, 0.05, 0.02, 0.01], [0.99, 0.79, 0.6, 0.4, 0.2, 0.01]));
    expect(c.status).toBe('ok');
    expect(c.detail).toMatch(/^Removing the 10% most important pixels drops the probability from 0\.99 to 0\.59; a random order drops it to 0\.89/);
    expect(c.id).toBe('deletion-auc');
  });
  it('weak when better than random by less than 0.05 AUC, fails when not better', () => {
    // random AUC − map AUC = 0.2·0.1/2 = 0.01 (one point lower by 0.1)
    expect(curveCheck(curve('deletion', [1, 0.5, 0.5, 0.5, 0.5, 0], [1, 0.6, 0.5, 0.5, 0.5, 0])).status).toBe('warn');
    expect(curveCheck(curve('deletion', [1, 0.7, 0.5, 0.5, 0.5, 0], [1, 0.6, 0.5, 0.5, 0.5, 0])).status).toBe('fail');
    expect(curveCheck(curve('insertion', [0, 0.9, 1, 1, 1, 1], [0, 0.2, 0.4, 0.6, 0.8, 1])).status).toBe('ok');
    expect(curveCheck(curve('insertion', [0, 0.9, 1, 1, 1, 1], null)).status).toBeUndefined();
  });
  it('on the logit, judges the margin against the range between the curve’s ends (5% of it), not 0.05 of AUC', () => {
    // Logits 12 -> 2: span 10. Map AUC = 0.2·(12+2)/2 + 0.8·2 = 3.0; random lower by 0.2·0.1... built by hand:
    // map [12, 2, 2, 2, 2, 2] AUC 3.0; random [12, 4, 2, 2, 2, 2] AUC 3.2: margin 0.2 = 2% of 10 -> weak
    // (0.2 of AUC would be "good" under the probability rule).
    const weak = curveCheck(curve('deletion', [12, 2, 2, 2, 2, 2], [12, 4, 2, 2, 2, 2], 'logit'));
    expect(weak.status).toBe('warn');
    expect(weak.detail).toMatch(/drops the logit from 12\.00 to 7\.00/);
    // random [12, 10, 6, 2, 2, 2] AUC = 0.2·(11 + 8 + 4 + 2 + 2) = 5.4: margin 2.4 = 24% of 10 -> good
    expect(curveCheck(curve('deletion', [12, 2, 2, 2, 2, 2], [12, 10, 6, 2, 2, 2], 'logit')).status).toBe('ok');
    // the same numbers read as probabilities would be judged on 0.05 of AUC
    expect(curveCheck(curve('deletion', [12, 2, 2, 2, 2, 2], [12, 4, 2, 2, 2, 2], 'probability')).status).toBe('ok');
  });
  it('holds scores between the curve’s two ends: a random insertion order overshooting the image’s logit is no evidence against the map', () => {
    // Logits from -6 (baseline) to 5.85 (image). The map gets there at once; the random order passes through
    // partly hidden images that score 12. Raw areas (trapezoid, steps of 0.2): map 4.485, random
    // 0.2·(-4.5 + 4.5 + 12 + 11 + 7.925) = 6.185, so the raw comparison failed the map. Held in [-6, 5.85]:
    // random 0.2·(-4.5 + 1.425 + 5.85 + 5.85 + 5.85) = 2.895; margin 1.59 = 13% of 11.85 -> good.
    const map = [-6, 5, 5.8, 5.85, 5.85, 5.85];
    const random = [-6, -3, 12, 12, 10, 5.85];
    const c = curveCheck(curve('insertion', map, random, 'logit'));
    expect(c.status).toBe('ok');
    expect(c.value).toBeCloseTo(4.485, 10);
    expect(c.detail).toMatch(/AUC 4\.4[89] against 2\.(89|90)/);
    expect(c.detail).toMatch(/scores past those two ends count as the ends/);
    // a random order that stays inside the band changes nothing (AUC 0.2·(-4.5 - 1.5 + 1 + 3 + 4.925) = 0.585)
    const inside = curveCheck(curve('insertion', map, [-6, -3, 0, 2, 4, 5.85], 'logit'));
    expect(inside.detail).toMatch(/AUC 4\.4[89] against 0\.5[89]/);
  });
  it('says which way the random order moved the score, not the map’s way', () => {
    // deletion: the map drops 5.92 -> -5.79 at 10%; the random order rises to 9.94 (half way to [.., 13.96])
    const c = curveCheck(curve('deletion', [5.92, -5.79, -5.79, -5.79, -5.79, -5.79], [5.92, 13.96, 8, 4, 0, -5.79], 'logit'));
    expect(c.detail).toMatch(/drops the logit from 5\.92 to 0\.0[67]; a random order moves it to 9\.94/);
  });
  it('says when the run was stopped', () => {
    const r = curve('deletion', [1, NaN, NaN, NaN, NaN, NaN], null);
    expect(curveCheck(r).status).toBe('warn');
    expect(curveCheck(r).detail).toMatch(/stopped/);
  });
});

describe('randomisation, stability, pointing checks', () => {
  const steps = (rhos: number[]): RandomisationResult => ({
    steps: rhos.map((r, i) => ({ layer: `L${i}`, spearman: r, ssim: r, perRepeat: [], flat: 0 })),
    layers: rhos.map((_, i) => `L${i}`),
    cancelled: false,
  });
  it('fails a map that does not change, weak when it keeps ρ ≥ 0.5 at the end, good otherwise', () => {
    const fail = randomisationCheck(steps([1, 0.95, 0.92]));
    expect(fail.status).toBe('fail');
    expect(fail.detail).toMatch(/not what the model learned|shows the image/);
    expect(randomisationCheck(steps([0.3, 0.95, 0.6])).status).toBe('warn');
    expect(randomisationCheck(steps([0.3, 0.1, 0.05])).status).toBe('ok');
  });
  it('stability thresholds 0.8 and 0.5', () => {
    expect(stabilityCheck(0.85, [0, 1]).status).toBe('ok');
    expect(stabilityCheck(0.6, [0, 1]).status).toBe('warn');
    expect(stabilityCheck(0.2, [0, 1]).status).toBe('fail');
  });
  it('energy pointing against half and the area share; pointing hits', () => {
    expect(energyPointingCheck({ proportion: 0.6, areaShare: 0.1 }).status).toBe('ok');
    expect(energyPointingCheck({ proportion: 0.3, areaShare: 0.1 }).status).toBe('warn');
    expect(energyPointingCheck({ proportion: 0.05, areaShare: 0.1 }).status).toBe('fail');
    expect(energyPointingCheck({ proportion: 0.6, areaShare: 0.1 }).detail).toMatch(/^60% of the map’s mass lies in the region, which covers 10%/);
    expect(pointingCheck(1, 1).status).toBe('ok');
    expect(pointingCheck(0, 1).status).toBe('fail');
  });
});

describe('figures a flat or empty map cannot give: no figure, no badge, never NaN on screen', () => {
  const FLAT = /^No figure: the map is flat \(every value the same\)/;
  const readsClean = (c: ReturnType<typeof flatCurveCheck>) => {
    expect(Number.isNaN(c.value)).toBe(true); // no number (the UI shows "no figure"; ui/resultText.test.ts)
    expect(c.detail).not.toMatch(/NaN/);
  };
  it('deletion and insertion of a flat map: no status, the sentence says why', () => {
    for (const mode of ['deletion', 'insertion'] as const) {
      const c = flatCurveCheck(mode);
      expect(c.id).toBe(`${mode}-auc`);
      expect(c.status).toBeUndefined();
      expect(c.detail).toMatch(FLAT);
      readsClean(c);
    }
  });
  it('pointing game of a flat map: no status (the rule knows only good or fails)', () => {
    const c = flatPointingCheck();
    expect(c).toMatchObject({ id: 'pointing', of: 1, format: 'count' });
    expect(c.status).toBeUndefined();
    expect(c.detail).toMatch(FLAT);
    readsClean(c);
  });
  it('energy pointing of an all-zero and an all-negative map (no positive mass): no status, no NaN%', () => {
    const mask = [1, 1, 0, 0, 0, 0, 0, 0]; // the region: 2 of 8 cells
    for (const map of [new Array(8).fill(0), [-1, -2, -0.5, -3, -1, -1, -4, -0.1]]) {
      const e = energyPointing(map, mask);
      expect(e.areaShare).toBe(0.25);
      const c = energyPointingCheck(e);
      expect(c.id).toBe('energy-pointing');
      expect(c.status).toBeUndefined();
      expect(c.detail).toMatch(/^No figure: the map has no positive value/);
      readsClean(c);
    }
    const flat = flatEnergyPointingCheck();
    expect(flat.status).toBeUndefined();
    expect(flat.detail).toMatch(FLAT);
    readsClean(flat);
  });
  it('stability when one of the maps is flat (ρ undefined): no status instead of "fails"', () => {
    const c = stabilityCheck(NaN, [0, 1]);
    expect(c.status).toBeUndefined();
    expect(c.detail).toMatch(/^No figure: one of the two maps is flat/);
    readsClean(c);
  });
});
