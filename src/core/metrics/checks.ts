// Each trust figure as a ResultCheck (shared/attribution.ts): a value, a badge (status ok = good, warn =
// weak, fail = fails) set by a stated rule, and one plain-language line, so the UI renders every figure
// the same way without knowing where it came from. The rules are in TRUST_RULES, quoted in each detail.

import type { CheckStatus, ResultCheck } from '../../shared/attribution';
import { scoreAt, type CurveResult } from './deletion';
import type { RandomisationResult } from './randomisation';

/** The rule behind each badge, in plain words (shown with the figure). */
export const TRUST_RULES = {
  deletion: 'Good when the map’s deletion AUC is at least 0.05 below a random order’s (on the logit: 5% of the range the curves span); weak when below by less; fails when no better than random.',
  insertion: 'Good when the map’s insertion AUC is at least 0.05 above a random order’s (on the logit: 5% of the range the curves span); weak when above by less; fails when no better than random.',
  randomisation: 'Fails when the map keeps ρ ≥ 0.9 with the original at every step of randomising the model; weak when ρ ≥ 0.5 with every layer random; good otherwise (Adebayo et al. 2018).',
  stability: 'Good when two seeds give ρ ≥ 0.8; weak from 0.5 to 0.8; fails below 0.5.',
  energyPointing: 'Good when at least half of the map’s mass lies in the region; weak when more than the region’s share of the image; fails otherwise.',
  pointing: 'Good when the map’s strongest point lies in the region; fails otherwise.',
} as const;

/** The sentence of a figure a flat map does not have (deletion, insertion, pointing, stability). */
export const FLAT_MAP_NO_FIGURE = 'No figure: the map is flat (every value the same), so it ranks no pixel above another.';

/**
 * A figure that was not measured because the map cannot give it (a flat map, a map without positive
 * mass): value NaN, NO status (no rule applies, so no badge), and `detail` saying why. The UI shows
 * "no figure" instead of the value.
 */
export function noFigureCheck(id: string, label: string, format: ResultCheck['format'], detail: string): ResultCheck {
  return { id, label, value: NaN, format, detail };
}

/** The deletion or insertion check of a flat map: no curve was drawn (isFlatMap), so no figure and no badge. */
export function flatCurveCheck(mode: 'deletion' | 'insertion'): ResultCheck {
  return noFigureCheck(`${mode}-auc`, mode === 'deletion' ? 'Deletion AUC (lower is better)' : 'Insertion AUC (higher is better)', 'number', FLAT_MAP_NO_FIGURE);
}

/** The pointing game of a flat map: it has no strongest point, so no figure and no badge. */
export function flatPointingCheck(): ResultCheck {
  return { ...noFigureCheck('pointing', 'Strongest point inside the region', 'count', 'No figure: the map is flat (every value the same), so it has no strongest point and points nowhere.'), of: 1 };
}

/** Energy pointing of a flat map: its mass is spread evenly (or is none), so it points nowhere: no figure, no badge. */
export function flatEnergyPointingCheck(): ResultCheck {
  return noFigureCheck('energy-pointing', 'Map mass inside the region', 'percent', 'No figure: the map is flat (every value the same), so its mass points nowhere.');
}

/** 2 decimals, no scientific notation (people read these). */
const f2 = (v: number) => (Math.abs(v) < 0.005 ? '0.00' : v.toFixed(2));
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Margin ≥ 0.05 good, > 0 weak, else fails. */
function marginStatus(margin: number): CheckStatus {
  return margin >= 0.05 ? 'ok' : margin > 0 ? 'warn' : 'fail';
}

/**
 * The check of a deletion or insertion curve (Petsiuk et al. 2018): value = the map's AUC, badge by
 * TRUST_RULES against the random order's AUC, and the line "removing the 10% most important pixels drops
 * the probability from 0.99 to 0.12; a random order drops it to 0.85" (at `fraction`, default 0.1).
 * A cancelled run (AUC NaN) is 'warn' and says so; without random orders there is no badge.
 */
export function curveCheck(r: CurveResult, fraction = 0.1): ResultCheck {
  const del = r.mode === 'deletion';
  const id = `${r.mode}-auc`;
  const label = del ? 'Deletion AUC (lower is better)' : 'Insertion AUC (higher is better)';
  const score = r.score === 'probability' ? 'probability' : 'logit';
  if (!Number.isFinite(r.curve.auc)) {
    return { id, label, value: NaN, format: 'number', status: 'warn', detail: `The ${r.mode} curve was stopped before the end (${r.evaluations.done} of ${r.evaluations.total} evaluations); run it again for a figure.` };
  }
  const s0 = r.curve.scores[0];
  const s1 = scoreAt(r.curve, fraction);
  const verb = del ? (s1 <= s0 ? 'drops' : 'moves') : s1 >= s0 ? 'raises' : 'moves';
  let detail = `${del ? 'Removing' : 'Putting back'} the ${pct(fraction)} most important pixels ${verb} the ${score} from ${f2(s0)} to ${f2(s1)}`;
  if (!r.random) return { id, label, value: r.curve.auc, format: 'number', detail: `${detail}.` };
  const sr = scoreAt(r.random, fraction);
  detail += `; a random order ${verb === 'moves' ? 'moves' : verb} it to ${f2(sr)} (AUC ${f2(r.curve.auc)} against ${f2(r.random.auc)}). ${TRUST_RULES[r.mode]}`;
  const margin = del ? r.random.auc - r.curve.auc : r.curve.auc - r.random.auc;
  // A probability lies in [0, 1], so 0.05 of AUC is 5% of its range; a logit has no fixed range, so its
  // margin is taken relative to the range both curves span (the same 5%).
  const all = [...r.curve.scores, ...r.random.scores].filter(Number.isFinite);
  const span = score === 'probability' ? 1 : Math.max(...all) - Math.min(...all);
  return { id, label, value: r.curve.auc, format: 'number', status: marginStatus(span > 0 ? margin / span : 0), detail };
}

/**
 * The model-randomisation sanity check (Adebayo et al. 2018): value = mean Spearman ρ after the top layer
 * is randomised; badge by TRUST_RULES.randomisation over all steps. Throws when there are no steps.
 */
export function randomisationCheck(r: RandomisationResult): ResultCheck {
  if (r.steps.length === 0) throw new Error('The randomisation check has no completed step');
  const top = r.steps[0];
  const last = r.steps[r.steps.length - 1];
  const unchanged = r.steps.every((s) => s.spearman >= 0.9);
  const status: CheckStatus = unchanged ? 'fail' : last.spearman >= 0.5 ? 'warn' : 'ok';
  const lead = unchanged
    ? 'The map stays the same when the model’s weights are replaced by random ones: it shows the image, not what the model learned.'
    : status === 'warn'
      ? 'The map changes when the model is randomised, but keeps much of its ranking even with every layer random.'
      : 'The map changes when the model is randomised, as an explanation of the model should.';
  return {
    id: 'randomisation',
    label: `Rank correlation after randomising ${top.layer}`,
    value: top.spearman,
    format: 'number',
    status,
    detail: `${lead} ρ = ${f2(top.spearman)} after the top layer, ${f2(last.spearman)} after ${last.layer}${r.cancelled ? ' (stopped early)' : ''}. ${TRUST_RULES.randomisation}`,
  };
}

/**
 * Seed stability of a sampled method: value ρ between two seeds' maps; badge by TRUST_RULES.stability.
 * NaN (one of the maps is flat, so ρ is undefined) gets no badge: the rule has nothing to judge.
 */
export function stabilityCheck(rho: number, seeds: [number, number]): ResultCheck {
  const label = `Rank correlation between seeds ${seeds[0]} and ${seeds[1]}`;
  if (Number.isNaN(rho)) return noFigureCheck('stability', label, 'number', 'No figure: one of the two maps is flat (every value the same), so their rankings cannot be compared.');
  const status: CheckStatus = rho >= 0.8 ? 'ok' : rho >= 0.5 ? 'warn' : 'fail';
  const lead = status === 'ok' ? 'Another seed gives nearly the same ranking of pixels.' : 'Another seed ranks the pixels differently: use more samples before reading details.';
  return { id: 'stability', label, value: rho, format: 'number', status, detail: `${lead} ${TRUST_RULES.stability}` };
}

/**
 * Energy-based pointing (Wang et al. 2020) against a reference region; badge by TRUST_RULES.energyPointing.
 * A proportion of NaN (energyPointing: the map has no positive mass, e.g. all zeros or all negative) gets
 * no badge and says so.
 */
export function energyPointingCheck(r: { proportion: number; areaShare: number }): ResultCheck {
  const p = r.proportion;
  const label = 'Map mass inside the region';
  if (!Number.isFinite(p)) return noFigureCheck('energy-pointing', label, 'percent', 'No figure: the map has no positive value (every value is zero or below), so none of its mass points anywhere.');
  const status: CheckStatus = p >= 0.5 ? 'ok' : p > r.areaShare ? 'warn' : 'fail';
  return { id: 'energy-pointing', label, value: p, format: 'percent', status, detail: `${pct(p)} of the map’s mass lies in the region, which covers ${pct(r.areaShare)} of the image. ${TRUST_RULES.energyPointing}` };
}

/** Pointing game against a reference region; badge by TRUST_RULES.pointing. `hits` of `of` images (1 of 1 for one image). */
export function pointingCheck(hits: number, of: number): ResultCheck {
  const status: CheckStatus = of > 0 && hits === of ? 'ok' : hits / of >= 0.5 ? 'warn' : 'fail';
  const detail = of === 1 ? `The map’s strongest point is ${hits ? 'inside' : 'outside'} the region. ${TRUST_RULES.pointing}` : `The strongest point is inside the region on ${hits} of ${of} images.`;
  return { id: 'pointing', label: 'Strongest point inside the region', value: hits, of, format: 'count', status, detail };
}
