import { afterEach, describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../data/rng';
import { setLanguage } from '../../shared/i18n';
import { lookSchedule, normalCdf, normalQuantile, stableZ, stoppingCheck, topKSettled } from './stopping';

// Reference values from Python's statistics.NormalDist (inv_cdf, cdf), computed by hand once.
describe('the normal distribution', () => {
  it('quantiles and CDF agree with published values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599639845400536, 7);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 7);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.9599639845400536, 7);
    expect(normalCdf(1.5)).toBeCloseTo(0.9331927987311419, 6);
    expect(normalCdf(-2.2)).toBeCloseTo(0.01390344751349859, 6);
    expect(normalCdf(Infinity)).toBe(1);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it('z of the rule: Bonferroni over k = 5 members, 9 negligibility tests and 9 looks at 95%, Φ⁻¹(1 − 0.05/126)', () => {
    expect(stableZ(5, 9, 9)).toBeCloseTo(3.354999669391587, 6);
    expect(stableZ(1, 9, 9)).toBeCloseTo(3.260767488420533, 6);
  });
});

describe('topKSettled', () => {
  const z = 3.354999669391587; // stableZ(5, 9 regions, 9 looks)
  it('with equal standard errors, stops exactly when rank k and k+1 are z·√2·se apart', () => {
    const se = 0.1;
    const threshold = z * Math.SQRT2 * se; // 0.47447
    const values = (gap: number) => [5, 4, 3, 2, 1, 1 - gap, 0.2, 0.1, -1];
    const ses = new Array(9).fill(se);
    expect(topKSettled(values(threshold + 1e-6), ses, 5).settled).toBe(true);
    expect(topKSettled(values(threshold - 1e-6), ses, 5).settled).toBe(false);
    const v = topKSettled(values(0.45), ses, 5);
    expect(v.top).toEqual([0, 1, 2, 3, 4]);
    expect(v.separation).toBeCloseTo(0.45 / (Math.SQRT2 * se), 9);
    // Bonferroni confidence: 1 − 126 (1 − Φ(3.18198)) = 0.90785 (NormalDist).
    expect(v.confidence).toBeCloseTo(0.907849, 4);
  });

  it('shrinking standard errors (se = 1/√n, gap 0.5): the first n that settles is 89 = ceil(2 z² / 0.25), z = 3.33444', () => {
    const values = [3, 2.5, 2, 1.5, 1, 0.5, 0, -0.5];
    let first = -1;
    for (let n = 1; n <= 200 && first < 0; n++) if (topKSettled(values, new Array(8).fill(1 / Math.sqrt(n)), 5).settled) first = n;
    expect(first).toBe(89);
  });

  it('a tie at the boundary never settles, however small the errors; an exact tie neither', () => {
    const values = [4, 3, 2, 1, 0.5, 0.5, 0];
    for (const se of [1, 1e-3, 1e-9]) expect(topKSettled(values, new Array(7).fill(se), 5).settled).toBe(false);
    const exact = topKSettled(values, new Array(7).fill(0), 5);
    expect(exact.settled).toBe(false);
    expect(exact.separation).toBe(0);
    expect(exact.confidence).toBe(0);
    // Without the tie and with exact values (se 0): certain.
    const sure = topKSettled([4, 3, 2, 1, 0.6, 0.5, 0], new Array(7).fill(0), 5);
    expect(sure).toMatchObject({ settled: true, confidence: 1, separation: Infinity });
  });

  it('negligible regions (below 1% of the largest |value|) may swap; with the zone off they block', () => {
    const values = [1, 0.004, 0.003, 0.002, 0.001, 0.0005, 0, -0.001];
    const ses = new Array(8).fill(0.001);
    expect(topKSettled(values, ses, 5).settled).toBe(true);
    expect(topKSettled(values, ses, 5, 9, 0.95, 0).settled).toBe(false);
    // Not confidently negligible (se too large for the 0.01 zone): blocks.
    expect(topKSettled(values, new Array(8).fill(0.004), 5).settled).toBe(false);
  });

  it('an outsider with a large error blocks the verdict even when the runner-up is well separated', () => {
    // Top 1 = region 0; region 1 is 1 below with se 0.1 (t = 7.07), region 2 is 10 below with se 10 (t = 0.99995).
    const v = topKSettled([10, 9, 0], [0.1, 0.1, 10], 1);
    expect(v.separation).toBeCloseTo(0.9999500037496876, 9);
    expect(v.settled).toBe(false);
  });

  it('no boundary (k >= regions) or an unknown error: never settled', () => {
    expect(topKSettled([1, 2, 3], [0, 0, 0], 5).settled).toBe(false);
    expect(topKSettled([3, 2, 1], [0.01, NaN, 0.01], 1).settled).toBe(false);
    expect(() => topKSettled([1, 2], [1], 1)).toThrow(RangeError);
  });

  it('sequentially over 9 looks, wrong stops stay under 5% when rank 5 and 6 differ little (Monte Carlo)', () => {
    // True values: five at 1, the sixth at 0.97, four at 0; each look sees the running mean of n unit-variance
    // draws per region (se = 1/√n), looks at n = 100..900.
    const truth = [1, 1, 1, 1, 1, 0.97, 0, 0, 0, 0];
    const rng = mulberry32(7);
    let wrong = 0;
    let stops = 0;
    const reps = 250;
    for (let r = 0; r < reps; r++) {
      const sum = new Float64Array(truth.length);
      let n = 0;
      for (let look = 1; look <= 9; look++) {
        for (; n < look * 100; n++) for (let i = 0; i < truth.length; i++) sum[i] += truth[i] + gaussian(rng);
        const v = topKSettled(Array.from(sum, (s) => s / n), new Array(truth.length).fill(1 / Math.sqrt(n)), 5, 9);
        if (v.settled) {
          stops++;
          if ([...v.top].sort((a, b) => a - b).join() !== '0,1,2,3,4') wrong++;
          break;
        }
      }
    }
    expect(wrong / reps).toBeLessThanOrEqual(0.05);
    // The near-tie keeps some runs going to the budget: the rule does not stop on noise.
    expect(stops).toBeLessThan(reps);
  });
});

describe('lookSchedule', () => {
  it('looks after each 10% of the budget, dropping those below the minimum', () => {
    expect(lookSchedule(1000)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(lookSchedule(1000, 153)).toEqual([200, 300, 400, 500, 600, 700, 800, 900]);
    expect(lookSchedule(15)).toEqual([2, 3, 5, 6, 8, 9, 11, 12, 14]);
    expect(lookSchedule(5)).toEqual([1, 2, 3, 4]);
    expect(lookSchedule(1000, 2000)).toEqual([]);
  });
});

describe('stoppingCheck', () => {
  afterEach(() => setLanguage('en'));
  it('says where it stopped, the budget it replaced and the confidence, in English and Chinese', () => {
    const rec = { budget: 'stable' as const, fixedBudget: 1000, used: 430, k: 5, required: 0.95, confidence: 0.9731, stoppedEarly: true };
    const c = stoppingCheck(rec, 'perturbed copies', 'regions');
    expect(c).toMatchObject({ id: 'top-settled', value: 0.9731, format: 'percent', status: 'ok', label: 'Top 5 regions settled (confidence)' });
    expect(c.detail).toMatch(/^Stopped at 430 of 1000 perturbed copies: the top 5 regions were settled at 95% confidence\./);
    const full = stoppingCheck({ ...rec, used: 1000, confidence: 0.41, stoppedEarly: false }, 'perturbed copies', 'regions');
    expect(full.status).toBe('warn');
    expect(full.detail).toMatch(/whole budget of 1000 perturbed copies.*did not settle at 95% \(reached 41%\)/);
    const fixed = stoppingCheck({ ...rec, budget: 'fixed', used: 1000, confidence: 0.999, stoppedEarly: false }, 'masked copies', 'cells');
    expect(fixed.detail).toMatch(/^Fixed budget of 1000 masked copies; the top 5 cells of the map are settled at 99% confidence/);
    setLanguage('zh');
    const zh = stoppingCheck(rec, '扰动副本', 'regions');
    expect(zh.label).toBe('前 5 个区域已稳定（置信度）');
    expect(zh.detail).toMatch(/^在 1000 个扰动副本中用了 430 个即停止/);
  });
});
