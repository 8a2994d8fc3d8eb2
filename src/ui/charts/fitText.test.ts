import { describe, expect, it } from 'vitest';
import { fitText, labelColumn } from './fitText';

// A monospace stand-in for the browser: 7 px per code point (the ellipsis is one).
const mono = (s: string) => [...s].length * 7;

describe('fitText', () => {
  it('keeps a label that fits whole', () => {
    expect(fitText('diseased leaves', 15 * 7, mono)).toBe('diseased leaves');
  });
  it('cuts the end, never the start, and adds an ellipsis', () => {
    // 8 characters of room: 7 characters + "…" → "diseas" + "e" → "disease…"
    expect(fitText('diseased leaves', 56, mono)).toBe('disease…');
    expect(fitText('Recyclable plastic', 70, mono)).toBe('Recyclabl…');
  });
  it('drops a trailing space before the ellipsis', () => {
    // 10 characters of room: "diseased " + "…" would be 10; the space is trimmed → "diseased…"
    expect(fitText('diseased leaves', 70, mono)).toBe('diseased…');
  });
  it('falls back to the ellipsis alone when nothing else fits', () => {
    expect(fitText('lesion', 3, mono)).toBe('…');
  });
  it('does not split a surrogate pair', () => {
    expect(fitText('🍎🍎🍎🍎', 21, mono)).toBe('🍎🍎…');
  });
  it('uses the measured widths, not the character count', () => {
    // A proportional font: "i" is narrow, "W" wide.
    const prop = (s: string) => [...s].reduce((w, c) => w + (c === 'i' ? 3 : c === 'W' ? 12 : c === '…' ? 8 : 7), 0);
    expect(fitText('iiiiiiiiii', 30, prop)).toBe('iiiiiiiiii'); // 10 × 3 = 30 fits
    expect(fitText('WWWW', 40, prop)).toBe('WW…'); // 12 + 12 + 8 = 32 ≤ 40; 3 W + … = 44 > 40
  });
});

describe('labelColumn', () => {
  it('fits the widest label plus padding', () => {
    expect(labelColumn([40, 88, 60], 320)).toBe(98);
  });
  it('never takes more than 42% of the chart', () => {
    expect(labelColumn([300], 300)).toBe(126);
  });
  it('keeps a minimum for short labels', () => {
    expect(labelColumn([10], 300)).toBe(48);
  });
});
