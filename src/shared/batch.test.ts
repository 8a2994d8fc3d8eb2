import { describe, expect, it } from 'vitest';
import { formatProbability, summariseChecks } from './batch';
import type { ResultCheck } from './attribution';

describe('formatProbability', () => {
  it('never reads as certainty: > 99.9% and < 0.1% at the ends, one decimal between', () => {
    expect(formatProbability(1)).toBe('> 99.9%');
    expect(formatProbability(0.99995)).toBe('> 99.9%');
    expect(formatProbability(0.9991)).toBe('> 99.9%');
    expect(formatProbability(0.999)).toBe('99.9%');
    expect(formatProbability(0.9994)).toBe('> 99.9%');
    expect(formatProbability(0.9986)).toBe('99.9%');
    expect(formatProbability(0.5)).toBe('50.0%');
    expect(formatProbability(0.0123)).toBe('1.2%');
    expect(formatProbability(0.001)).toBe('0.1%');
    expect(formatProbability(0.0004)).toBe('< 0.1%');
    expect(formatProbability(0)).toBe('< 0.1%');
    expect(formatProbability(NaN)).toBe('–');
    for (let p = 0; p <= 1; p += 0.00007) expect(formatProbability(p)).not.toMatch(/^(100\.0|0\.0)%$/);
  });
});

describe('summariseChecks', () => {
  const c = (id: string, status?: ResultCheck['status']): ResultCheck => ({ id, label: id, value: 1, format: 'number', ...(status ? { status } : {}) });
  it('counts by badge and names the weak and failing ones, failing first', () => {
    expect(summariseChecks([c('a', 'ok'), c('R²', 'warn'), c('gap', 'fail'), c('f(x)'), c('b', 'ok')])).toEqual({ ok: 2, warn: 1, fail: 1, unrated: 1, text: 'gap fails; R² weak; 2 ok' });
    expect(summariseChecks([])).toEqual({ ok: 0, warn: 0, fail: 0, unrated: 0, text: 'none' });
    expect(summariseChecks([c('evaluations')]).text).toBe('none');
  });
});
