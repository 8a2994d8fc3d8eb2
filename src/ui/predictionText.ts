// What the prediction panel says about how far the prediction itself can be believed: saturation and the
// score explained, and the out-of-distribution verdict. Pure, so Node tests read the exact sentences.

import type { ExplainScore, OodVerdict } from '../shared/types';
import { formatNumber, formatProbability, isSaturated } from '../shared/readable';

/**
 * The saturation note for the explained class (`label`, probability `p`), or null when `p` is not within
 * 1e-3 of 0 or 1. `score` is the class score explanations measure now; `followsChoice` whether the current
 * method measures it by forward passes (gradient and CAM methods differentiate the logit anyway).
 */
export function saturationNote(label: string, p: number, score: ExplainScore, followsChoice: boolean): string | null {
  if (!isSaturated(p)) return null;
  const where = p >= 0.5 ? '1' : '0';
  const head = `The probability of “${label}” is saturated (${formatProbability(p)}, within 0.001 of ${where}): changing parts of the image barely moves it, so a change in probability is close to zero everywhere.`;
  if (!followsChoice) return `${head} This method reads the logit (log-odds), which still moves.`;
  return score === 'logit'
    ? `${head} So the explanation measures the logit (log-odds), which still moves.`
    : `${head} The explanation measures the probability, as chosen below; choose the logit (log-odds) to see what moves the model.`;
}

/** The out-of-distribution warning's class and heading, or null when the verdict is that the image is like the training images. */
export function oodBanner(v: OodVerdict | undefined): { tone: 'warn' | 'muted'; heading: string; sentence: string } | null {
  if (!v) return null;
  if (v.status === 'in') return null;
  if (v.status === 'out') return { tone: 'warn', heading: 'Unlike the training images', sentence: v.sentence };
  return { tone: 'muted', heading: 'Out of distribution: cannot judge', sentence: v.sentence };
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
    return `The map is empty because the probability of “${label}” is saturated (${formatProbability(p)}): hiding parts of the image did not move it measurably. That is not evidence that nothing matters: choose Explain: logit (log-odds) in the prediction panel to see what moves the model.`;
  }
  const what = score === 'logit' ? 'logit' : score === 'probability' ? 'probability' : 'score';
  return `The map is empty: no part of the image moved the ${what} of “${label}” measurably with this method and these settings. The model may see no evidence for this class here, or the settings may hide too little to matter.`;
}

/** (honest) How a map's brightness relates to the top class's map: on its scale (with this map's share of its maximum), or rescaled to its own maximum. */
export type LegendStrength = { kind: 'relative'; share: number; topLabel: string } | { kind: 'rescaled'; topLabel: string };

/** The legend's sentence on strength (null for the top class's own map). */
export function strengthText(s: LegendStrength | undefined): string | null {
  if (!s) return null;
  if (s.kind === 'relative') {
    return `On the scale of the map of “${s.topLabel}” (the top class), so its brightness compares: this map’s strongest value is ${s.share >= 0.995 ? 'as strong as' : `${formatNumber(s.share * 100, 2)}% of`} that map’s.`;
  }
  return `Rescaled to its own maximum: it looks as bright as the map of “${s.topLabel}” (the top class) whatever its real strength. Explain “${s.topLabel}” with the same method and settings to draw both on one scale.`;
}
