import { describe, expect, it } from 'vitest';
import { buildWaterfall, ellipsize } from './waterfall';

describe('waterfall rows and axis', () => {
  it('spans the data, not from 0, at a confident prediction (base 0.780 → f(x) 0.995)', () => {
    const values = [0.03, 0.1, 1e-9, 0.08, 0.005];
    const { rows, domain } = buildWaterfall({ values, start: { value: 0.78, label: 'base value E[f]' }, end: { value: 0.995, label: 'f(x)' }, top: 10 });
    // By hand: sorted 0.1, 0.08, 0.03, 0.005 run 0.78 → 0.88 → 0.96 → 0.99 → 0.995; 1e-9 is below 1e-6 of the
    // range 0.215 (2.15e-7), so it joins "other". Domain 0.78 … 0.995000001 padded by 4% of 0.215000001.
    expect(rows.map((r) => r.kind)).toEqual(['start', 'segment', 'segment', 'segment', 'segment', 'rest', 'end']);
    const segs = rows.filter((r) => r.kind === 'segment');
    expect(segs.map((r) => r.id)).toEqual([1, 3, 0, 4]);
    expect(segs[0].from).toBeCloseTo(0.78, 12);
    expect(segs[3].to).toBeCloseTo(0.995, 12);
    const rest = rows.find((r) => r.kind === 'rest')!;
    expect(rest.kind === 'rest' && rest.count).toBe(1);
    expect(rest.kind === 'rest' && rest.noise).toBe(1);
    const pad = 0.215000001 * 0.04;
    expect(domain[0]).toBeCloseTo(0.78 - pad, 9);
    expect(domain[1]).toBeCloseTo(0.995000001 + pad, 9);
    // The strongest bar now covers 0.1 / 0.232 = 43% of the axis (it was 0.1 / 1.04 ≈ 10% from 0).
    expect(0.1 / (domain[1] - domain[0])).toBeGreaterThan(0.4);
  });

  it('sums regions below their standard error into "other", however few regions there are', () => {
    const { rows } = buildWaterfall({ values: [0.2, -0.01, 0.05], stderr: [0.02, 0.02, 0.01], start: { value: 0.5, label: 'intercept' }, top: 10 });
    const segs = rows.filter((r) => r.kind === 'segment');
    expect(segs.map((r) => r.id)).toEqual([0, 2]);
    const rest = rows.find((r) => r.kind === 'rest');
    expect(rest).toMatchObject({ kind: 'rest', count: 1, noise: 1, value: -0.01 });
    // "other" starts where the shown bars end: 0.5 + 0.2 + 0.05.
    expect(rest && rest.kind === 'rest' && rest.from).toBeCloseTo(0.75, 12);
  });

  it('keeps 0 in a plain bar chart (no start value) and keeps only the top k', () => {
    const { rows, domain } = buildWaterfall({ values: [0.3, 0.2, 0.1, 0.4], top: 2 });
    expect(rows.filter((r) => r.kind === 'segment').map((r) => r.id)).toEqual([3, 0]);
    expect(rows.find((r) => r.kind === 'rest')).toMatchObject({ count: 2, noise: 0 });
    expect(domain[0]).toBeLessThan(0);
    expect(domain[1]).toBeGreaterThan(0.4);
  });

  it('gives a non-empty domain when every value is zero', () => {
    const { domain } = buildWaterfall({ values: [0, 0], start: { value: 1, label: 's' }, end: { value: 1, label: 'e' }, top: 5 });
    expect(domain[1]).toBeGreaterThan(domain[0]);
  });
});

describe('ellipsize', () => {
  it('cuts long labels with an ellipsis and leaves short ones', () => {
    expect(ellipsize('base value E[f]', 10)).toBe('base valu…');
    expect(ellipsize('f(x)', 10)).toBe('f(x)');
    expect([...ellipsize('a very long class name indeed', 12)].length).toBe(12);
  });
});
