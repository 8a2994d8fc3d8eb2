import { describe, expect, it } from 'vitest';
import { effectiveScore, loadScoreChoice, saveScoreChoice, SCORE_CHOICE_KEY } from './scoreChoice';
import { isGlassboxStore } from '../shared/storeNames';

function memory(): Storage {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) } as Storage;
}

describe('Explain: probability / logit', () => {
  it('switches to the logit at a saturated probability only when left on auto', () => {
    expect(effectiveScore('auto', 0.99995)).toBe('logit');
    expect(effectiveScore('auto', 0.0002)).toBe('logit'); // a class the model gives ~0%
    expect(effectiveScore('auto', 0.97)).toBe('probability');
    expect(effectiveScore('auto', undefined)).toBe('probability');
    expect(effectiveScore('probability', 0.99995)).toBe('probability');
    expect(effectiveScore('logit', 0.5)).toBe('logit');
  });

  it('is remembered under a glassbox- name, and survives odd or blocked storage', () => {
    expect(isGlassboxStore(SCORE_CHOICE_KEY)).toBe(true);
    const s = memory();
    expect(loadScoreChoice(s)).toBe('auto');
    saveScoreChoice('logit', s);
    expect(s.getItem(SCORE_CHOICE_KEY)).toBe('logit');
    expect(loadScoreChoice(s)).toBe('logit');
    s.setItem(SCORE_CHOICE_KEY, 'banana');
    expect(loadScoreChoice(s)).toBe('auto');
    const blocked = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('SecurityError'); } };
    expect(loadScoreChoice(blocked)).toBe('auto');
    expect(() => saveScoreChoice('probability', blocked)).not.toThrow();
    expect(loadScoreChoice(null)).toBe('auto');
  });
});
