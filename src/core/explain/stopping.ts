// "Until stable": when a sampled explanation may stop because more samples would not change its answer.
// Pure functions: no tensors, no images.
//
// The answer that must be settled is the set of the k highest values (the k regions that raised the class
// score most; RISE: the top cells of its map). The rule follows Goldwasser & Hooker, "Statistical
// Significance of Feature Importance Rankings" (arXiv 2401.15800, 2024; RankSHAP / RankLIME), which rests on
// Hung & Fithian, "Rank verification for exponential families", Ann. Statist. 47(2), 2019: the estimated
// top-k set S is declared settled when every member i of S beats every region j outside S in a one-sided
// test of θ_i > θ_j, with the normal approximation of the estimates,
//
//     t_ij = (θ̂_i − θ̂_j) / sqrt(se_i² + se_j²),       settled  ⇔  min_{i ∈ S, j ∉ S} t_ij > z,
//
// One exception, an indifference zone as in PAC subset selection (Kalyanakrishnan et al., "PAC subset
// selection in stochastic multi-armed bandits", ICML 2012): regions whose value is negligible, below
// ε = 1% of the largest |value| of the map, may swap places among themselves without changing the answer
// (a saturated model often gives one region everything and the rest noise around zero). A pair (i, j) also
// passes when both are confidently negligible: min over the two of (ε − |θ̂|) / se > z.
// A Bonferroni correction covers the k members (each member's test against the best outsider is one
// "winner" comparison in Hung & Fithian's sense; testing it against every outsider is stricter), the n
// negligibility tests, and the L looks of the sequential schedule (sampling goes on in rounds and the rule is
// checked after each of the first L rounds; Bonferroni over looks keeps the error of the whole sequential
// procedure below α):
//
//     z = Φ⁻¹(1 − α / ((k + n) · L)),   α = 1 − confidence = 0.05, L = 9 (rounds of 10% of the budget).
//
// With equal standard errors se the binding pair is rank k against rank k+1, so the rule stops exactly when
// θ̂_(k) − θ̂_(k+1) > z · √2 · se. Two regions that tie at the boundary (above the negligible level) never
// separate, so a run with such a tie uses its whole budget. The confidence reached is the Bonferroni bound
// 1 − (k + n)·L·(1 − Φ(min t)), clipped to [0, 1]. Standard errors treat the estimates as independent (se of a difference from the two
// standard errors); they come from each method's own sampling error (Kernel SHAP: delta method over the
// sampled coalition pairs; LIME: the ridge fit's sandwich covariance; RISE: the running mean's error).

import { currentLanguage, LANGUAGE_TAGS, t } from '../../shared/i18n';
import type { OptionSpec, ResultCheck, StoppingRecord } from '../../shared/types';

/** Confidence the top-k set must reach before an "until stable" run stops early. */
export const STABLE_CONFIDENCE = 0.95;
/** Rounds of an "until stable" run: it may stop after each of the first ROUNDS − 1 rounds (the last is the budget). */
export const STABLE_ROUNDS = 10;
/** Regions (LIME, SHAP) whose set must be settled, by default. */
export const STABLE_TOP_K = 5;

export type { BudgetChoice } from '../../shared/types';

/** Standard normal cumulative distribution Φ(x) (Abramowitz & Stegun 7.1.26 via erfc; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * Standard normal quantile Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation, relative error < 1.2e-9).
 * Throws RangeError outside (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Below this share of the largest |value| a region is negligible: two negligible regions may swap places. */
export const NEGLIGIBLE_SHARE = 0.01;

/** The z a separation must exceed with k members, n regions and `looks` looks: Φ⁻¹(1 − (1 − confidence) / ((k + n) · looks)). */
export function stableZ(k: number, n: number, looks = STABLE_ROUNDS - 1, confidence = STABLE_CONFIDENCE): number {
  return normalQuantile(1 - (1 - confidence) / ((Math.max(1, k) + Math.max(0, n)) * Math.max(1, looks)));
}

export interface TopKVerdict {
  /** Indices of the k highest estimates, highest first (ties broken by the lower index). */
  top: number[];
  /** The smallest standardised separation min t_ij between a member of the top k and a region outside it (Infinity when exact, 0 at a tie). */
  separation: number;
  /** Bonferroni confidence that the top-k set is right: 1 − (k + n)·looks·(1 − Φ(separation)), in [0, 1]. */
  confidence: number;
  /** confidence >= the required confidence (and the rule is applicable: more regions than k). */
  settled: boolean;
}

/**
 * Is the set of the k highest `values` settled, given each value's standard error `stderr` (same length,
 * >= 0; non-finite counts as unknown: never settled)? `looks` is the number of times the rule is checked in
 * the run (Bonferroni over looks), `confidence` the level required (default 95%), `negligible` the share of
 * the largest |value| below which regions may swap (default 1%; 0 turns the indifference zone off). With
 * values.length <= k there is no boundary to settle: never settled (the run keeps its budget). Pure; O(k · n).
 */
export function topKSettled(values: ArrayLike<number>, stderr: ArrayLike<number>, k: number, looks = STABLE_ROUNDS - 1, confidence = STABLE_CONFIDENCE, negligible = NEGLIGIBLE_SHARE): TopKVerdict {
  const n = values.length;
  if (stderr.length !== n) throw new RangeError(`topKSettled: ${n} values but ${stderr.length} standard errors`);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[j] - values[i] || i - j);
  const kk = Math.max(1, Math.floor(k));
  const top = order.slice(0, Math.min(kk, n));
  if (n <= kk) return { top, separation: 0, confidence: 0, settled: false };
  const tests = (kk + n) * Math.max(1, looks);
  const z = normalQuantile(1 - (1 - confidence) / tests);
  let scale = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) scale = Math.max(scale, Math.abs(values[i]));
  const eps = negligible * scale;
  /** Standardised distance of |θ_i| below the negligible level: |θ̂_i| + t·se_i < ε for t below it. */
  const belowEps = (i: number) => {
    const gap = eps - Math.abs(values[i]);
    if (!(gap > 0) || !Number.isFinite(stderr[i])) return 0;
    return stderr[i] > 0 ? gap / stderr[i] : Infinity;
  };
  let separation = Infinity;
  for (const i of top) {
    for (let r = kk; r < n; r++) {
      const j = order[r];
      const d = values[i] - values[j];
      const se = Math.sqrt(stderr[i] * stderr[i] + stderr[j] * stderr[j]);
      let t: number;
      if (!Number.isFinite(d) || !Number.isFinite(se)) t = 0;
      else if (d <= 0) t = 0;
      else t = se > 0 ? d / se : Infinity;
      // Two regions both (confidently) negligible may swap without changing the answer.
      if (eps > 0) t = Math.max(t, Math.min(belowEps(i), belowEps(j)));
      if (t < separation) separation = t;
    }
  }
  const conf = separation === Infinity ? 1 : Math.min(1, Math.max(0, 1 - tests * (1 - normalCdf(separation))));
  return { top, separation, confidence: conf, settled: separation > z };
}

/**
 * The look schedule of an "until stable" run with `budget` evaluations: the evaluation counts after which
 * the rule is checked, round(r · budget / rounds) for r = 1 .. rounds − 1, those below `minimum` dropped
 * (too few samples for a trustworthy standard error), strictly increasing, each < budget. The last round
 * ends at the budget, where the run stops anyway. Bonferroni counts rounds − 1 looks whatever is dropped.
 */
export function lookSchedule(budget: number, minimum = 1, rounds = STABLE_ROUNDS): number[] {
  const out: number[] = [];
  for (let r = 1; r < rounds; r++) {
    const n = Math.round((r * budget) / rounds);
    if (n >= Math.max(1, minimum) && n < budget && (out.length === 0 || n > out[out.length - 1])) out.push(n);
  }
  return out;
}


/**
 * The result's "top k settled" check (shared/attribution.ts ResultCheck, id 'top-settled'): the confidence
 * reached as a percentage, 'ok' when it reaches the required level, else 'warn' (regions ranked near k-th may
 * swap with more samples); the detail says where the run stopped and the fixed budget it replaced, e.g.
 * "Stopped at 430 of 1000 perturbed copies: the top 5 regions were settled at 95% confidence.". `unit` names
 * the evaluations ('perturbed copies'), `what` the ranked things ('regions' or 'cells').
 */
export function stoppingCheck(s: StoppingRecord, unit: string, what: 'regions' | 'cells'): ResultCheck {
  const pct = (v: number) => formatPercent(v);
  const values = { k: s.k, used: s.used, budget: s.fixedBudget, unit, required: pct(s.required), reached: pct(s.confidence) };
  const settled = s.confidence >= s.required;
  const key = s.stoppedEarly ? 'stopped' : s.budget === 'fixed' ? (settled ? 'fixedSettled' : 'fixedUnsettled') : settled ? 'fullSettled' : 'fullUnsettled';
  return {
    id: 'top-settled',
    label: t(`stable:check.label.${what}`, { k: s.k }),
    value: s.confidence,
    format: 'percent',
    status: settled ? 'ok' : 'warn',
    detail: t(`stable:check.${key}.${what}`, values),
  };
}

/** A confidence as a whole percentage, rounded down so that it never claims more than was reached ("95%"). */
function formatPercent(v: number): string {
  const floored = Math.floor(Math.max(0, Math.min(1, v)) * 100 + 1e-9) / 100;
  return new Intl.NumberFormat(LANGUAGE_TAGS[currentLanguage()], { style: 'percent', maximumFractionDigits: 0 }).format(floored);
}

/** The units of evaluations, in the current language, for the check's sentence. */
export function stoppingUnit(unit: 'copies' | 'combinations' | 'masks'): string {
  return t(`stable:unit.${unit}`);
}

/**
 * The budget option of LIME, SHAP and RISE: 'stable' (default: stop once the top k is settled, see
 * topKSettled) or 'fixed' (always spend the whole budget). English texts; the methods catalogue
 * (shared/i18n/methods.ts) has them in every language under <method>.options.budget.
 */
export const BUDGET_OPTION: OptionSpec = {
  key: 'budget',
  label: 'Budget',
  type: 'select',
  choices: [
    { value: 'stable', label: 'Until stable' },
    { value: 'fixed', label: 'Fixed' },
  ],
  help: 'Until stable: sample in rounds and stop as soon as the top regions are settled at 95% confidence (never more than the samples set here). Fixed: always use every sample.',
};

/** How many top regions an "until stable" LIME or SHAP run settles (k, default 5). */
export const SETTLE_TOP_OPTION: OptionSpec = {
  key: 'settleTop',
  label: 'Regions to settle',
  type: 'number',
  min: 1,
  max: 50,
  step: 1,
  integer: true,
  help: 'Until stable stops when the set of this many highest regions is settled',
};
