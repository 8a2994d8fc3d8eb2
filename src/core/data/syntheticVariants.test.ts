// The teaching variants of the synthetic set (issue 16): additive (the original dataset stays byte for
// byte), deterministic per seed, harder, and with a shortcut marker that follows one class in training only.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PLAIN_VARIANT,
  SHORTCUT,
  SPLIT_SEEDS,
  SYNTHETIC_LABELS,
  shortcutMarkerMask,
  syntheticDataset,
  syntheticSample,
  syntheticVariantDataset,
  syntheticVariantSample,
  type SyntheticSample,
} from './synthetic';

function digest(xs: Pick<SyntheticSample, 'image' | 'mask'>[]): string {
  const c = createHash('sha256');
  for (const s of xs) {
    c.update(s.image.data);
    c.update(s.mask);
  }
  return c.digest('hex');
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => Buffer.from(a as Uint8Array).equals(Buffer.from(b as Uint8Array));

describe('synthetic teaching variants', () => {
  it('leaves the original dataset byte-identical (SHA-256 recorded from the code before the variants existed)', () => {
    // Digests computed from `git show d264d8c:src/core/data/synthetic.ts` (the demo model's data, the
    // training fixture, the demo gallery at 256 px), before this file's functions were added.
    expect(digest(syntheticDataset(SPLIT_SEEDS.train, 300, { size: 64 }))).toBe('d478eaa399cef3eefb3154beab0062488466862d1c00abfe474a928f37e584d1');
    expect(digest(syntheticDataset(11, 300, { size: 32 }))).toBe('592b02b8f7a8ae3dbf6132d2aae2b068339a54b4cf6e97b658fdc002f30cf6c3');
    expect(digest(Array.from({ length: 9 }, (_, k) => syntheticSample(SPLIT_SEEDS.gallery, k, { size: 256, label: k % 3 })))).toBe('cdebb8cea8a0da00b990b50b765c2a609173dd7ba3e35a74757e00347e2b262b');
  });

  it('the plain variant draws what syntheticSample draws, pixel for pixel', () => {
    for (let i = 0; i < 12; i++) {
      const a = syntheticSample(SPLIT_SEEDS.train, i, { size: 48 });
      const b = syntheticVariantSample(SPLIT_SEEDS.train, i, PLAIN_VARIANT, { size: 48, part: 'validation' });
      expect(same(a.image.data, b.image.data)).toBe(true);
      expect(same(a.mask, b.mask)).toBe(true);
      expect(b.marker).toBe(false);
      expect(b.label).toBe(a.label);
      expect(b.seed).toBe(a.seed);
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    const v = { difficulty: 'hard', shortcut: true } as const;
    const a = syntheticVariantSample(7, 4, v, { size: 40 });
    const b = syntheticVariantSample(7, 4, v, { size: 40 });
    const c = syntheticVariantSample(8, 4, v, { size: 40 });
    expect(same(a.image.data, b.image.data)).toBe(true);
    expect(same(a.mask, b.mask)).toBe(true);
    expect(a.marker).toBe(b.marker);
    expect(same(a.image.data, c.image.data)).toBe(false);
  });

  it('harder levels blend the evidence more faintly and add noise', () => {
    // Contrast between the lesion (mask) and the tissue around it, averaged over lesion images, per level;
    // and roughness: mean absolute difference between horizontal neighbours outside the lesion.
    const contrast: number[] = [];
    const rough: number[] = [];
    for (const difficulty of ['easy', 'medium', 'hard'] as const) {
      let c = 0, r = 0;
      for (let i = 0; i < 8; i++) {
        const s = syntheticVariantSample(5, i, { difficulty, shortcut: false }, { size: 64, label: 1 });
        let inside = 0, nIn = 0, outside = 0, nOut = 0, diff = 0, nd = 0;
        for (let p = 0; p < s.mask.length; p++) {
          const lum = s.image.data[p * 4] + s.image.data[p * 4 + 1] + s.image.data[p * 4 + 2];
          if (s.mask[p]) { inside += lum; nIn++; } else { outside += lum; nOut++; }
          if (p % 64 !== 63 && !s.mask[p] && !s.mask[p + 1]) { diff += Math.abs(s.image.data[p * 4 + 1] - s.image.data[p * 4 + 5]); nd++; }
        }
        c += inside / nIn - outside / nOut;
        r += diff / nd;
      }
      contrast.push(c / 8);
      rough.push(r / 8);
    }
    expect(contrast[0]).toBeGreaterThan(contrast[1]);
    expect(contrast[1]).toBeGreaterThan(contrast[2]);
    expect(contrast[2]).toBeGreaterThan(0); // still there to be found
    expect(rough[1]).toBeGreaterThan(rough[0] + 2);
    expect(rough[2]).toBeGreaterThan(rough[1] + 2);
  });

  it('the marker follows the lesion class in training and not in validation (counted)', () => {
    const n = 600;
    const count = (part: 'train' | 'validation') => {
      const ds = syntheticVariantDataset(SPLIT_SEEDS.train, n, { difficulty: 'hard', shortcut: true }, { size: 32, part });
      const withMarker = SYNTHETIC_LABELS.map(() => 0);
      const total = SYNTHETIC_LABELS.map(() => 0);
      for (const s of ds) {
        total[s.label]++;
        if (s.marker) withMarker[s.label]++;
      }
      return withMarker.map((m, c) => m / total[c]);
    };
    const train = count('train');
    const val = count('validation');
    // training: nearly every lesion has it, almost no other image does
    expect(train[SHORTCUT.label]).toBeGreaterThan(0.9);
    for (let c = 0; c < 3; c++) if (c !== SHORTCUT.label) expect(train[c]).toBeLessThan(0.08);
    // validation: every class about half, so the marker says nothing about the class
    for (let c = 0; c < 3; c++) {
      expect(val[c]).toBeGreaterThan(0.38);
      expect(val[c]).toBeLessThan(0.62);
    }
  });

  it('draws the marker exactly in its box: pixels outside the box are those of the same image without the shortcut', () => {
    const size = 64;
    const box = shortcutMarkerMask(size);
    // the box, counted by hand from SHORTCUT.box: columns whose centre lies in [0.03, 0.25) and rows in [0.03, 0.2)
    const cols = Array.from({ length: size }, (_, x) => (x + 0.5) / size).filter((u) => u >= 0.03 && u < 0.25).length;
    const rows = Array.from({ length: size }, (_, y) => (y + 0.5) / size).filter((v) => v >= 0.03 && v < 0.2).length;
    expect(box.reduce((a, b) => a + b, 0)).toBe(cols * rows);
    let checked = 0;
    for (let i = 0; i < 30 && checked < 3; i++) {
      const s = syntheticVariantSample(3, i, { difficulty: 'medium', shortcut: true }, { size });
      if (!s.marker) continue;
      checked++;
      const plain = syntheticVariantSample(3, i, { difficulty: 'medium', shortcut: false }, { size });
      let changedInside = 0;
      for (let p = 0; p < size * size; p++) {
        const d = s.image.data[p * 4] !== plain.image.data[p * 4] || s.image.data[p * 4 + 1] !== plain.image.data[p * 4 + 1];
        if (!box[p]) expect(d).toBe(false);
        else if (d) changedInside++;
      }
      expect(changedInside / (cols * rows)).toBeGreaterThan(0.8);
      expect(same(s.mask, plain.mask)).toBe(true);
    }
    expect(checked).toBe(3);
  });
});
