import { describe, expect, it } from 'vitest';
import { partsOf, teachingDataset } from './teachingSet';
import { stratifiedSplit } from './split';
import { SHORTCUT } from './synthetic';

describe('teaching set drawn for the trainer\'s split', () => {
  it('puts exactly the split\'s validation indices in validation', () => {
    const labels = Array.from({ length: 90 }, (_, i) => i % 3);
    const parts = partsOf(labels, 0.2, 7);
    const val = stratifiedSplit(labels, 0.2, 7).validation;
    expect(parts.flatMap((p, i) => (p === 'validation' ? [i] : []))).toEqual(val);
  });

  it('the marker follows the lesion class in the training part only (counted)', () => {
    const ds = teachingDataset(1001, 300, { difficulty: 'medium', shortcut: true }, { size: 24, validationFraction: 0.3, splitSeed: 3 });
    const share = (part: 'train' | 'validation', lesion: boolean) => {
      const xs = ds.filter((s) => s.part === part && (s.label === SHORTCUT.label) === lesion);
      return xs.filter((s) => s.marker).length / xs.length;
    };
    expect(share('train', true)).toBeGreaterThan(0.85);
    expect(share('train', false)).toBeLessThan(0.1);
    // validation: lesions and the rest carry it about equally often (about half)
    expect(Math.abs(share('validation', true) - share('validation', false))).toBeLessThan(0.25);
    expect(share('validation', false)).toBeGreaterThan(0.3);
  });
});
