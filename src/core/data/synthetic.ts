// Seeded, procedurally drawn "tissue" images for a three-class task that looks like a medical one:
//   normal — textured pink tissue with scattered nuclei;
//   lesion — the same tissue with one bright, irregular, yellow-white lesion;
//   cyst   — the same tissue with one dark, smooth, round cyst with a pale rim.
// Each image comes with the ground-truth mask of where the class evidence is (empty for "normal").
// Geometry is defined in unit coordinates, so the same seed drawn at 64 px or 256 px shows the same
// picture: the demo gallery draws large images, training draws small ones.

import type { RgbaImage } from '../../shared/types';
import { hashSeed, mulberry32 } from './rng';

export const SYNTHETIC_LABELS = ['normal', 'lesion', 'cyst'] as const;
export type SyntheticLabel = (typeof SYNTHETIC_LABELS)[number];

export interface SyntheticSample {
  image: RgbaImage;
  /** 1 where the evidence for the label is, row-major, same size as the image. */
  mask: Uint8Array;
  label: number;
  /** The per-sample seed, enough to redraw this sample. */
  seed: number;
}

export interface SyntheticOptions {
  size?: number;
  /** Force a class; by default index % 3, so any run of three is balanced. */
  label?: number;
}

interface Blob {
  cx: number;
  cy: number;
  r0: number;
  /** harmonics of the boundary: amplitude and phase per k = 2.. */
  amp: number[];
  phase: number[];
  sx: number;
  sy: number;
  rot: number;
}

interface Scene {
  tint: [number, number, number];
  noiseSeed: number;
  nuclei: { x: number; y: number; r: number; dark: number }[];
  fibres: { x: number; y: number; angle: number; len: number; width: number }[];
  blob: Blob | null;
  label: number;
}

function makeScene(seed: number, label: number): Scene {
  const rng = mulberry32(seed);
  const tint: [number, number, number] = [0.86 + 0.08 * rng(), 0.62 + 0.1 * rng(), 0.74 + 0.1 * rng()];
  const nuclei = [];
  const n = 45 + Math.floor(rng() * 30);
  for (let i = 0; i < n; i++) {
    nuclei.push({ x: rng(), y: rng(), r: 0.011 + 0.01 * rng(), dark: 0.35 + 0.35 * rng() });
  }
  const fibres = [];
  const nf = 3 + Math.floor(rng() * 4);
  for (let i = 0; i < nf; i++) {
    fibres.push({ x: rng(), y: rng(), angle: rng() * Math.PI, len: 0.15 + 0.3 * rng(), width: 0.006 + 0.006 * rng() });
  }
  let blob: Blob | null = null;
  if (label !== 0) {
    const irregular = label === 1;
    const r0 = irregular ? 0.085 + 0.07 * rng() : 0.075 + 0.05 * rng();
    const margin = r0 * 1.4 + 0.04;
    const amp: number[] = [];
    const phase: number[] = [];
    for (let k = 2; k <= 6; k++) {
      amp.push(irregular ? (0.1 + 0.22 * rng()) / Math.sqrt(k - 1) : 0.015 * rng());
      phase.push(rng() * 2 * Math.PI);
    }
    const stretch = irregular ? 0.75 + 0.5 * rng() : 0.85 + 0.3 * rng();
    blob = {
      cx: margin + (1 - 2 * margin) * rng(),
      cy: margin + (1 - 2 * margin) * rng(),
      r0,
      amp,
      phase,
      sx: stretch,
      sy: 1 / stretch,
      rot: rng() * Math.PI,
    };
  }
  return { tint, noiseSeed: hashSeed(seed, 7), nuclei, fibres, blob, label };
}

/** Value-noise lattice of one octave, hashed once per scene instead of once per pixel. */
class Octave {
  private readonly values: Float64Array;
  private readonly n: number;
  constructor(
    seed: number,
    readonly freq: number,
  ) {
    this.n = freq + 2;
    this.values = new Float64Array(this.n * this.n);
    for (let iy = 0; iy < this.n; iy++) for (let ix = 0; ix < this.n; ix++) this.values[iy * this.n + ix] = hashSeed(seed, ix, iy) / 4294967296;
  }
  at(u: number, v: number): number {
    const x = u * this.freq;
    const y = v * this.freq;
    const ix = Math.floor(x);
    const iy = Math.floor(y);
    const fx = smooth(x - ix);
    const fy = smooth(y - iy);
    const o = iy * this.n + ix;
    const a = this.values[o];
    const b = this.values[o + 1];
    const c = this.values[o + this.n];
    const d = this.values[o + this.n + 1];
    return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
  }
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Signed distance-like value: < 0 inside the blob, in units of its radius. */
function blobField(b: Blob, u: number, v: number): number {
  const dx = u - b.cx;
  const dy = v - b.cy;
  const c = Math.cos(b.rot);
  const s = Math.sin(b.rot);
  const x = (dx * c + dy * s) / b.sx;
  const y = (-dx * s + dy * c) / b.sy;
  const r = Math.hypot(x, y);
  const th = Math.atan2(y, x);
  let R = 1;
  for (let i = 0; i < b.amp.length; i++) R += b.amp[i] * Math.cos((i + 2) * th + b.phase[i]);
  R *= b.r0;
  return (r - R) / b.r0;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function render(scene: Scene, size: number): { image: RgbaImage; mask: Uint8Array } {
  const data = new Uint8ClampedArray(size * size * 4);
  const mask = new Uint8Array(size * size);
  const { tint, noiseSeed, nuclei, fibres, blob } = scene;
  const n = size * size;
  const R = new Float64Array(n);
  const G = new Float64Array(n);
  const B = new Float64Array(n);
  // Edge softness in unit coordinates, about one pixel at the drawn size.
  const px = 1 / size;
  const oct = [new Octave(noiseSeed, 4), new Octave(noiseSeed + 1, 9), new Octave(noiseSeed + 2, 19)];
  const lesionTexture = new Octave(noiseSeed + 11, 30);
  // Same per-pixel operations in the same order as drawing every layer at every pixel would do,
  // but each nucleus only visits the pixels near it.
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const i = y * size + x;
      const f = 0.55 * oct[0].at(u, v) + 0.3 * oct[1].at(u, v) + 0.15 * oct[2].at(u, v);
      let r = tint[0] * (0.82 + 0.3 * f);
      let g = tint[1] * (0.78 + 0.34 * f);
      let b = tint[2] * (0.8 + 0.3 * f);
      for (const fb of fibres) {
        const dx = u - fb.x;
        const dy = v - fb.y;
        const along = dx * Math.cos(fb.angle) + dy * Math.sin(fb.angle);
        const across = -dx * Math.sin(fb.angle) + dy * Math.cos(fb.angle);
        if (Math.abs(along) < fb.len / 2) {
          const w = Math.exp(-(across * across) / (2 * fb.width * fb.width));
          r += 0.06 * w;
          g += 0.05 * w;
          b += 0.06 * w;
        }
      }
      R[i] = r;
      G[i] = g;
      B[i] = b;
    }
  }
  for (const nu of nuclei) {
    const reach = nu.r + px;
    const y0 = Math.max(0, Math.floor((nu.y - reach) * size - 1));
    const y1 = Math.min(size - 1, Math.ceil((nu.y + reach) * size + 1));
    const x0 = Math.max(0, Math.floor((nu.x - reach) * size - 1));
    const x1 = Math.min(size - 1, Math.ceil((nu.x + reach) * size + 1));
    for (let y = y0; y <= y1; y++) {
      const v = (y + 0.5) / size;
      for (let x = x0; x <= x1; x++) {
        const u = (x + 0.5) / size;
        const d = Math.hypot(u - nu.x, v - nu.y);
        if (d < reach) {
          const i = y * size + x;
          const t = clamp01((reach - d) / (2 * px));
          R[i] = R[i] * (1 - t * nu.dark) + 0.32 * t * nu.dark;
          G[i] = G[i] * (1 - t * nu.dark) + 0.18 * t * nu.dark;
          B[i] = B[i] * (1 - t * nu.dark) + 0.45 * t * nu.dark;
        }
      }
    }
  }
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const i = y * size + x;
      let r = R[i];
      let g = G[i];
      let b = B[i];
      if (blob) {
        const f = blobField(blob, u, v);
        const edge = px / blob.r0;
        if (f < 0) mask[i] = 1;
        if (scene.label === 1) {
          // bright, mottled lesion with a soft edge
          const t = clamp01((edge - f) / (2 * edge + 0.08));
          const m = 0.85 + 0.25 * lesionTexture.at(u, v);
          r = r * (1 - t) + clamp01(1.0 * m) * t;
          g = g * (1 - t) + clamp01(0.93 * m) * t;
          b = b * (1 - t) + clamp01(0.62 * m) * t;
        } else {
          // dark, smooth cyst with a pale rim
          const t = clamp01((edge - f) / (2 * edge));
          const rim = Math.exp(-((f + 0.08) * (f + 0.08)) / 0.004);
          r = r * (1 - t) + 0.2 * t + 0.35 * rim;
          g = g * (1 - t) + 0.16 * t + 0.3 * rim;
          b = b * (1 - t) + 0.34 * t + 0.35 * rim;
        }
      }
      const o = i * 4;
      data[o] = Math.round(clamp01(r) * 255);
      data[o + 1] = Math.round(clamp01(g) * 255);
      data[o + 2] = Math.round(clamp01(b) * 255);
      data[o + 3] = 255;
    }
  }
  return { image: { width: size, height: size, data }, mask };
}

/** Draws sample `index` of the dataset with seed `seed`. Pure: same arguments, same pixels. */
export function syntheticSample(seed: number, index: number, opts: SyntheticOptions = {}): SyntheticSample {
  const size = opts.size ?? 64;
  const label = opts.label ?? index % SYNTHETIC_LABELS.length;
  const sampleSeed = hashSeed(seed, index, label);
  const scene = makeScene(sampleSeed, label);
  const { image, mask } = render(scene, size);
  return { image, mask, label, seed: sampleSeed };
}

export function syntheticDataset(seed: number, count: number, opts: SyntheticOptions = {}): SyntheticSample[] {
  return Array.from({ length: count }, (_, i) => syntheticSample(seed, i, opts));
}

/** Seeds reserved for each split, so the demo model never sees the test images. */
export const SPLIT_SEEDS = { train: 1001, validation: 2002, test: 3003, gallery: 4004 } as const;
