import { describe, expect, it } from 'vitest';
import { formatNumber, formatProbability, formatSigned, isSaturated } from './readable';

describe('readable numbers', () => {
  it('never says 100.0% or 0.0%: saturated probabilities read > 99.9% and < 0.1%', () => {
    expect(formatProbability(1)).toBe('> 99.9%');
    expect(formatProbability(0.99996)).toBe('> 99.9%'); // toFixed(1) would say 100.0%
    expect(formatProbability(0.9995)).toBe('> 99.9%');
    expect(formatProbability(0.9982)).toBe('99.8%'); // 1 - p = 0.0018 > 1e-3: not saturated
    expect(formatProbability(0.5)).toBe('50.0%');
    expect(formatProbability(0.0123)).toBe('1.2%');
    expect(formatProbability(0.0004)).toBe('< 0.1%'); // toFixed(1) would say 0.0%
    expect(formatProbability(0)).toBe('< 0.1%');
    expect(formatProbability(Number.NaN)).toBe('–');
    // No probability on a fine grid prints as 100.0% or 0.0%.
    for (let i = 0; i <= 100000; i++) {
      const t = formatProbability(i / 100000);
      expect(t).not.toBe('100.0%');
      expect(t).not.toBe('0.0%');
    }
  });

  it('calls a probability saturated within 1e-3 of 0 or 1', () => {
    expect(isSaturated(0.9991)).toBe(true);
    expect(isSaturated(0.0009)).toBe(true);
    expect(isSaturated(0.998)).toBe(false);
    expect(isSaturated(0.002)).toBe(false);
    expect(isSaturated(0.5)).toBe(false);
  });

  it('writes plain decimals with three significant digits, never scientific notation', () => {
    expect(formatNumber(72.6543)).toBe('72.7');
    expect(formatNumber(0.0412)).toBe('0.0412');
    expect(formatNumber(0.000123)).toBe('0.000123');
    expect(formatNumber(12345)).toBe('12,300');
    expect(formatNumber(-2.5)).toBe('−2.50');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(3e-9)).toBe('< 0.000001');
    expect(formatNumber(-3e-9)).toBe('> −0.000001');
    expect(formatNumber(1234567, 4)).toBe('1,235,000');
    for (const v of [1e-5, 3.3e-4, 7e7, -1.5e12, 123.456]) expect(formatNumber(v)).not.toMatch(/e/i);
  });

  it('signs changes', () => {
    expect(formatSigned(0.1234)).toBe('+0.123');
    expect(formatSigned(-0.0456)).toBe('−0.0456');
    expect(formatSigned(0)).toBe('0');
  });
});
