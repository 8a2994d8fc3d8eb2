// Baselines: what a hidden pixel becomes. Every method that hides or replaces pixels (occlusion, RISE,
// Score-CAM, Integrated Gradients, LIME, SHAP) takes its baseline from here, so "Black" is black for the
// model whatever its input scale: 0 for a [0, 1] model, -1 for a [-1, 1] model (Teachable Machine),
// -mean/std per channel for a mean/std model, and a chosen colour lands in the model's channel order
// (BGR) and greyness. Sturmfels, Lundberg & Lee, "Visualizing the Impact of Feature Attribution
// Baselines" (Distill, 2020) show how much attributions depend on this choice; the option labels say
// what the person would see.
//
// The scale comes from ctx.preprocessing (how the input was made from 0..255 pixels). Without it (Node
// tests that build inputs by hand) black is the all-zeros input, the papers' baseline, and a chosen
// colour or noise spans the input's own min..max.

import * as tf from '@tensorflow/tfjs';
import type { OptionSpec, Preprocessing } from '../../shared/types';
import { hashSeed, mulberry32 } from '../data/rng';
import { toInputArray } from '../image/preprocess';
import type { ExplainContext } from './types';
import { OptionError } from './types';

/** Every baseline Glassbox makes. 'regionMean' needs superpixels (LIME, SHAP). */
export type BaselineKind = 'black' | 'mean' | 'blur' | 'noise' | 'color' | 'regionMean';

/** What the person sees where pixels are hidden, by kind: the labels of the baseline option. */
export const BASELINE_LABELS: Record<BaselineKind, string> = {
  black: 'Black',
  mean: 'Mean colour of the image',
  blur: 'Blurred image',
  noise: 'Random noise',
  color: 'A chosen colour',
  regionMean: 'Each region’s own mean colour',
};

/** The colours a person can pick for the 'color' baseline. */
export const BASELINE_COLORS = [
  { value: '#808080', label: 'Grey' },
  { value: '#ffffff', label: 'White' },
  { value: '#000000', label: 'Black' },
  { value: '#00ff00', label: 'Green' },
  { value: '#ff00ff', label: 'Magenta' },
  { value: '#0000ff', label: 'Blue' },
];

/** The option keys every method that takes a baseline uses. */
export interface BaselineOptionValues {
  baseline: BaselineKind;
  baselineColor: string;
}

/**
 * The two option specs of a method's baseline: `baseline` (a select over `kinds`, in that order, labelled
 * by BASELINE_LABELS) and `baselineColor` (used with 'color'). `label` names what the baseline is for the
 * method, e.g. 'Baseline (what hidden pixels become)'.
 */
export function baselineOptions(kinds: readonly BaselineKind[], label: string, help: string): OptionSpec[] {
  return [
    { key: 'baseline', label, type: 'select', choices: kinds.map((k) => ({ value: k, label: BASELINE_LABELS[k] })), help },
    { key: 'baselineColor', label: 'Baseline colour', type: 'select', choices: BASELINE_COLORS, help: 'Used when the baseline is a chosen colour' },
  ];
}

/**
 * A '#rrggbb' colour as the model's C input values, through the same preprocessing as the images
 * (core/image/preprocess.ts: scale, mean/std, channel order, greyscale). Without preprocessing, 0..255
 * maps linearly onto range.min..range.max (grey by luminance for one channel).
 * Throws OptionError for anything but '#rrggbb'.
 */
export function colourToInput(hex: string, C: number, prep: Preprocessing | undefined, range: { min: number; max: number }): Float32Array {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new OptionError(`Baseline colour "${hex}" is not a #rrggbb colour`);
  const rgb = [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  if (prep) {
    const one: Preprocessing = { ...prep, width: 1, height: 1, resize: 'stretch', channels: C === 1 ? 1 : 3 };
    return toInputArray({ width: 1, height: 1, data: new Uint8ClampedArray([...rgb, 255]) }, one);
  }
  const vals = C === 1 ? [0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]] : rgb;
  return Float32Array.from(vals, (v) => range.min + (v / 255) * (range.max - range.min));
}

/**
 * Gaussian blur of each channel of x [B, H, W, C] with standard deviation `sigma` pixels (kernel radius
 * 3σ), renormalised at the border so edges do not darken. Returns a new tensor: call in tidy or dispose.
 */
export function gaussianBlur(x: tf.Tensor4D, sigma: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, H, W, C] = x.shape;
    const r = Math.max(1, Math.min(Math.ceil(3 * sigma), Math.max(H, W)));
    const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
    const s = k.reduce((a, b) => a + b, 0);
    const k1 = k.map((v) => v / s);
    const kx = tf.tile(tf.tensor4d(k1, [1, 2 * r + 1, 1, 1]), [1, 1, C, 1]) as tf.Tensor4D;
    const ky = tf.tile(tf.tensor4d(k1, [2 * r + 1, 1, 1, 1]), [1, 1, C, 1]) as tf.Tensor4D;
    const blur = (t: tf.Tensor4D) => tf.depthwiseConv2d(tf.depthwiseConv2d(t, kx, 1, 'same'), ky, 1, 'same');
    return tf.div(blur(x), blur(tf.onesLike(x))) as tf.Tensor4D;
  });
}

export interface BaselineRequest {
  kind: BaselineKind;
  /** '#rrggbb' for kind 'color'. */
  color?: string;
  /** Fixes the noise of kind 'noise' (any integer; default 0). */
  seed?: number;
  /** Superpixel labels (one per pixel, 0..count-1) for kind 'regionMean'. */
  regions?: { labels: Int32Array; count: number };
}

/**
 * The baseline image for `input` [1, H, W, C] in the model's input scale, as H*W*C values (row-major,
 * channels last), what the model sees where a method hides the image:
 * - black: black through ctx.preprocessing (0 / -1 / -mean/std ...); all zeros without it;
 * - mean: the image's mean colour (per channel) everywhere;
 * - blur: a Gaussian blur with σ = 1/8 of the longer side;
 * - noise: uniformly random pixel colours (0..255 per R, G, B, then preprocessed: grey for greyscale
 *   models), seeded; without preprocessing uniform in the input's min..max;
 * - color: one colour everywhere (colourToInput);
 * - regionMean: each superpixel's own mean colour (lime's default).
 * Throws OptionError for an unknown kind, a malformed colour, or 'regionMean' without regions.
 */
export async function baselineImage(ctx: Pick<ExplainContext, 'preprocessing'>, input: tf.Tensor4D, req: BaselineRequest): Promise<Float32Array> {
  const [, H, W, C] = input.shape;
  const HW = H * W;
  const prep = ctx.preprocessing;
  if (req.kind === 'blur') {
    const t = gaussianBlur(input, Math.max(H, W) / 8);
    const out = (await t.data()) as Float32Array;
    t.dispose();
    return out;
  }
  if (!(req.kind in BASELINE_LABELS)) throw new OptionError(`Unknown baseline "${String(req.kind)}"; known: ${Object.keys(BASELINE_LABELS).join(', ')}`);
  const x = (await input.data()) as Float32Array;
  const out = new Float32Array(HW * C);
  const fillConstant = (v: ArrayLike<number>) => {
    for (let p = 0; p < HW; p++) for (let c = 0; c < C; c++) out[p * C + c] = v[c];
  };
  const range = () => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of x) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { min, max };
  };
  switch (req.kind) {
    case 'black':
      if (prep) fillConstant(colourToInput('#000000', C, prep, { min: 0, max: 1 }));
      return out; // all zeros without preprocessing
    case 'color':
      fillConstant(colourToInput(req.color ?? '#808080', C, prep, prep ? { min: 0, max: 1 } : range()));
      return out;
    case 'mean': {
      const sums = new Float64Array(C);
      for (let p = 0; p < HW; p++) for (let c = 0; c < C; c++) sums[c] += x[p * C + c];
      fillConstant(Array.from(sums, (s) => s / HW));
      return out;
    }
    case 'regionMean': {
      if (!req.regions) throw new OptionError('The baseline "each region’s own mean colour" needs superpixels; this method has none');
      const { labels, count } = req.regions;
      const sums = new Float64Array(count * C);
      const counts = new Float64Array(count);
      for (let p = 0; p < HW; p++) {
        const l = labels[p];
        counts[l]++;
        for (let c = 0; c < C; c++) sums[l * C + c] += x[p * C + c];
      }
      for (let p = 0; p < HW; p++) {
        const l = labels[p];
        for (let c = 0; c < C; c++) out[p * C + c] = sums[l * C + c] / counts[l];
      }
      return out;
    }
    case 'noise': {
      const rng = mulberry32(req.seed ?? hashSeed(0, 0xba5e));
      if (!prep) {
        const { min, max } = range();
        for (let i = 0; i < out.length; i++) out[i] = min + (max - min) * rng();
        return out;
      }
      // Preprocessing is affine in the pixel's R, G, B: value_c = f0_c + sum_k J[c][k] u_k, u_k in [0, 1).
      const f0 = colourToInput('#000000', C, prep, { min: 0, max: 1 });
      const J = ['#ff0000', '#00ff00', '#0000ff'].map((hex) => colourToInput(hex, C, prep, { min: 0, max: 1 }).map((v, c) => v - f0[c]));
      for (let p = 0; p < HW; p++) {
        const u0 = rng();
        const u1 = rng();
        const u2 = rng();
        for (let c = 0; c < C; c++) out[p * C + c] = f0[c] + J[0][c] * u0 + J[1][c] * u1 + J[2][c] * u2;
      }
      return out;
    }
  }
  throw new OptionError(`Unknown baseline "${String(req.kind)}"`);
}

/** baselineImage as a [1, H, W, C] tensor; the caller disposes it. */
export async function baselineTensor(ctx: Pick<ExplainContext, 'preprocessing'>, input: tf.Tensor4D, req: BaselineRequest): Promise<tf.Tensor4D> {
  const v = await baselineImage(ctx, input, req);
  return tf.tensor4d(v, input.shape);
}

/** The request a method's options make: its `baseline` and `baselineColor`, a seed for noise. */
export function baselineRequest(o: { baseline: BaselineKind; baselineColor?: string }, seed?: number, regions?: BaselineRequest['regions']): BaselineRequest {
  return { kind: o.baseline, color: o.baselineColor, seed, regions };
}
