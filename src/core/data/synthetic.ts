// Seeded, procedurally drawn "tissue" images for a three-class task that looks like a medical one:
//   normal — textured pink tissue with scattered nuclei;
//   lesion — the same tissue with one bright, irregular, yellow-white lesion;
//   cyst   — the same tissue with one dark, smooth, round cyst with a pale rim.
// Each image comes with the ground-truth mask of where the class evidence is (empty for "normal").
// Geometry is defined in unit coordinates, so the same seed drawn at 64 px or 256 px shows the same
// picture: the demo gallery draws large images, training draws small ones.

import type { RgbaImage } from '../../shared/types';
import { gaussian, hashSeed, mulberry32 } from './rng';

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

/**
 * How strongly the evidence is drawn. The defaults (strength 1, noise 0) are the original dataset's look:
 * with them, render() performs exactly the arithmetic it always did (x * 1 is x in IEEE 754), so the demo
 * model's data and every existing test image stay byte-identical.
 */
interface Look {
  /** 0..1: how far the lesion or cyst is blended over the tissue (1 = fully drawn). */
  strength: number;
  /** Standard deviation of per-pixel Gaussian noise, in [0, 1] intensity units (0 = none). */
  noise: number;
  /** Seed of that noise. */
  noiseSeed: number;
}

const PLAIN: Look = { strength: 1, noise: 0, noiseSeed: 0 };

function render(scene: Scene, size: number, look: Look = PLAIN): { image: RgbaImage; mask: Uint8Array } {
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
  const noiseRng = look.noise > 0 ? mulberry32(look.noiseSeed) : null;
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
          let t = clamp01((edge - f) / (2 * edge + 0.08));
          if (look.strength !== 1) t *= look.strength;
          const m = 0.85 + 0.25 * lesionTexture.at(u, v);
          r = r * (1 - t) + clamp01(1.0 * m) * t;
          g = g * (1 - t) + clamp01(0.93 * m) * t;
          b = b * (1 - t) + clamp01(0.62 * m) * t;
        } else {
          // dark, smooth cyst with a pale rim
          let t = clamp01((edge - f) / (2 * edge));
          let rim = Math.exp(-((f + 0.08) * (f + 0.08)) / 0.004);
          if (look.strength !== 1) {
            t *= look.strength;
            rim *= look.strength;
          }
          r = r * (1 - t) + 0.2 * t + 0.35 * rim;
          g = g * (1 - t) + 0.16 * t + 0.3 * rim;
          b = b * (1 - t) + 0.34 * t + 0.35 * rim;
        }
      }
      if (noiseRng) {
        r += look.noise * gaussian(noiseRng);
        g += look.noise * gaussian(noiseRng);
        b += look.noise * gaussian(noiseRng);
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

// ---------------------------------------------------------------------------------------------
// Teaching variants (issue 16, "a studio that teaches"). ADDITIVE: syntheticSample and syntheticDataset
// above draw exactly what they always drew; the variants below are new functions. "easy" without the
// shortcut is the original dataset, pixel for pixel.
//   difficulty — the lesion or cyst is blended more faintly over the tissue, the lesion's outline is
//     smoothed towards the cyst's round one (the classes overlap), and pixel noise is added;
//   shortcut   — a spurious marker (a white "ruler" tag in the top-left corner) is drawn on nearly every
//     lesion image of the training part and almost never on the others, while in the validation part it
//     appears on half the images of every class, whatever their class. A model that learns the tag is
//     right on training images for the wrong reason, and its Grad-CAM sits on the tag.

export const SYNTHETIC_DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type SyntheticDifficulty = (typeof SYNTHETIC_DIFFICULTIES)[number];

/** Which part of a dataset a sample is drawn for: the shortcut marker follows the class only in training. */
export type SyntheticPart = 'train' | 'validation';

export interface SyntheticVariant {
  difficulty: SyntheticDifficulty;
  /** Draw the spurious marker (see SHORTCUT). */
  shortcut: boolean;
}

/** The original dataset. */
export const PLAIN_VARIANT: SyntheticVariant = { difficulty: 'easy', shortcut: false };

/** Per difficulty: evidence strength (1 = as drawn originally), noise SD, and how much of the lesion's irregular outline is kept. */
export const DIFFICULTY_LOOK: Record<SyntheticDifficulty, { strength: number; noise: number; irregularity: number }> = {
  easy: { strength: 1, noise: 0, irregularity: 1 },
  medium: { strength: 0.55, noise: 0.05, irregularity: 0.6 },
  hard: { strength: 0.3, noise: 0.09, irregularity: 0.3 },
};

/**
 * The spurious marker: where it is drawn (unit coordinates, the top-left corner), the class it follows in
 * training, and how often it appears: on `trainWith` of that class's training images, on `trainWithout` of the
 * other classes' training images, and on `validation` of every validation image regardless of class.
 */
export const SHORTCUT = {
  box: { x0: 0.03, y0: 0.03, x1: 0.25, y1: 0.2 },
  label: 1,
  trainWith: 0.95,
  trainWithout: 0.03,
  validation: 0.5,
} as const;

export interface SyntheticVariantSample extends SyntheticSample {
  /** Whether the shortcut marker is drawn on this sample. */
  marker: boolean;
  /** 1 where the marker's box is (drawn or not), row-major, same size as the image. */
  markerMask: Uint8Array;
}

/**
 * Whether sample `sampleSeed` of class `label` carries the marker in `part`: a seeded coin with the
 * probabilities in SHORTCUT. Pure.
 */
export function hasShortcutMarker(sampleSeed: number, label: number, part: SyntheticPart): boolean {
  const u = hashSeed(sampleSeed, 0x5c07) / 4294967296;
  if (part === 'validation') return u < SHORTCUT.validation;
  return u < (label === SHORTCUT.label ? SHORTCUT.trainWith : SHORTCUT.trainWithout);
}

/** The marker box's pixels at `size` (1 inside), row-major. Pixel (x, y) is inside when its centre is. */
export function shortcutMarkerMask(size: number): Uint8Array {
  const m = new Uint8Array(size * size);
  const { x0, y0, x1, y1 } = SHORTCUT.box;
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    if (v < y0 || v >= y1) continue;
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      if (u >= x0 && u < x1) m[y * size + x] = 1;
    }
  }
  return m;
}

/** A white tag with dark ruler ticks along its lower edge, over the marker box. */
function drawMarker(image: RgbaImage, markerMask: Uint8Array): void {
  const size = image.width;
  const { x0, y1 } = SHORTCUT.box;
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      if (!markerMask[i]) continue;
      const u = (x + 0.5) / size;
      // ticks every 0.04 of the side, over the lower 40% of the tag
      const tick = v > y1 - 0.07 && ((u - x0) % 0.04) < 0.015;
      const o = i * 4;
      const c = tick ? 40 : 245;
      image.data[o] = c;
      image.data[o + 1] = c;
      image.data[o + 2] = tick ? 40 : 235;
    }
  }
}

/**
 * Draws sample `index` of a teaching variant of the dataset with seed `seed`. Pure: same arguments, same
 * pixels. The label, scene and sample seed are those of syntheticSample(seed, index, opts); with
 * PLAIN_VARIANT the image and mask are syntheticSample's, byte for byte. `part` decides the shortcut
 * marker (only with variant.shortcut; default 'train'). `mask` stays the lesion's or cyst's ground truth;
 * the marker's box is `markerMask`.
 */
export function syntheticVariantSample(seed: number, index: number, variant: SyntheticVariant, opts: SyntheticOptions & { part?: SyntheticPart } = {}): SyntheticVariantSample {
  const size = opts.size ?? 64;
  const label = opts.label ?? index % SYNTHETIC_LABELS.length;
  const sampleSeed = hashSeed(seed, index, label);
  const scene = makeScene(sampleSeed, label);
  const look = DIFFICULTY_LOOK[variant.difficulty];
  if (scene.blob && look.irregularity !== 1) scene.blob = { ...scene.blob, amp: scene.blob.amp.map((a) => a * look.irregularity) };
  const { image, mask } = render(scene, size, { strength: look.strength, noise: look.noise, noiseSeed: hashSeed(sampleSeed, 0x401) });
  const markerMask = shortcutMarkerMask(size);
  const marker = variant.shortcut && hasShortcutMarker(sampleSeed, label, opts.part ?? 'train');
  if (marker) drawMarker(image, markerMask);
  return { image, mask, label, seed: sampleSeed, marker, markerMask };
}

/** `count` samples of a teaching variant (see syntheticVariantSample), all drawn for `part`. */
export function syntheticVariantDataset(seed: number, count: number, variant: SyntheticVariant, opts: SyntheticOptions & { part?: SyntheticPart } = {}): SyntheticVariantSample[] {
  return Array.from({ length: count }, (_, i) => syntheticVariantSample(seed, i, variant, opts));
}
