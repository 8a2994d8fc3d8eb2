// Shapley values of a cooperative game, exact and estimated. Pure functions: no tensors, no images.
//
// Shapley (1953):   phi_i = sum_{S ⊆ N\{i}} |S|! (M-|S|-1)! / M!  [ v(S ∪ {i}) - v(S) ]
//
// Kernel SHAP — Lundberg & Lee, "A Unified Approach to Interpreting Model Predictions", NeurIPS 2017:
// phi solves the weighted least squares
//   min_phi  sum_z  pi(z) [ v(z) - v(0) - sum_i z_i phi_i ]^2     subject to  sum_i phi_i = v(1) - v(0)
// with the Shapley kernel  pi(z) = (M-1) / ( C(M,|z|) |z| (M-|z|) ).  With every coalition in the sum the
// solution is the exact Shapley value; with a sample it is an estimate. As in shap's KernelExplainer, the
// constraint is enforced exactly by eliminating the last player, coalition sizes whose every subset fits
// the budget are enumerated (smallest and largest sizes first, where the kernel puts most weight), and the
// rest is sampled in complementary pairs (z, 1-z) with sizes drawn by kernel weight.

import { mulberry32 } from '../data/rng';
import { choleskyInPlace, choleskySolve } from './linalg';

/** Something shaped like AbortSignal. */
export interface ShapleyCancel {
  readonly aborted: boolean;
}

export interface KernelShapProgress {
  /** Coalitions evaluated so far, including the empty and the full one. */
  done: number;
  total: number;
  /** Running estimate from the coalitions evaluated so far (sums to full - base). */
  values: Float64Array;
  /** Standard errors of the running estimate (from the sampling, not from the game); null until known. */
  stderr: Float64Array | null;
  base: number;
  full: number;
}

export interface KernelShapOptions {
  /** Coalitions to evaluate besides the empty and the full one (shap's nsamples). */
  samples: number;
  seed: number;
  /** Coalitions per call of the value function (default 256). */
  batchSize?: number;
  signal?: ShapleyCancel;
  onProgress?: (p: KernelShapProgress) => void;
  /** Recompute the standard errors for progress reports every this fraction of the work (default 0.1). */
  stderrEvery?: number;
  /**
   * "Until stable" (stopping.ts): after `schedule(total)[r]` evaluations (coalitions, empty and full
   * included; strictly increasing, each < total) the running estimate and its standard errors are given to
   * `settled`; when it says true the run stops there. Batches never cross a look, so where it stops does not
   * depend on the batch size. A look is skipped while a group of the plan has fewer than two finished units
   * (no standard error for it yet), and an exact plan never stops early.
   */
  stop?: { schedule: (total: number) => number[]; settled: (values: Float64Array, stderr: Float64Array) => boolean };
}

export interface KernelShapResult {
  values: Float64Array;
  /** v(empty coalition). */
  base: number;
  /** v(all players). */
  full: number;
  /** Standard error of each value from the sampling; zero where the value is exact. */
  stderr: Float64Array;
  /** Every coalition was evaluated, so the values are the exact Shapley values. */
  exact: boolean;
  /** Value-function evaluations made (coalitions, including empty and full). */
  evaluations: number;
  /** Evaluations planned. */
  total: number;
  /** Stopped by the signal: the values are the estimate from what was evaluated. */
  cancelled: boolean;
  /** Stopped at a look of options.stop because the answer was settled (not cancelled). */
  stoppedEarly: boolean;
}

export const MAX_EXACT_PLAYERS = 20;
const MAX_SAMPLES = 5_000_000;
/** Pivots below this share of the largest diagonal entry count as singular (then a ridge is added). */
const CHOLESKY_TOL = 1e-11;

function checkPlayers(players: number, who: string): void {
  if (!Number.isInteger(players) || players < 0) throw new RangeError(`${who}: players must be a whole number >= 0, got ${players}`);
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r) || r; // exact for the sizes used here; falls back to the float for huge n
}

/**
 * Exact Shapley values by enumerating all 2^players coalitions (players <= 20). `value` gets
 * coalition[i] = 1 when player i is in; each call gets a fresh array.
 */
export function exactShapley(players: number, value: (coalition: Uint8Array) => number): Float64Array {
  checkPlayers(players, 'exactShapley');
  if (players > MAX_EXACT_PLAYERS) {
    throw new RangeError(`exactShapley: ${players} players would need 2^${players} evaluations; at most ${MAX_EXACT_PLAYERS} players are supported, use kernelShap to estimate`);
  }
  const n = players;
  const total = 2 ** n;
  const v = new Float64Array(total);
  const size = new Uint8Array(total);
  for (let mask = 0; mask < total; mask++) {
    const z = new Uint8Array(n);
    for (let i = 0; i < n; i++) z[i] = (mask >>> i) & 1;
    if (mask > 0) size[mask] = size[mask >>> 1] + (mask & 1);
    const y = value(z);
    if (!Number.isFinite(y)) throw new Error(`exactShapley: the value of coalition ${Array.from(z).join('')} is ${y}`);
    v[mask] = y;
  }
  // weight[s] = s! (n-s-1)! / n! = 1 / (n C(n-1, s))
  const weight = new Float64Array(Math.max(1, n));
  for (let s = 0; s < n; s++) weight[s] = 1 / (n * binomial(n - 1, s));
  const phi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    let acc = 0;
    for (let mask = 0; mask < total; mask++) {
      if (mask & bit) continue;
      acc += weight[size[mask]] * (v[mask | bit] - v[mask]);
    }
    phi[i] = acc;
  }
  return phi;
}

// ---------------------------------------------------------------------------------------------------
// Kernel SHAP

interface Unit {
  /** The two rows (a coalition and its complement). */
  a: number;
  b: number;
  group: number;
  /** Kernel weight of each of its rows. */
  w: number;
}

interface Group {
  /** Units the group has in the plan. */
  total: number;
  /** Units are every pair of the sizes (sampling without replacement when partial), or draws with replacement. */
  enumerated: boolean;
  done: number;
  G: Float64Array;
  h: Float64Array;
}

interface Plan {
  rows: Uint8Array[];
  units: Unit[];
  groups: Group[];
  exact: boolean;
}

/** Shapley kernel mass of coalition size s (all C(M,s) coalitions together), up to a constant. */
function sizeMass(M: number, s: number): number {
  return (M - 1) / (s * (M - s));
}

function complement(z: Uint8Array): Uint8Array {
  const c = new Uint8Array(z.length);
  for (let i = 0; i < z.length; i++) c[i] = 1 - z[i];
  return c;
}

/** Calls f with every size-s subset of 0..M-1 (as a 0/1 array), in lexicographic order. */
function forEachSubset(M: number, s: number, f: (z: Uint8Array) => void): void {
  const idx = Array.from({ length: s }, (_, i) => i);
  for (;;) {
    const z = new Uint8Array(M);
    for (const i of idx) z[i] = 1;
    f(z);
    let k = s - 1;
    while (k >= 0 && idx[k] === M - s + k) k--;
    if (k < 0) return;
    idx[k]++;
    for (let j = k + 1; j < s; j++) idx[j] = idx[j - 1] + 1;
  }
}

function makePlan(M: number, samples: number, rng: () => number): Plan {
  const P = M - 1;
  const rows: Uint8Array[] = [];
  const units: Unit[] = [];
  const groups: Group[] = [];
  const newGroup = (total: number, enumerated: boolean): number => {
    groups.push({ total, enumerated, done: 0, G: new Float64Array(P * P), h: new Float64Array(P) });
    return groups.length - 1;
  };
  const half = Math.floor(M / 2);
  // Pair sizes s = 1..floor(M/2); pair (z, 1-z) covers sizes s and M-s. When M is even, size M/2 pairs
  // with itself: those pairs are listed once (the member holding player 0 first).
  const enumerate = (s: number, g: number) => {
    const w = sizeMass(M, s) / binomial(M, s);
    forEachSubset(M, s, (z) => {
      if (2 * s === M && z[0] !== 1) return;
      rows.push(z, complement(z));
      units.push({ a: rows.length - 2, b: rows.length - 1, group: g, w });
    });
  };
  const pairsOfSize = (s: number) => (2 * s === M ? binomial(M, s) / 2 : binomial(M, s));

  if (2 ** M - 2 <= samples) {
    for (let s = 1; s <= half; s++) enumerate(s, newGroup(pairsOfSize(s), true));
    return { rows, units, groups, exact: true };
  }

  // Mass of each pair size: both of its coalition sizes (a single one when s = M/2).
  const mass = new Float64Array(half + 1);
  for (let s = 1; s <= half; s++) mass[s] = (2 * s === M ? 1 : 2) * sizeMass(M, s);
  let left = samples;
  let full = 0; // sizes 1..full are enumerated
  let remaining = 0;
  for (let s = 1; s <= half; s++) remaining += mass[s];
  // shap's rule: enumerate a size when the budget share its weight deserves covers all its coalitions.
  for (let s = 1; s <= half; s++) {
    const count = 2 * pairsOfSize(s);
    if ((left * mass[s]) / remaining / count < 1 - 1e-8) break;
    enumerate(s, newGroup(pairsOfSize(s), true));
    left -= count;
    remaining -= mass[s];
    full = s;
  }
  const draws = Math.floor(left / 2);
  if (full < half && draws > 0) {
    const g = newGroup(0, false);
    const cdf: number[] = [];
    let acc = 0;
    for (let s = full + 1; s <= half; s++) cdf.push((acc += mass[s]));
    const seen = new Map<string, number>();
    const perm = Array.from({ length: M }, (_, i) => i);
    const picked: [number, number][] = [];
    let fresh = 0;
    // Draw until the budget of new coalitions is spent; repeats add weight but cost nothing, as in shap.
    for (let attempt = 0; fresh < draws && attempt < 4 * draws + 100; attempt++) {
      const u = rng() * acc;
      let k = 0;
      while (k < cdf.length - 1 && cdf[k] <= u) k++;
      const s = full + 1 + k;
      for (let i = 0; i < s; i++) {
        const j = i + Math.floor(rng() * (M - i));
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      let z: Uint8Array = new Uint8Array(M);
      for (let i = 0; i < s; i++) z[perm[i]] = 1;
      if (2 * s === M && z[0] !== 1) z = complement(z);
      const key = z.join('');
      let at = seen.get(key);
      if (at === undefined) {
        rows.push(z, complement(z));
        at = rows.length - 2;
        seen.set(key, at);
        fresh++;
      }
      picked.push([at, at + 1]);
    }
    // Each draw is one unit; the sampled sizes share the kernel mass not enumerated.
    const w = remaining / (2 * picked.length);
    for (const [a, b] of picked) units.push({ a, b, group: g, w });
    groups[g].total = picked.length;
  }
  return { rows, units, groups, exact: false };
}

/**
 * Kernel SHAP estimate of the Shapley values of a game with `players` players. `value` gets batches
 * of coalitions (coalitions[k][i] = 1 when player i is in) and returns their values. When
 * 2^players - 2 <= samples every coalition is evaluated and the result is exact. The efficiency
 * constraint sum(values) = full - base holds exactly (to rounding) in every case, also when cancelled.
 */
export async function kernelShap(
  players: number,
  value: (coalitions: Uint8Array[]) => Promise<Float64Array> | Float64Array | Promise<ArrayLike<number>> | ArrayLike<number>,
  options: KernelShapOptions,
): Promise<KernelShapResult> {
  checkPlayers(players, 'kernelShap');
  const M = players;
  const samples = Math.floor(options.samples);
  if (!(samples >= 0)) throw new RangeError(`kernelShap: samples must be >= 0, got ${options.samples}`);
  if (samples > MAX_SAMPLES) throw new RangeError(`kernelShap: ${samples} samples is more than the ${MAX_SAMPLES} supported`);
  const batchSize = Math.max(2, Math.floor(options.batchSize ?? 256));
  const stderrEvery = options.stderrEvery ?? 0.1;
  const rng = mulberry32(options.seed);
  const P = Math.max(0, M - 1);

  const empty = new Uint8Array(M);
  const all = new Uint8Array(M).fill(1);
  const plan = M >= 2 ? makePlan(M, samples, rng) : { rows: [], units: [], groups: [], exact: true };

  // Evaluate units in a seeded random order, so the coalitions done at any moment are a random part of
  // the plan and the running estimate (and a cancelled one) is a fair estimate.
  const order = Array.from({ length: plan.units.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const units = order.map((i) => plan.units[i]);
  const evalRows: number[] = [];
  const scheduled = new Uint8Array(plan.rows.length);
  for (const u of units) {
    for (const r of [u.a, u.b]) {
      if (!scheduled[r]) {
        scheduled[r] = 1;
        evalRows.push(r);
      }
    }
  }
  const coalitions: Uint8Array[] = M === 0 ? [empty] : [empty, all, ...evalRows.map((r) => plan.rows[r])];
  const total = coalitions.length;
  const y = new Float64Array(plan.rows.length);
  const evaluated = new Uint8Array(plan.rows.length);
  let base = NaN;
  let full = NaN;
  let unitsDone = 0;
  let done = 0;
  let cancelled = false;

  const a = new Float64Array(P);
  const design = (row: number): number => {
    // a_j = z_j - z_last, b = y - base - z_last (full - base): the last player eliminated.
    const z = plan.rows[row];
    const zl = z[M - 1];
    for (let j = 0; j < P; j++) a[j] = z[j] - zl;
    return y[row] - base - zl * (full - base);
  };
  const accumulate = (u: Unit) => {
    const g = plan.groups[u.group];
    for (const r of [u.a, u.b]) {
      const b = design(r);
      for (let i = 0; i < P; i++) {
        const ai = a[i];
        if (ai === 0) continue;
        const wi = u.w * ai;
        g.h[i] += wi * b;
        const row = i * P;
        for (let j = 0; j <= i; j++) g.G[row + j] += wi * a[j];
      }
    }
    g.done++;
  };

  /** Current estimate: each group scaled up from its finished units to its planned size. */
  const solve = (): { values: Float64Array; beta: Float64Array; chol: Float64Array | null } => {
    const values = new Float64Array(M);
    const delta = full - base;
    if (M === 1) values[0] = delta;
    if (M <= 1) return { values, beta: new Float64Array(0), chol: null };
    const G = new Float64Array(P * P);
    const h = new Float64Array(P);
    let any = false;
    for (const g of plan.groups) {
      if (g.done === 0) continue;
      any = true;
      const scale = g.total / g.done;
      for (let i = 0; i < P; i++) {
        h[i] += scale * g.h[i];
        for (let j = 0; j <= i; j++) G[i * P + j] += scale * g.G[i * P + j];
      }
    }
    const even = delta / M;
    if (!any) {
      values.fill(even);
      return { values, beta: new Float64Array(P).fill(even), chol: null };
    }
    for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) G[j * P + i] = G[i * P + j];
    // Solve around the even split (the same solution; a ridge fallback then shrinks towards it).
    const rhs = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      let s = h[i];
      for (let j = 0; j < P; j++) s -= G[i * P + j] * even;
      rhs[i] = s;
    }
    let trace = 0;
    for (let i = 0; i < P; i++) trace += G[i * P + i];
    let ridge = 0;
    let L = Float64Array.from(G);
    while (!choleskyInPlace(L, P, CHOLESKY_TOL)) {
      ridge = ridge === 0 ? 1e-9 * (trace / P || 1) : ridge * 100;
      L = Float64Array.from(G);
      for (let i = 0; i < P; i++) L[i * P + i] += ridge;
    }
    const d = choleskySolve(L, P, rhs);
    const beta = new Float64Array(P);
    let sum = 0;
    for (let j = 0; j < P; j++) {
      beta[j] = even + d[j];
      values[j] = beta[j];
      sum += beta[j];
    }
    values[M - 1] = delta - sum;
    return { values, beta, chol: L };
  };

  /** Delta-method standard errors of the sampling (pairs are the sampling units of each group). */
  const standardErrors = (beta: Float64Array, chol: Float64Array | null): Float64Array => {
    const se = new Float64Array(M);
    if (M <= 1 || !chol) return se;
    const varJ = new Float64Array(M);
    const byGroup: Unit[][] = plan.groups.map(() => []);
    for (let k = 0; k < unitsDone; k++) byGroup[units[k].group].push(units[k]);
    const psi = new Float64Array(P);
    plan.groups.forEach((g, gi) => {
      const c = g.done;
      const fpc = g.enumerated ? 1 - c / g.total : 1;
      if (c < 2 || fpc <= 0) return;
      const scale = g.total / c;
      const q = new Float64Array(c * M);
      byGroup[gi].forEach((u, k) => {
        psi.fill(0);
        for (const r of [u.a, u.b]) {
          const b = design(r);
          let fit = 0;
          for (let j = 0; j < P; j++) fit += a[j] * beta[j];
          const wr = u.w * (b - fit);
          for (let j = 0; j < P; j++) psi[j] += wr * a[j];
        }
        const x = choleskySolve(chol, P, psi);
        let sum = 0;
        for (let j = 0; j < P; j++) {
          q[k * M + j] = scale * x[j];
          sum += x[j];
        }
        q[k * M + M - 1] = -scale * sum;
      });
      for (let j = 0; j < M; j++) {
        let mean = 0;
        for (let k = 0; k < c; k++) mean += q[k * M + j];
        mean /= c;
        let ss = 0;
        for (let k = 0; k < c; k++) ss += (q[k * M + j] - mean) ** 2;
        // Var of (N/c) sum over c of N units = N^2/c * s^2 (* fpc without replacement); q already holds N/c.
        varJ[j] += fpc * c * (ss / (c - 1));
      }
    });
    for (let j = 0; j < M; j++) se[j] = Math.sqrt(varJ[j]);
    return se;
  };

  let lastStderr: Float64Array | null = null;
  let nextStderrAt = 0;
  // An exact plan (every coalition fits the budget) always runs to the end: exact values are worth it.
  const looks = options.stop && !plan.exact ? options.stop.schedule(total).filter((n) => n > 0 && n < total) : [];
  let look = 0;
  let stoppedEarly = false;
  /** Every group of the plan has two finished units (or all it has): the standard errors cover every group. */
  const errorsKnown = () => plan.groups.every((g) => g.done >= Math.min(2, g.total));
  for (let start = 0; start < total; ) {
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    while (look < looks.length && looks[look] <= start) look++;
    const end = Math.min(start + batchSize, total, look < looks.length ? looks[look] : total);
    const batch = coalitions.slice(start, end);
    start = end;
    const out = await value(batch);
    if (!out || out.length !== batch.length) throw new Error(`kernelShap: the value function returned ${out?.length} values for ${batch.length} coalitions`);
    for (let k = 0; k < batch.length; k++) {
      const idx = end - batch.length + k;
      const v = Number(out[k]);
      if (!Number.isFinite(v)) throw new Error(`kernelShap: the value of coalition ${Array.from(batch[k]).join('')} is ${v}`);
      if (idx === 0) {
        base = v;
        if (M === 0) full = v;
      } else if (idx === 1) full = v;
      else {
        const r = evalRows[idx - 2];
        y[r] = v;
        evaluated[r] = 1;
      }
    }
    done = end;
    while (unitsDone < units.length && evaluated[units[unitsDone].a] && evaluated[units[unitsDone].b]) accumulate(units[unitsDone++]);
    if (options.stop && look < looks.length && done === looks[look] && errorsKnown()) {
      const est = solve();
      const se = standardErrors(est.beta, est.chol);
      if (options.stop.settled(est.values, se)) {
        stoppedEarly = true;
        break;
      }
    }
    if (options.onProgress && done < total) {
      const est = solve();
      if (done >= nextStderrAt) {
        lastStderr = standardErrors(est.beta, est.chol);
        nextStderrAt = done + stderrEvery * total;
      }
      options.onProgress({ done, total, values: est.values, stderr: lastStderr, base, full });
    }
  }
  if (Number.isNaN(base) || Number.isNaN(full)) {
    return { values: new Float64Array(M), base, full, stderr: new Float64Array(M).fill(NaN), exact: false, evaluations: done, total, cancelled, stoppedEarly: false };
  }
  const est = solve();
  const stderr = standardErrors(est.beta, est.chol);
  const exact = plan.exact && !cancelled && !stoppedEarly;
  if (exact) stderr.fill(0);
  options.onProgress?.({ done, total, values: est.values, stderr, base, full });
  return { values: est.values, base, full, stderr, exact, evaluations: done, total, cancelled, stoppedEarly };
}
