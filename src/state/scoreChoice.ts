// "Explain: probability / logit (log-odds)": which class score the methods that measure it by forward passes
// (LIME, SHAP, occlusion, RISE) explain. Remembered in localStorage under a glassbox- name (storeNames.ts),
// so "Forget everything" removes it.

import { t } from '../shared/i18n';
import type { ExplainScore } from '../shared/types';
import { isSaturated } from '../shared/readable';

/** 'auto': the probability, or the logit when the explained class's probability is saturated (the default). */
export type ScoreChoice = 'auto' | 'probability' | 'logit';

export const SCORE_CHOICE_KEY = 'glassbox-explain-score';

export const SCORE_CHOICES: { value: ScoreChoice; label: string }[] = [
  // Getters: the label is read in the language of the moment.
  { value: 'auto', get label() { return t('state:score.auto'); } },
  { value: 'probability', get label() { return t('state:score.probability'); } },
  { value: 'logit', get label() { return t('state:score.logit'); } },
];

type KeyStore = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): KeyStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // the browser blocks storage
  }
}

/** The remembered choice, 'auto' when none (or an unknown value, or no storage). */
export function loadScoreChoice(store: KeyStore | null = storage()): ScoreChoice {
  try {
    const v = store?.getItem(SCORE_CHOICE_KEY);
    return v === 'probability' || v === 'logit' || v === 'auto' ? v : 'auto';
  } catch {
    return 'auto';
  }
}

/** Remembers the choice; a browser that blocks storage keeps it for this page only. */
export function saveScoreChoice(choice: ScoreChoice, store: KeyStore | null = storage()): void {
  try {
    store?.setItem(SCORE_CHOICE_KEY, choice);
  } catch {
    // storage full or blocked: the choice still holds until the page closes
  }
}

/**
 * The class score to explain: the person's choice, or for 'auto' the logit when `probability` (of the class
 * being explained, 0..1) is saturated (within 1e-3 of 0 or 1) and the probability otherwise (also while
 * no prediction is known).
 */
export function effectiveScore(choice: ScoreChoice, probability: number | undefined): ExplainScore {
  if (choice !== 'auto') return choice;
  return probability !== undefined && isSaturated(probability) ? 'logit' : 'probability';
}
