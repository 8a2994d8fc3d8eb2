// The CSV is read back with d3-dsv's RFC 4180 parser (another implementation), so escaping is checked by
// round trip, not by comparing with our own strings alone.
import { describe, expect, it } from 'vitest';
import { csvParseRows } from 'd3';
import type { BatchRow } from '../../shared/batch';
import { BATCH_CSV_HEADER, batchCsv, csvField } from './batchCsv';

const row = (over: Partial<BatchRow>): BatchRow => ({
  key: 'k', name: 'a.png', status: 'done', labels: ['normal', 'lesion', 'cyst'], probabilities: [0.1, 0.7, 0.2], top: 1, units: 'logit-change',
  deletion: { auc: 0.25, randomAuc: 0.5, status: 'ok', check: { id: 'deletion-auc', label: 'Deletion AUC', value: 0.25, format: 'number' }, baseline: 'blur' },
  checks: { ok: 1, warn: 0, fail: 0, unrated: 0, text: '1 ok' }, ms: 12, ...over,
});

function parse(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv.endsWith('\r\n')).toBe(true);
  return csvParseRows(csv.slice(1).replace(/\r\n$/, ''));
}

describe('batchCsv', () => {
  it('has the header and one line per row, with the numbers unrounded and the probability shown honestly', () => {
    const rows = [row({ trueLabel: 'lesion' }), row({ key: 'b', name: 'b.png', probabilities: [0.00001, 0.99998, 0.00001], trueLabel: 'cyst' })];
    const t = parse(batchCsv(rows, 'Grad-CAM'));
    expect(t[0]).toEqual([...BATCH_CSV_HEADER]);
    expect(t).toHaveLength(3);
    const h = (name: string) => BATCH_CSV_HEADER.indexOf(name as (typeof BATCH_CSV_HEADER)[number]);
    expect(t[1][h('file')]).toBe('a.png');
    expect(t[1][h('predicted class')]).toBe('lesion');
    expect(t[1][h('probability')]).toBe('0.7');
    expect(t[1][h('probability (as shown)')]).toBe('70.0%');
    expect(t[1][h('correct')]).toBe('yes');
    expect(t[1][h('method')]).toBe('Grad-CAM');
    expect(t[1][h('deletion AUC')]).toBe('0.25');
    expect(t[1][h('random order AUC')]).toBe('0.5');
    expect(t[1][h('deletion badge')]).toBe('good');
    expect(t[1][h('deletion baseline')]).toBe('blur');
    expect(t[2][h('probability')]).toBe('0.99998');
    expect(t[2][h('probability (as shown)')]).toBe('> 99.9%');
    expect(t[2][h('correct')]).toBe('no');
  });

  it('escapes commas, quotes and line breaks so the names come back whole', () => {
    const names = ['x, y.png', 'say "hi".png', 'two\nlines.png', 'folder/ü 名前.png'];
    const t = parse(batchCsv(names.map((name, i) => row({ key: String(i), name })), 'LIME'));
    expect(t.slice(1).map((r) => r[0])).toEqual(names);
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });

  it('keeps a file name from running as a formula in a spreadsheet, but not a negative number', () => {
    const t = parse(batchCsv([row({ name: '=HYPERLINK("x")', deletion: { auc: -0.5, randomAuc: NaN, check: { id: 'd', label: 'd', value: -0.5, format: 'number' }, baseline: 'blur' } })], 'LIME'));
    expect(t[1][0]).toBe(`'=HYPERLINK("x")`);
    expect(t[1][BATCH_CSV_HEADER.indexOf('deletion AUC')]).toBe('-0.5');
    expect(t[1][BATCH_CSV_HEADER.indexOf('random order AUC')]).toBe('');
    expect(t[1][BATCH_CSV_HEADER.indexOf('deletion badge')]).toBe('');
  });

  it('writes a failed image with its error and empty figures', () => {
    const failed: BatchRow = { key: 'f', name: 'bad.png', status: 'failed', error: { title: 'Cannot read "bad.png"', detail: 'Not an image, it seems.', action: 'x' }, labels: [], probabilities: [], top: -1, ms: 0 };
    const t = parse(batchCsv([failed], 'LIME'));
    const r = Object.fromEntries(BATCH_CSV_HEADER.map((k, i) => [k, t[1][i]]));
    expect(r).toMatchObject({ file: 'bad.png', status: 'failed', error: 'Cannot read "bad.png": Not an image, it seems.', 'predicted class': '', probability: '', 'deletion AUC': '', correct: '' });
  });
});
