import { describe, expect, it } from 'vitest';
import { cropBox, resizeMask, resizeRgba, toInputArray } from './preprocess';
import { colourToInput } from '../explain/baselines';
import { inputPixels } from '../explain/perturb';
import type { RgbaImage } from '../../shared/types';

function solid(w: number, h: number, f: (x: number, y: number) => [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const [r, g, b] = f(x, y);
    data.set([r, g, b, 255], (y * w + x) * 4);
  }
  return { width: w, height: h, data };
}

describe('preprocessing', () => {
  it('box-filters when downscaling: a 2x2 checkerboard of 0/255 averages to mid-grey', () => {
    const img = solid(64, 64, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0]));
    const r = resizeRgba(img, 8, 8);
    for (let i = 0; i < 64; i++) expect(Math.abs(r.data[i * 4] - 127.5)).toBeLessThanOrEqual(1);
  });

  it('upscales bilinearly between known values', () => {
    const img = solid(2, 1, (x) => (x === 0 ? [0, 0, 0] : [200, 200, 200]));
    const r = resizeRgba(img, 4, 1);
    const row = [0, 1, 2, 3].map((x) => r.data[x * 4]);
    expect(row[0]).toBe(0);
    expect(row[3]).toBe(200);
    expect(row[1]).toBeGreaterThan(0);
    expect(row[1]).toBeLessThan(row[2]);
  });

  it('centre-crops to a square and scales to [0,1], [-1,1] and mean/std', () => {
    expect(cropBox(300, 200, 'centerCrop')).toEqual({ x: 50, y: 0, w: 200, h: 200 });
    expect(cropBox(300, 200, 'stretch')).toEqual({ x: 0, y: 0, w: 300, h: 200 });
    // left and right thirds red, middle blue: a centre crop sees only blue
    const img = solid(300, 200, (x) => (x < 50 || x >= 250 ? [255, 0, 0] : [0, 0, 255]));
    const base = { width: 4, height: 4, channels: 3 as const, resize: 'centerCrop' as const };
    const a = toInputArray(img, { ...base, scale: 'zeroOne' });
    expect(a.length).toBe(48);
    for (let i = 0; i < 16; i++) expect([a[i * 3], a[i * 3 + 1], a[i * 3 + 2]]).toEqual([0, 0, 1]);
    const b = toInputArray(img, { ...base, scale: 'minusOneOne' });
    expect([b[0], b[2]]).toEqual([-1, 1]);
    const c = toInputArray(img, { ...base, scale: 'meanStd', mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] });
    expect([c[0], c[2]]).toEqual([-2, 2]);
  });

  it('converts to one grey channel with luma weights', () => {
    const img = solid(2, 2, () => [255, 0, 0]);
    const g = toInputArray(img, { width: 2, height: 2, channels: 1, resize: 'stretch', scale: 'zeroOne' });
    expect(g.length).toBe(4);
    expect(g[0]).toBeCloseTo(0.299, 3);
  });

  it('feeds a 3-channel model grey images when asked, the grey copied to every channel', () => {
    const img = solid(2, 2, () => [255, 0, 0]);
    const g = toInputArray(img, { width: 2, height: 2, channels: 3, resize: 'stretch', scale: 'zeroOne', grayscale: true });
    expect(g.length).toBe(12);
    expect(Array.from(g.slice(0, 3)).map((v) => v.toFixed(3))).toEqual(['0.299', '0.299', '0.299']);
  });

  it('feeds a BGR model blue first, with mean and std in the model\'s own channel order', () => {
    const img = solid(2, 2, () => [200, 100, 10]);
    const base = { width: 2, height: 2, channels: 3 as const, resize: 'stretch' as const };
    const rgb = toInputArray(img, { ...base, scale: 'raw255' });
    const bgr = toInputArray(img, { ...base, scale: 'raw255', channelOrder: 'bgr' });
    expect(Array.from(rgb.slice(0, 3))).toEqual([200, 100, 10]);
    expect(Array.from(bgr.slice(0, 3))).toEqual([10, 100, 200]);
    // Keras' "caffe" preprocessing: BGR, then minus the ImageNet mean per channel in BGR order, no scaling.
    const caffeMean = [103.939, 116.779, 123.68];
    const caffe = toInputArray(img, { ...base, scale: 'meanStd', channelOrder: 'bgr', mean: caffeMean.map((m) => m / 255) as [number, number, number], std: [1 / 255, 1 / 255, 1 / 255] });
    [10 - 103.939, 100 - 116.779, 200 - 123.68].forEach((want, c) => expect(caffe[c]).toBeCloseTo(want, 3));
    // Grey and 1-channel inputs have no order to swap.
    expect(Array.from(toInputArray(img, { ...base, scale: 'raw255', channelOrder: 'bgr', grayscale: true }).slice(0, 3))).toEqual(Array.from(toInputArray(img, { ...base, scale: 'raw255', grayscale: true }).slice(0, 3)));
  });

  it('turns a BGR input back into the RGB picture (what LIME and SHAP segment), and puts fill colours in BGR', () => {
    const img = solid(3, 2, (x, y) => [40 * x + 10, 90 + y * 50, 250 - 60 * x]);
    const prep = { width: 3, height: 2, channels: 3 as const, resize: 'stretch' as const, scale: 'meanStd' as const, channelOrder: 'bgr' as const, mean: [0.4, 0.45, 0.5] as [number, number, number], std: [0.2, 0.25, 0.3] as [number, number, number] };
    const back = inputPixels(toInputArray(img, prep), 2, 3, 3, prep);
    for (let i = 0; i < img.data.length; i++) expect(Math.abs(back.data[i] - img.data[i])).toBeLessThanOrEqual(1);
    const red = colourToInput('#ff0000', 3, prep, { min: 0, max: 1 });
    expect(Array.from(red).map((v) => +v.toFixed(4))).toEqual([(0 - 0.4) / 0.2, (0 - 0.45) / 0.25, (1 - 0.5) / 0.3].map((v) => +v.toFixed(4)));
  });

  it('resizes masks by nearest neighbour, keeping them binary', () => {
    const m = new Uint8Array(16).map((_, i) => (i % 4 >= 2 ? 1 : 0));
    const r = resizeMask(m, 4, 4, 8, 8);
    expect(new Set(r)).toEqual(new Set([0, 1]));
    expect(r.reduce((a, b) => a + b, 0)).toBe(32);
  });
});
