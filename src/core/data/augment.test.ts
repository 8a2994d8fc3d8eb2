import { describe, expect, it } from 'vitest';
import { augmentInto, drawAugmentParams, valueRange, type AugmentOptions, type AugmentParams } from './augment';
import { mulberry32 } from './rng';

const W = 9;
const H = 7;
const C = 3;

function image(): Float32Array {
  const a = new Float32Array(W * H * C);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) a[(y * W + x) * C + c] = ((x * 7 + y * 3 + c * 5) % 11) / 10;
  return a;
}

const ZERO_ONE = valueRange({ scale: 'zeroOne', channels: 3 });
const ident: AugmentParams = { flip: false, angle: 0, dx: 0, dy: 0, brightness: 0, contrast: 1 };
const strong: AugmentOptions = { flip: true, rotateDeg: 15, shift: 0.1, brightness: 0.3, contrast: 0.5 };

describe('augmentation', () => {
  it('is deterministic for a seed, and different for another seed', () => {
    const src = image();
    const run = (seed: number) => augmentInto(src, W, H, C, drawAugmentParams(strong, mulberry32(seed), W, H), ZERO_ONE, new Float32Array(src.length));
    expect(run(5)).toEqual(run(5));
    expect(run(6)).not.toEqual(run(5));
  });

  it('keeps the shape and the value range of the preprocessing', () => {
    const src = image();
    for (const [scale, range] of [['zeroOne', ZERO_ONE], ['meanStd', valueRange({ scale: 'meanStd', channels: 3, mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] })]] as const) {
      for (let seed = 0; seed < 30; seed++) {
        const out = augmentInto(src, W, H, C, drawAugmentParams(strong, mulberry32(seed), W, H), range, new Float32Array(src.length));
        expect(out.length).toBe(W * H * C);
        const outside = Array.from(out).filter((v, i) => !(v >= range.lo[i % C] - 1e-6 && v <= range.hi[i % C] + 1e-6));
        expect(outside, `${scale}, seed ${seed}`).toEqual([]);
      }
    }
  });

  it('flips exactly, shifts by whole pixels exactly, and leaves the image alone when off', () => {
    const src = image();
    const at = (a: Float32Array, x: number, y: number, c: number) => a[(y * W + x) * C + c];
    const flipped = augmentInto(src, W, H, C, { ...ident, flip: true }, ZERO_ONE, new Float32Array(src.length));
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(at(flipped, x, y, 1)).toBeCloseTo(at(src, W - 1 - x, y, 1), 6);
    const shifted = augmentInto(src, W, H, C, { ...ident, dx: 2 }, ZERO_ONE, new Float32Array(src.length));
    for (let y = 0; y < H; y++) for (let x = 2; x < W; x++) expect(at(shifted, x, y, 0)).toBeCloseTo(at(src, x - 2, y, 0), 6);
    // edges are clamped, not black
    expect(at(shifted, 0, 3, 0)).toBeCloseTo(at(src, 0, 3, 0), 6);
    expect(augmentInto(src, W, H, C, ident, ZERO_ONE, new Float32Array(src.length))).toEqual(src);
    const off = drawAugmentParams({ flip: false, rotateDeg: 0, shift: 0, brightness: 0, contrast: 0 }, mulberry32(3), W, H);
    expect(augmentInto(src, W, H, C, off, ZERO_ONE, new Float32Array(src.length))).toEqual(src);
  });

  it('brightness moves the mean, contrast keeps it', () => {
    const src = image();
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const brighter = augmentInto(src, W, H, C, { ...ident, brightness: 0.05 }, ZERO_ONE, new Float32Array(src.length));
    expect(mean(brighter)).toBeGreaterThan(mean(src) + 0.03);
    const flatter = augmentInto(src, W, H, C, { ...ident, contrast: 0.5 }, ZERO_ONE, new Float32Array(src.length));
    expect(mean(flatter)).toBeCloseTo(mean(src), 5);
  });
});
