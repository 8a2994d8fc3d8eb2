import { describe, expect, it } from 'vitest';
import { emptyMapText, isEmptyMap, oodBanner, saturationNote, strengthText } from './predictionText';

describe('what the prediction panel says', () => {
  it('notes saturation only within 1e-3 of 0 or 1, and says which score is explained', () => {
    expect(saturationNote('cyst', 0.97, 'probability', true)).toBeNull();
    const top = saturationNote('cyst', 0.99996, 'logit', true)!;
    expect(top).toContain('“cyst” is saturated (> 99.9%, within 0.001 of 1)');
    expect(top).toContain('measures the logit (log-odds)');
    expect(top).not.toContain('100.0%');
    const low = saturationNote('lesion', 0.00002, 'probability', true)!;
    expect(low).toContain('(< 0.1%, within 0.001 of 0)');
    expect(low).toContain('choose the logit');
    expect(saturationNote('cyst', 0.9999, 'probability', false)).toContain('This method reads the logit');
  });

  it('words an empty map honestly: at saturation it blames the flat probability, not the image', () => {
    const sat = emptyMapText('cyst', 0.99999, 'probability');
    expect(sat).toContain('saturated (> 99.9%)');
    expect(sat).not.toMatch(/no evidence for this class/);
    expect(sat).toContain('logit (log-odds)');
    const plain = emptyMapText('normal', 0.4, 'probability');
    expect(plain).toContain('no part of the image moved the probability of “normal” measurably');
    expect(emptyMapText('normal', 0.99999, 'logit')).toContain('moved the logit');
  });

  it('counts a probability map below float32 noise as empty, but not a tiny logit map', () => {
    expect(isEmptyMap(new Float32Array([0, 0, 0]), 'logit')).toBe(true);
    expect(isEmptyMap(new Float32Array([3e-8, -5e-7, 0]), 'probability')).toBe(true);
    expect(isEmptyMap(new Float32Array([3e-8, -5e-7, 0]), 'logit')).toBe(false);
    expect(isEmptyMap(new Float32Array([0, 0.002, 0]), 'probability')).toBe(false);
  });

  it('warns when out of distribution, says when it cannot judge, and stays quiet when in', () => {
    expect(oodBanner(undefined)).toBeNull();
    expect(oodBanner({ status: 'in', distance: 3, threshold: 5, sentence: 'like the training images' })).toBeNull();
    expect(oodBanner({ status: 'out', distance: 9, threshold: 5, sentence: 's' })).toMatchObject({ tone: 'warn', sentence: 's' });
    expect(oodBanner({ status: 'unknown', sentence: 'Glassbox cannot judge this' })).toMatchObject({ tone: 'muted' });
  });
});

describe('the legend says how strong a map of another class is', () => {
  it('gives the share of the top class map, or says the map is rescaled', () => {
    expect(strengthText(undefined)).toBeNull();
    const rel = strengthText({ kind: 'relative', share: 0.9 / 72.6, topLabel: 'cyst' })!;
    expect(rel).toContain('On the scale of the map of “cyst” (the top class)');
    expect(rel).toContain('1.2% of'); // 0.9 / 72.6 = 1.24%
    expect(strengthText({ kind: 'relative', share: 1, topLabel: 'cyst' })).toContain('as strong as');
    expect(strengthText({ kind: 'rescaled', topLabel: 'cyst' })).toMatch(/^Rescaled to its own maximum/);
  });
});
