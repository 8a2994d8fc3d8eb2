import { describe, expect, it } from 'vitest';
import { SYNTHETIC_LABELS, syntheticDataset, syntheticSample } from './synthetic';
import { hashSeed, mulberry32 } from './rng';

describe('synthetic tissue dataset', () => {
  it('is deterministic for a seed: same seed and index, same pixels and mask', () => {
    const a = syntheticSample(42, 7, { size: 48 });
    const b = syntheticSample(42, 7, { size: 48 });
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(Buffer.from(a.mask).equals(Buffer.from(b.mask))).toBe(true);
    expect(a.seed).toBe(b.seed);
  });

  it('differs between seeds and between indices', () => {
    const a = syntheticSample(42, 7, { size: 48 });
    const c = syntheticSample(43, 7, { size: 48 });
    const d = syntheticSample(42, 10, { size: 48, label: a.label });
    expect(Buffer.from(a.image.data).equals(Buffer.from(c.image.data))).toBe(false);
    expect(Buffer.from(a.image.data).equals(Buffer.from(d.image.data))).toBe(false);
  });

  it('balances classes and gives masks only where there is evidence', () => {
    const ds = syntheticDataset(5, 30, { size: 40 });
    const counts = SYNTHETIC_LABELS.map((_, l) => ds.filter((s) => s.label === l).length);
    expect(counts).toEqual([10, 10, 10]);
    for (const s of ds) {
      const area = s.mask.reduce((a, b) => a + b, 0) / s.mask.length;
      if (s.label === 0) expect(area).toBe(0);
      else {
        expect(area).toBeGreaterThan(0.005);
        expect(area).toBeLessThan(0.25);
      }
    }
  });

  it('draws the same scene at any size (masks agree after rescaling)', () => {
    const small = syntheticSample(9, 1, { size: 64, label: 1 });
    const big = syntheticSample(9, 1, { size: 256, label: 1 });
    let agree = 0;
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) agree += Number(small.mask[y * 64 + x] === big.mask[(y * 4 + 2) * 256 + x * 4 + 2]);
    expect(agree / 4096).toBeGreaterThan(0.98);
  });

  it('lesions are brighter than the surrounding tissue, cysts darker', () => {
    for (const [label, brighter] of [[1, true], [2, false]] as const) {
      const s = syntheticSample(11, 0, { size: 96, label });
      let inside = 0, nIn = 0, outside = 0, nOut = 0;
      for (let i = 0; i < s.mask.length; i++) {
        const lum = s.image.data[i * 4] + s.image.data[i * 4 + 1] + s.image.data[i * 4 + 2];
        if (s.mask[i]) { inside += lum; nIn++; } else { outside += lum; nOut++; }
      }
      expect(inside / nIn > outside / nOut).toBe(brighter);
    }
  });
});

describe('rng', () => {
  it('mulberry32 repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('hashSeed depends on every part and on their order', () => {
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(hashSeed(1, 2, 3)).not.toBe(hashSeed(1, 2, 4));
    expect(hashSeed(1, 2, 3)).toBe(hashSeed(1, 2, 3));
  });
});
