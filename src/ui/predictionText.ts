// What the prediction panel says about how far the prediction itself can be believed: saturation and the
// score explained, and the out-of-distribution verdict. Pure, so Node tests read the exact sentences.

import type { ExplainScore, OodVerdict } from '../shared/types';
import { formatNumber, formatProbability, isSaturated } from '../shared/readable';
import { t } from '../shared/i18n';

/**
 * The saturation note for the explained class (`label`, probability `p`), or null when `p` is not within
 * 1e-3 of 0 or 1. `score` is the class score explanations measure now; `followsChoice` whether the current
 * method measures it by forward passes (gradient and CAM methods differentiate the logit anyway).
 */
export function saturationNote(label: string, p: number, score: ExplainScore, followsChoice: boolean): string | null {
  if (!isSaturated(p)) return null;
  const where = p >= 0.5 ? '1' : '0';
  const head = t('viewer:saturation.head', { label, p: formatProbability(p), where });
  if (!followsChoice) return t('viewer:saturation.readsLogit', { head });
  return score === 'logit' ? t('viewer:saturation.measuresLogit', { head }) : t('viewer:saturation.measuresProbability', { head });
}

/** The out-of-distribution warning's class and heading, or null when the verdict is that the image is like the training images. */
export function oodBanner(v: OodVerdict | undefined): { tone: 'warn' | 'muted'; heading: string; sentence: string } | null {
  if (!v) return null;
  if (v.status === 'in') return null;
  if (v.status === 'out') return { tone: 'warn', heading: t('viewer:ood.out'), sentence: v.sentence };
  return { tone: 'muted', heading: t('viewer:ood.unknown'), sentence: v.sentence };
}

/**
 * Whether a map shows nothing: every value 0, or a map of probabilities whose values are all below 1e-6
 * (float32 rounding near a probability of 1 is 6e-8: such values are noise, not evidence).
 */
export function isEmptyMap(values: ArrayLike<number>, score: ExplainScore | undefined): boolean {
  const floor = score === 'probability' ? 1e-6 : 0;
  for (let i = 0; i < values.length; i++) if (Math.abs(values[i]) > floor) return false;
  return true;
}

/**
 * What an empty map means. At a saturated probability (`p` of the class, `score` the run measured) it says
 * the probability did not move and offers the logit, instead of claiming there is no evidence.
 */
export function emptyMapText(label: string, p: number | undefined, score: ExplainScore | undefined): string {
  if (score === 'probability' && p !== undefined && isSaturated(p)) {
    return t('viewer:empty.saturated', { label, p: formatProbability(p) });
  }
  const what = score === 'logit' ? 'logit' : score === 'probability' ? 'probability' : 'score';
  return t(`viewer:empty.${what}`, { label });
}

/** (honest) How a map's brightness relates to the top class's map: on its scale (with this map's share of its maximum), or rescaled to its own maximum. */
export type LegendStrength = { kind: 'relative'; share: number; topLabel: string } | { kind: 'rescaled'; topLabel: string };

/** The legend's sentence on strength (null for the top class's own map). */
export function strengthText(s: LegendStrength | undefined): string | null {
  if (!s) return null;
  if (s.kind === 'relative') {
    return s.share >= 0.995 ? t('viewer:strength.asStrong', { top: s.topLabel }) : t('viewer:strength.share', { top: s.topLabel, share: formatNumber(s.share * 100, 2) });
  }
  return t('viewer:strength.rescaled', { top: s.topLabel });
}
