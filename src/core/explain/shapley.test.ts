import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/rng';
import { exactShapley, kernelShap, type KernelShapProgress } from './shapley';
import { lookSchedule, topKSettled } from './stopping';

type Game = (z: Uint8Array) => number;
const count = (z: Uint8Array, from = 0, to = z.length) => z.slice(from, to).reduce((s, v) => s + v, 0);
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
const batched = (g: Game) => (cs: Uint8Array[]) => Float64Array.from(cs.map(g));

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(tol);
}

/** A random game with main effects, pairwise and three-way interactions, and a nonlinear size term. */
function interactionGame(M: number, seed: number): Game {
  const r = mulberry32(seed);
  const c = Array.from({ length: M }, () => r() * 2 - 1);
  const pairs = Array.from({ length: M }, () => [Math.floor(r() * M), Math.floor(r() * M), r() * 2 - 1]);
  const triples = Array.from({ length: 3 }, () => [Math.floor(r() * M), Math.floor(r() * M), Math.floor(r() * M), r() * 2]);
  return (z) => {
    let v = 0.25;
    let k = 0;
    for (let i = 0; i < M; i++) {
      v += c[i] * z[i];
      k += z[i];
    }
    for (const [i, j, d] of pairs) v += d * z[i] * z[j];
    for (const [i, j, l, d] of triples) v += d * z[i] * z[j] * z[l];
    return v + Math.sin(k / 3);
  };
}

describe('exactShapley', () => {
  it('glove game: one left glove and two right gloves give 2/3, 1/6, 1/6', () => {
    const v = exactShapley(3, (z) => Math.min(z[0], z[1] + z[2]));
    expectClose(v, [2 / 3, 1 / 6, 1 / 6], 1e-12);
  });

  it('simple majority vote: each of three voters gets 1/3; each of five gets 1/5', () => {
    expectClose(exactShapley(3, (z) => (count(z) >= 2 ? 1 : 0)), [1 / 3, 1 / 3, 1 / 3], 1e-12);
    expectClose(exactShapley(5, (z) => (count(z) >= 3 ? 1 : 0)), [0.2, 0.2, 0.2, 0.2, 0.2], 1e-12);
  });

  it('weighted vote [50, 49, 1] with quota 51 gives 2/3, 1/6, 1/6 (Shapley-Shubik)', () => {
    const w = [50, 49, 1];
    expectClose(exactShapley(3, (z) => (w[0] * z[0] + w[1] * z[1] + w[2] * z[2] >= 51 ? 1 : 0)), [2 / 3, 1 / 6, 1 / 6], 1e-12);
  });

  it('a null player gets zero; symmetric players share equally', () => {
    // Players 0 and 1 make 1 together; player 2 changes nothing; player 3 adds 0.5 on its own.
    const v = exactShapley(4, (z) => z[0] * z[1] + 0.5 * z[3]);
    expectClose(v, [0.5, 0.5, 0, 0.5], 1e-12);
  });

  it('additive games give back their coefficients (the constant goes nowhere)', () => {
    for (const M of [1, 2, 7, 12]) {
      const r = mulberry32(M);
      const c = Array.from({ length: M }, () => r() * 10 - 5);
      const v = exactShapley(M, (z) => 3.5 + c.reduce((s, ci, i) => s + ci * z[i], 0));
      expectClose(v, c, 1e-12);
    }
  });

  it('is efficient on random games: the values sum to v(N) - v(empty)', () => {
    for (const M of [3, 8, 13]) {
      const g = interactionGame(M, M);
      const v = exactShapley(M, g);
      expect(Math.abs(sum(v) - (g(new Uint8Array(M).fill(1)) - g(new Uint8Array(M))))).toBeLessThan(1e-12);
    }
  });

  it('refuses more than 20 players with a clear message', () => {
    expect(() => exactShapley(21, () => 0)).toThrow(/at most 20 players/);
    expect(() => exactShapley(2.5, () => 0)).toThrow(/whole number/);
    expect(exactShapley(0, () => 1)).toHaveLength(0);
  });
});

describe('kernelShap', () => {
  it('equals exactShapley when it enumerates every coalition (2^M - 2 <= samples)', async () => {
    for (let M = 1; M <= 11; M++) {
      const g = interactionGame(M, 40 + M);
      const exact = exactShapley(M, g);
      const r = await kernelShap(M, batched(g), { samples: 2 * M + 2048, seed: 3 });
      expect(r.exact).toBe(true);
      expect(r.evaluations).toBe(2 ** M);
      expectClose(r.values, Array.from(exact), 1e-10);
      expect(Array.from(r.stderr).every((s) => s === 0)).toBe(true);
    }
    // Also at exactly the enumeration budget, and on the glove game.
    const glove = await kernelShap(3, batched((z) => Math.min(z[0], z[1] + z[2])), { samples: 6, seed: 1 });
    expectClose(glove.values, [2 / 3, 1 / 6, 1 / 6], 1e-12);
    expect(glove.base).toBe(0);
    expect(glove.full).toBe(1);
  });

  it('12-player game with interactions: sampling error < 0.02 of the value range at 2*12+2048 samples', async () => {
    const M = 12;
    const errors: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const g = interactionGame(M, 100 + seed);
      const exact = exactShapley(M, g);
      const range = Math.max(...exact) - Math.min(...exact);
      const r = await kernelShap(M, batched(g), { samples: 2 * M + 2048, seed });
      expect(r.exact).toBe(false);
      expect(r.evaluations).toBeLessThanOrEqual(2 * M + 2048 + 2);
      let err = 0;
      let z2 = 0;
      for (let i = 0; i < M; i++) {
        err = Math.max(err, Math.abs(r.values[i] - exact[i]));
        z2 += ((r.values[i] - exact[i]) / r.stderr[i]) ** 2;
      }
      errors.push(err / range);
      // The standard errors describe the actual error (RMS of error / stderr near 1).
      expect(Math.sqrt(z2 / M)).toBeLessThan(2.5);
    }
    console.log(`kernelShap 12 players, 2072 samples: max |error| / range per game: ${errors.map((e) => e.toFixed(4)).join(', ')}`);
    expect(Math.max(...errors)).toBeLessThan(0.02);
  });

  it('efficiency holds to 1e-9 always: sampled, tiny budgets, many players', async () => {
    for (const [M, samples, seed] of [[5, 3, 1], [12, 50, 2], [12, 2072, 3], [30, 100, 4], [30, 2108, 5], [60, 2, 6], [60, 500, 7], [2, 0, 8]]) {
      const g = interactionGame(M, seed * 7);
      const r = await kernelShap(M, batched(g), { samples, seed });
      expect(r.base).toBe(g(new Uint8Array(M)));
      expect(r.full).toBe(g(new Uint8Array(M).fill(1)));
      expect(Math.abs(sum(r.values) - (r.full - r.base))).toBeLessThan(1e-9);
      expect(Array.from(r.values).every(Number.isFinite)).toBe(true);
    }
  });

  it('batches the value function, is deterministic for a seed, and differs across seeds', async () => {
    const M = 14;
    const g = interactionGame(M, 9);
    const sizes: number[] = [];
    const value = (cs: Uint8Array[]) => {
      sizes.push(cs.length);
      return Float64Array.from(cs.map(g));
    };
    const a = await kernelShap(M, value, { samples: 500, seed: 42, batchSize: 64 });
    expect(Math.max(...sizes)).toBe(64);
    expect(sum(sizes)).toBe(a.evaluations);
    const b = await kernelShap(M, batched(g), { samples: 500, seed: 42, batchSize: 7 });
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    const c = await kernelShap(M, batched(g), { samples: 500, seed: 43 });
    expect(Array.from(c.values)).not.toEqual(Array.from(a.values));
  });

  it('accepts an async value function', async () => {
    const g = interactionGame(6, 1);
    const r = await kernelShap(6, async (cs) => batched(g)(cs), { samples: 100, seed: 1 });
    expectClose(r.values, Array.from(exactShapley(6, g)), 1e-10);
  });

  it('streams running estimates with standard errors, and the band narrows', async () => {
    const M = 20;
    const g = interactionGame(M, 77);
    const seen: KernelShapProgress[] = [];
    const r = await kernelShap(M, batched(g), { samples: 2 * M + 2048, seed: 1, batchSize: 128, onProgress: (p) => seen.push({ ...p, stderr: p.stderr && Float64Array.from(p.stderr) }) });
    expect(seen.length).toBeGreaterThan(10);
    for (const p of seen) expect(Math.abs(sum(p.values) - (p.full - p.base))).toBeLessThan(1e-9);
    const early = seen.find((p) => p.stderr && p.done > 0.15 * p.total)?.stderr as Float64Array;
    const last = seen[seen.length - 1];
    expect(last.done).toBe(last.total);
    expect(Array.from(last.values)).toEqual(Array.from(r.values));
    expect(sum(r.stderr)).toBeLessThan(sum(early));
  });

  it('cancel returns a partial estimate that still sums to full - base', async () => {
    const M = 16;
    const g = interactionGame(M, 5);
    const signal = { aborted: false };
    let calls = 0;
    const r = await kernelShap(
      M,
      (cs) => {
        if (++calls === 3) signal.aborted = true;
        return batched(g)(cs);
      },
      { samples: 1000, seed: 1, batchSize: 100, signal },
    );
    expect(r.cancelled).toBe(true);
    expect(r.exact).toBe(false);
    expect(r.evaluations).toBe(300);
    expect(Math.abs(sum(r.values) - (r.full - r.base))).toBeLessThan(1e-9);
    // Still a rough estimate of the truth.
    const exact = exactShapley(M, g);
    const range = Math.max(...exact) - Math.min(...exact);
    for (let i = 0; i < M; i++) expect(Math.abs(r.values[i] - exact[i])).toBeLessThan(0.5 * range);
  });

  it('handles 0 and 1 players and rejects bad input', async () => {
    const zero = await kernelShap(0, () => Float64Array.of(2), { samples: 10, seed: 1 });
    expect(zero.values).toHaveLength(0);
    expect(zero.base).toBe(2);
    const one = await kernelShap(1, (cs) => Float64Array.from(cs.map((z) => 1 + 3 * z[0])), { samples: 10, seed: 1 });
    expect(Array.from(one.values)).toEqual([3]);
    await expect(kernelShap(3, () => Float64Array.of(1), { samples: 10, seed: 1 })).rejects.toThrow(/returned 1 values/);
    await expect(kernelShap(3, (cs) => cs.map(() => NaN), { samples: 10, seed: 1 })).rejects.toThrow(/is NaN/);
    await expect(kernelShap(-1, () => [], { samples: 10, seed: 1 })).rejects.toThrow(/whole number/);
  });

  it('until stable: stops at the first look when the values are certain (additive game), at any batch size', async () => {
    const M = 30;
    const coef = Array.from({ length: M }, (_, i) => (i % 7) - 2 + i / 10);
    const game = (cs: Uint8Array[]) => Float64Array.from(cs, (z) => z.reduce((s, on, i) => s + on * coef[i], 0));
    const stop = { schedule: (total: number) => lookSchedule(total, 2 * M), settled: (v: Float64Array, se: Float64Array) => topKSettled(v, se, 5).settled };
    const a = await kernelShap(M, game, { samples: 2 * M + 2048, seed: 3, batchSize: 64, stop });
    const b = await kernelShap(M, game, { samples: 2 * M + 2048, seed: 3, batchSize: 7, stop });
    expect(a.stoppedEarly).toBe(true);
    expect(a.evaluations).toBe(lookSchedule(a.total, 2 * M)[0]);
    expect(a.evaluations).toBeLessThan(a.total);
    expect(b.evaluations).toBe(a.evaluations);
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    for (let i = 0; i < M; i++) expect(a.values[i]).toBeCloseTo(coef[i], 6);
    expect(a.exact).toBe(false);
  });

  it('until stable: a tie at rank 5 and 6 (six symmetric players with interactions) never stops early', async () => {
    const M = 24;
    const game = (cs: Uint8Array[]) =>
      Float64Array.from(cs, (z) => {
        let top = 0;
        for (let i = 0; i < 6; i++) top += z[i];
        let rest = 0;
        for (let i = 6; i < M; i++) rest += z[i] * 0.01 * (i - 5);
        return top * top + rest * top * 0.1 + rest;
      });
    const stop = { schedule: (total: number) => lookSchedule(total, 2 * M), settled: (v: Float64Array, se: Float64Array) => topKSettled(v, se, 5).settled };
    const r = await kernelShap(M, game, { samples: 2 * M + 2048, seed: 5, batchSize: 64, stop });
    expect(r.stoppedEarly).toBe(false);
    expect(r.evaluations).toBe(r.total);
    // A look does not stop an exact plan either.
    const exact = await kernelShap(6, (cs) => Float64Array.from(cs, (z) => z.reduce((s, on, i) => s + on * (i + 1), 0)), { samples: 100, seed: 1, stop: { schedule: () => [10, 20], settled: () => true } });
    expect(exact).toMatchObject({ exact: true, stoppedEarly: false, evaluations: 64 });
  });
});
