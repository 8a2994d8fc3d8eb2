// How the figures of a result spec read as text (shared/attribution.ts): pure, so it runs in Node tests.

import type { ResultCheck } from '../shared/types';
import { formatNumber, formatProbability } from '../shared/readable';
import { LANGUAGE_TAGS, currentLanguage, t } from '../shared/i18n';

/**
 * A check's value as a person reads it: a percentage (one decimal), "32 of 2000", or three significant digits in
 * plain decimals (never scientific notation). A value that is not a number (a figure not measured, e.g. of a flat
 * map) reads "–", never "NaN".
 */
export function checkValue(c: ResultCheck): string {
  if (!Number.isFinite(c.value)) return '–';
  if (c.format === 'percent') return new Intl.NumberFormat(LANGUAGE_TAGS[currentLanguage()], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(c.value);
  if (c.format === 'probability') return formatProbability(c.value);
  if (c.format === 'count') return c.of !== undefined ? t('viewer:check.countOf', { value: c.value, of: c.of }) : String(c.value);
  return formatNumber(c.value);
}

/** One line per check, whatever the method: "label = value (verdict). detail". */
export function checkLine(c: ResultCheck): string {
  const value = checkValue(c);
  const line = c.status ? t('viewer:check.lineStatus', { label: c.label, value, status: t(`viewer:check.status.${c.status}`) }) : t('viewer:check.line', { label: c.label, value });
  return c.detail ? t('viewer:check.detail', { line, detail: c.detail }) : line;
}
