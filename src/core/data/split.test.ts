import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split';

describe('stratified split', () => {
  const labels = Array.from({ length: 103 }, (_, i) => (i < 60 ? 0 : i < 90 ? 1 : 2)); // 60 / 30 / 13

  it('keeps each class in proportion, and uses every index exactly once', () => {
    const s = stratifiedSplit(labels, 0.2, 7);
    const count = (idx: number[], c: number) => idx.filter((i) => labels[i] === c).length;
    expect([0, 1, 2].map((c) => count(s.validation, c))).toEqual([12, 6, 3]);
    expect([0, 1, 2].map((c) => count(s.train, c))).toEqual([48, 24, 10]);
    expect([...s.train, ...s.validation].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(stratifiedSplit(labels, 0.2, 7)).toEqual(stratifiedSplit(labels, 0.2, 7));
    expect(stratifiedSplit(labels, 0.2, 8).validation).not.toEqual(stratifiedSplit(labels, 0.2, 7).validation);
  });

  it("does not reshuffle a class when another class gets more images", () => {
    const more = [...labels, 2, 2, 2, 2];
    const a = stratifiedSplit(labels, 0.2, 7).validation.filter((i) => labels[i] === 0);
    const b = stratifiedSplit(more, 0.2, 7).validation.filter((i) => more[i] === 0);
    expect(b).toEqual(a);
  });

  it('holds out at least one image of a small class, and never its only image', () => {
    const s = stratifiedSplit([0, 0, 0, 1, 1, 2], 0.1, 1);
    expect(s.validation.map((i) => [0, 0, 0, 1, 1, 2][i]).sort()).toEqual([0, 1]);
    expect(s.train).toContain(5);
    expect(stratifiedSplit([0, 1, 0, 1], 0, 1).validation).toEqual([]);
  });
});
