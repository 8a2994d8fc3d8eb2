// The batch table as CSV (RFC 4180): one header line, one line per image, CRLF line ends, a UTF-8 byte
// order mark (so spreadsheet programs read non-Latin file names right). Text fields that a spreadsheet
// would run as a formula (starting with = + - @, tab or CR) get a leading apostrophe (OWASP "CSV
// injection"); numbers are written in full, unrounded (the table shows them rounded), NaN as empty.

import type { BatchRow } from '../../shared/batch';
import { formatProbability } from '../../shared/batch';
import type { CheckStatus } from '../../shared/attribution';

export const BATCH_CSV_HEADER = [
  'file',
  'true label',
  'predicted class',
  'probability',
  'probability (as shown)',
  'correct',
  'method',
  'units',
  'score explained',
  'deletion AUC',
  'random order AUC',
  'deletion baseline',
  'deletion badge',
  'result checks',
  'status',
  'error',
  'ms',
] as const;

/** Badge words, as the trust figures say them (checks.ts: good / weak / fails). */
export const BADGE: Record<CheckStatus, string> = { ok: 'good', warn: 'weak', fail: 'fails' };

/** One CSV field: numbers in full (NaN/undefined empty), text guarded against formulas and quoted when needed. */
export function csvField(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The cells of one row, in BATCH_CSV_HEADER order. `method`: the method's label. */
export function batchCsvCells(r: BatchRow, method: string): (string | number | undefined)[] {
  const predicted = r.top >= 0 ? r.labels[r.top] : undefined;
  const p = r.top >= 0 ? r.probabilities[r.top] : undefined;
  const correct = r.trueLabel === undefined || predicted === undefined ? undefined : r.trueLabel === predicted ? 'yes' : 'no';
  return [
    r.name,
    r.trueLabel,
    predicted,
    p,
    p === undefined ? undefined : formatProbability(p),
    correct,
    method,
    r.units,
    r.score,
    r.deletion?.auc,
    r.deletion?.randomAuc,
    r.deletion?.baseline,
    r.deletion?.status ? BADGE[r.deletion.status] : undefined,
    r.checks?.text,
    r.status,
    r.error ? `${r.error.title}: ${r.error.detail}` : undefined,
    r.ms,
  ];
}

/** The whole table: BOM, header, one line per row (in the order given), CRLF after every line. */
export function batchCsv(rows: readonly BatchRow[], method: string): string {
  const lines = [BATCH_CSV_HEADER.map(csvField).join(','), ...rows.map((r) => batchCsvCells(r, method).map(csvField).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
