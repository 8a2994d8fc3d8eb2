// How the figures of a result spec read as text (shared/attribution.ts): pure, so it runs in Node tests.

import type { ResultCheck } from '../shared/types';
import { formatNumber, formatProbability } from '../shared/readable';

/**
 * A check's value as a person reads it: a percentage (one decimal), "32 of 2000", or three significant digits in
 * plain decimals (never scientific notation). A value that is not a number (a figure not measured, e.g. of a flat
 * map) reads "–", never "NaN".
 */
export function checkValue(c: ResultCheck): string {
  if (!Number.isFinite(c.value)) return '–';
  if (c.format === 'percent') return `${(c.value * 100).toFixed(1)}%`;
  if (c.format === 'probability') return formatProbability(c.value);
  if (c.format === 'count') return c.of !== undefined ? `${c.value} of ${c.of}` : String(c.value);
  return formatNumber(c.value);
}

const STATUS_WORD: Record<NonNullable<ResultCheck['status']>, string> = { ok: 'ok', warn: 'look closer', fail: 'failed' };

/** One line per check, whatever the method: "label = value (verdict). detail". */
export function checkLine(c: ResultCheck): string {
  return `${c.label} = ${checkValue(c)}${c.status ? ` (${STATUS_WORD[c.status]})` : ''}${c.detail ? `. ${c.detail}` : ''}`;
}
