import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../shared/types';
import { syntheticSample } from '../data/synthetic';
import { cropBox, resizeRgba } from '../image/preprocess';
import { REPO_ROOT } from '../testing/node';
import { gridSegments } from './grid';
import { boundaries, enforceConnectivity, slic, type Segmentation } from './slic';

const FIXTURES = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'images');
const hasFixtures = fs.existsSync(FIXTURES);

/** Every label 0..count-1 is used, and each label is exactly one 4-connected region (flood fill). */
function checkSegmentation(s: Segmentation): void {
  const { labels, count, width: W, height: H } = s;
  const N = W * H;
  expect(labels.length).toBe(N);
  const sizes = new Int32Array(count);
  let outOfRange = 0;
  for (let p = 0; p < N; p++) {
    if (labels[p] >= 0 && labels[p] < count) sizes[labels[p]]++;
    else outOfRange++;
  }
  expect(outOfRange).toBe(0);
  expect(sizes.filter((n) => n === 0).length).toBe(0);
  const seen = new Uint8Array(N);
  const reached = new Int32Array(count);
  const started = new Uint8Array(count);
  const stack: number[] = [];
  for (let p = 0; p < N; p++) {
    const l = labels[p];
    if (started[l]) continue;
    started[l] = 1;
    stack.push(p);
    seen[p] = 1;
    while (stack.length) {
      const q = stack.pop() as number;
      reached[l]++;
      const x = q % W;
      for (const n of [x > 0 ? q - 1 : -1, x < W - 1 ? q + 1 : -1, q >= W ? q - W : -1, q + W < N ? q + W : -1]) {
        if (n >= 0 && !seen[n] && labels[n] === l) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
  }
  // Flood fill from the first pixel of each label reaches all of that label's pixels.
  expect(Array.from(reached)).toEqual(Array.from(sizes));
}

function loadJpegs(): { name: string; image: RgbaImage }[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.toLowerCase().endsWith('.jpg'))
    .sort()
    .map((f) => {
      const d = jpeg.decode(fs.readFileSync(path.join(FIXTURES, f)), { useTArray: true });
      return { name: f, image: { width: d.width, height: d.height, data: new Uint8ClampedArray(d.data.buffer, d.data.byteOffset, d.data.byteLength) } };
    });
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

describe('SLIC', () => {
  const synthetic = Array.from({ length: 12 }, (_, i) => syntheticSample(11, i, { size: 224 }).image);

  it('gives connected segments, contiguous labels, and about the target count on synthetic 224x224 images', () => {
    slic(synthetic[0]); // warm up the JIT before timing
    const rows: string[] = [];
    const times: number[] = [];
    for (const target of [25, 50, 100]) {
      for (const img of synthetic) {
        const { value: s, ms } = timed(() => slic(img, { segments: target }));
        if (target === 50) times.push(ms);
        checkSegmentation(s);
        expect(Math.abs(s.count - target)).toBeLessThanOrEqual(0.2 * target);
        rows.push(`${target}->${s.count}`);
      }
    }
    times.sort((a, b) => a - b);
    console.log(`SLIC synthetic 224x224, target->count: ${rows.join(' ')}`);
    // Reported, never asserted: the machines are shared (npm run bench measures speed).
    console.log(`SLIC 224x224 (50 segments) median ${times[times.length >> 1].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
  });

  it.skipIf(!hasFixtures)('gives connected segments and about the target count on real photos', () => {
    const photos = loadJpegs();
    expect(photos.length).toBeGreaterThan(0);
    for (const { name, image } of photos) {
      const small = resizeRgba(image, 224, 224, cropBox(image.width, image.height, 'centerCrop'));
      for (const target of [25, 50, 100]) {
        const { value: s, ms } = timed(() => slic(small, { segments: target }));
        checkSegmentation(s);
        expect(Math.abs(s.count - target)).toBeLessThanOrEqual(0.2 * target);
        console.log(`SLIC ${name} 224x224 target ${target} -> ${s.count} segments in ${ms.toFixed(1)} ms`);
      }
      const { value: full, ms } = timed(() => slic(image, { segments: 50 }));
      checkSegmentation(full);
      expect(Math.abs(full.count - 50)).toBeLessThanOrEqual(10);
      console.log(`SLIC ${name} full size ${image.width}x${image.height} target 50 -> ${full.count} segments in ${ms.toFixed(0)} ms`);
    }
  });

  it('is deterministic', () => {
    const a = slic(synthetic[3], { segments: 50, compactness: 10 });
    const b = slic(synthetic[3], { segments: 50, compactness: 10 });
    expect(b.count).toBe(a.count);
    expect(b.labels.every((l, i) => l === a.labels[i])).toBe(true);
  });

  it('follows colour edges: a two-colour image splits along the edge', () => {
    const W = 64;
    const data = new Uint8ClampedArray(W * W * 4);
    for (let p = 0; p < W * W; p++) {
      const left = p % W < 27; // edge off the seed grid on purpose
      data.set(left ? [200, 40, 40, 255] : [40, 40, 200, 255], p * 4);
    }
    const s = slic({ width: W, height: W, data }, { segments: 16 });
    checkSegmentation(s);
    for (let l = 0; l < s.count; l++) {
      let left = 0;
      let right = 0;
      for (let p = 0; p < W * W; p++) {
        if (s.labels[p] !== l) continue;
        if (p % W < 27) left++;
        else right++;
      }
      expect(Math.min(left, right)).toBe(0);
    }
  });

  it('handles small, flat and non-square images', () => {
    for (const [w, h, k] of [[1, 1, 50], [5, 3, 50], [64, 16, 50], [17, 64, 10], [64, 64, 1]]) {
      const img = { width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(128) };
      const s = slic(img, { segments: k });
      checkSegmentation(s);
      expect(s.count).toBeGreaterThan(0);
    }
  });
});

describe('connectivity, grid and boundaries', () => {
  it('enforceConnectivity splits disconnected labels and merges tiny fragments', () => {
    // 6x4: label 0 in two separate blocks, and a single stray pixel of label 2.
    const raw = Int32Array.from([
      0, 0, 1, 1, 0, 0,
      0, 0, 1, 1, 0, 0,
      0, 0, 1, 2, 0, 0,
      0, 0, 1, 1, 0, 0,
    ]);
    const s = enforceConnectivity(raw, 6, 4, 2);
    checkSegmentation(s);
    expect(s.count).toBe(3);
    expect(s.labels[15]).toBe(s.labels[14]); // the stray pixel joined the column around it
  });

  it('grid gives near-square cells, about the target count', () => {
    const g = gridSegments(64, 64, 16);
    checkSegmentation(g);
    expect(g.count).toBe(16);
    expect(g.labels[0]).toBe(0);
    expect(g.labels[63]).toBe(3);
    expect(g.labels[64 * 63]).toBe(12);
    const r = gridSegments(224, 112, 50);
    checkSegmentation(r);
    expect(Math.abs(r.count - 50)).toBeLessThanOrEqual(10);
  });

  it('boundaries marks the edges between segments only', () => {
    const g = gridSegments(8, 8, 4); // 2x2 cells of 4x4
    const thin = boundaries(g.labels, 8, 8);
    const thick = boundaries(g.labels, 8, 8, 'thick');
    expect(thin[3]).toBe(1); // x=3 has its right neighbour in the next cell
    expect(thin[4]).toBe(0);
    expect(thick[4]).toBe(1);
    expect(thin[0]).toBe(0);
    expect(thin[3 * 8]).toBe(1); // y=3 sits above the next row of cells
    const sum = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(thin)).toBe(15); // row 3 (8) + column 3 (8) - shared corner
    expect(sum(thick)).toBe(28);
  });
});
