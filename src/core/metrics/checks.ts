// Each trust figure as a ResultCheck (shared/attribution.ts): a value, a badge (status ok = good, warn =
// weak, fail = fails) set by a stated rule, and one plain-language line, so the UI renders every figure
// the same way without knowing where it came from. The rules are in TRUST_RULES, quoted in each detail.

import type { CheckStatus, ResultCheck } from '../../shared/attribution';
import { scoreAt, trapezoidAuc, type Curve, type CurveResult } from './deletion';
import type { RandomisationResult } from './randomisation';
import { t } from '../../shared/i18n';

type RuleId = 'deletion' | 'insertion' | 'randomisation' | 'stability' | 'energyPointing' | 'pointing';
const rule = (id: RuleId) => t(`metrics:rules.${id}`);

/** The rule behind each badge, in plain words (shown with the figure), in the current language when read. */
export const TRUST_RULES: Readonly<Record<RuleId, string>> = {
  get deletion() {
    return rule('deletion');
  },
  get insertion() {
    return rule('insertion');
  },
  get randomisation() {
    return rule('randomisation');
  },
  get stability() {
    return rule('stability');
  },
  get energyPointing() {
    return rule('energyPointing');
  },
  get pointing() {
    return rule('pointing');
  },
};

/** The sentence of a figure a flat map does not have (deletion, insertion, pointing, stability), in the current language. */
export function flatMapNoFigure(): string {
  return t('metrics:flat.noFigure');
}

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
  return noFigureCheck(`${mode}-auc`, t(`metrics:labels.${mode}`), 'number', flatMapNoFigure());
}

/** The pointing game of a flat map: it has no strongest point, so no figure and no badge. */
export function flatPointingCheck(): ResultCheck {
  return { ...noFigureCheck('pointing', t('metrics:labels.pointing'), 'count', t('metrics:flat.pointing')), of: 1 };
}

/** Energy pointing of a flat map: its mass is spread evenly (or is none), so it points nowhere: no figure, no badge. */
export function flatEnergyPointingCheck(): ResultCheck {
  return noFigureCheck('energy-pointing', t('metrics:labels.energy'), 'percent', t('metrics:flat.energy'));
}

/** 2 decimals, no scientific notation (people read these). */
const f2 = (v: number) => (Math.abs(v) < 0.005 ? '0.00' : v.toFixed(2));
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Margin ≥ 0.05 good, > 0 weak, else fails. */
function marginStatus(margin: number): CheckStatus {
  return margin >= 0.05 ? 'ok' : margin > 0 ? 'warn' : 'fail';
}

/**
 * A curve's area with every score held inside [lo, hi] (trapezoid over its fractions, as Curve.auc). The band
 * is what the curve's ends span, the baseline's score and the image's: partly hidden images are out of
 * distribution, and their logits can overshoot the image's own (a random insertion order reaching 12 on the
 * way to 5.9); counted as they are, the overshoot would pass for evidence. Equal to Curve.auc when no score
 * leaves the band.
 */
export function bandedAuc(c: Curve, lo: number, hi: number): number {
  return trapezoidAuc(c.fractions, c.scores.map((s) => Math.min(hi, Math.max(lo, s))));
}

/**
 * The map's and the random order's areas as the badge judges them: both held between the map curve's two
 * ends [lo, hi] (bandedAuc), returned with that band. NaN for a curve that is not there or not complete.
 */
export function heldAucs(r: Pick<CurveResult, 'curve' | 'random'>): { auc: number; randomAuc: number; lo: number; hi: number } {
  const ends = [r.curve.scores[0], r.curve.scores[r.curve.scores.length - 1]];
  const lo = Math.min(...ends);
  const hi = Math.max(...ends);
  return { auc: bandedAuc(r.curve, lo, hi), randomAuc: r.random ? bandedAuc(r.random, lo, hi) : NaN, lo, hi };
}

/**
 * The check of a deletion or insertion curve (Petsiuk et al. 2018): value = the map's AUC held between the
 * curve's two ends (bandedAuc: the area the badge judges and the line states), badge by
 * TRUST_RULES against the random order's AUC, and the line "removing the 10% most important pixels drops
 * the probability from 0.99 to 0.12; a random order drops it to 0.85" (at `fraction`, default 0.1).
 * The badge compares the areas with the scores held between the curve's two ends (bandedAuc; the rule
 * says so, and the line gives those areas). A cancelled run (AUC NaN) is 'warn' and says so; without random orders
 * there is no badge.
 */
export function curveCheck(r: CurveResult, fraction = 0.1): ResultCheck {
  const del = r.mode === 'deletion';
  const id = `${r.mode}-auc`;
  const label = t(`metrics:labels.${r.mode}`);
  const score = r.score === 'probability' ? 'probability' : 'logit';
  if (!Number.isFinite(r.curve.auc)) {
    return { id, label, value: NaN, format: 'number', status: 'warn', detail: t('metrics:curve.stopped', { mode: t(`metrics:curve.modes.${r.mode}`), done: r.evaluations.done, total: r.evaluations.total }) };
  }
  const s0 = r.curve.scores[0];
  const s1 = scoreAt(r.curve, fraction);
  const verb = del ? (s1 <= s0 ? 'drops' : 'moves') : s1 >= s0 ? 'raises' : 'moves';
  let detail = t(`metrics:curve.${r.mode}.${verb}`, { percent: pct(fraction), score: t(`metrics:scores.${score}`), from: f2(s0), to: f2(s1) });
  if (!r.random) return { id, label, value: heldAucs(r).auc, format: 'number', detail: `${detail}${t('metrics:curve.end')}` };
  const sr = scoreAt(r.random, fraction);
  const randomVerb = del ? (sr <= s0 ? 'drops' : 'moves') : sr >= s0 ? 'raises' : 'moves';
  // Both curves run from the same two ends (the image and the baseline); scores beyond them count as the ends.
  const { auc: mapAuc, randomAuc, lo, hi } = heldAucs(r);
  detail += t(`metrics:curve.random.${randomVerb}`, { to: f2(sr), auc: f2(mapAuc), randomAuc: f2(randomAuc), rule: TRUST_RULES[r.mode] });
  const margin = del ? randomAuc - mapAuc : mapAuc - randomAuc;
  // A probability lies in [0, 1], so 0.05 of AUC is 5% of its range; a logit has no fixed range, so its
  // margin is taken relative to the band between the curve's ends (the same 5%).
  const span = score === 'probability' ? 1 : hi - lo;
  return { id, label, value: mapAuc, format: 'number', status: marginStatus(span > 0 ? margin / span : 0), detail };
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
  const lead = t(`metrics:randomisation.${unchanged ? 'unchanged' : status === 'warn' ? 'weak' : 'good'}`);
  return {
    id: 'randomisation',
    label: t('metrics:labels.randomisation', { layer: top.layer }),
    value: top.spearman,
    format: 'number',
    status,
    detail: t('metrics:randomisation.detail', { lead, top: f2(top.spearman), last: f2(last.spearman), layer: last.layer, stopped: r.cancelled ? t('metrics:randomisation.stoppedEarly') : '', rule: TRUST_RULES.randomisation }),
  };
}

/**
 * Seed stability of a sampled method: value ρ between two seeds' maps; badge by TRUST_RULES.stability.
 * NaN (one of the maps is flat, so ρ is undefined) gets no badge: the rule has nothing to judge.
 */
export function stabilityCheck(rho: number, seeds: [number, number]): ResultCheck {
  const label = t('metrics:labels.stability', { a: seeds[0], b: seeds[1] });
  if (Number.isNaN(rho)) return noFigureCheck('stability', label, 'number', t('metrics:flat.stability'));
  const status: CheckStatus = rho >= 0.8 ? 'ok' : rho >= 0.5 ? 'warn' : 'fail';
  const lead = t(status === 'ok' ? 'metrics:stability.good' : 'metrics:stability.bad');
  return { id: 'stability', label, value: rho, format: 'number', status, detail: `${lead} ${TRUST_RULES.stability}` };
}

/**
 * Energy-based pointing (Wang et al. 2020) against a reference region; badge by TRUST_RULES.energyPointing.
 * A proportion of NaN (energyPointing: the map has no positive mass, e.g. all zeros or all negative) gets
 * no badge and says so.
 */
export function energyPointingCheck(r: { proportion: number; areaShare: number }): ResultCheck {
  const p = r.proportion;
  const label = t('metrics:labels.energy');
  if (!Number.isFinite(p)) return noFigureCheck('energy-pointing', label, 'percent', t('metrics:flat.noPositive'));
  const status: CheckStatus = p >= 0.5 ? 'ok' : p > r.areaShare ? 'warn' : 'fail';
  return { id: 'energy-pointing', label, value: p, format: 'percent', status, detail: t('metrics:energy.detail', { share: pct(p), area: pct(r.areaShare), rule: TRUST_RULES.energyPointing }) };
}

/** Pointing game against a reference region; badge by TRUST_RULES.pointing. `hits` of `of` images (1 of 1 for one image). */
export function pointingCheck(hits: number, of: number): ResultCheck {
  const status: CheckStatus = of > 0 && hits === of ? 'ok' : hits / of >= 0.5 ? 'warn' : 'fail';
  const detail = of === 1 ? t(hits ? 'metrics:pointing.inside' : 'metrics:pointing.outside', { rule: TRUST_RULES.pointing }) : t('metrics:pointing.many', { hits, of });
  return { id: 'pointing', label: t('metrics:labels.pointing'), value: hits, of, format: 'count', status, detail };
}
