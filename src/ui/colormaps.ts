import * as d3 from 'd3';
import type { Colormap } from '../state/store';
import type { Attribution } from '../shared/types';

export const COLORMAPS: { id: Colormap; label: string; interpolate: (t: number) => string }[] = [
  { id: 'viridis', label: 'Viridis (colour-blind safe)', interpolate: d3.interpolateViridis },
  { id: 'cividis', label: 'Cividis (colour-blind safe)', interpolate: d3.interpolateCividis },
  { id: 'inferno', label: 'Inferno', interpolate: d3.interpolateInferno },
  { id: 'magma', label: 'Magma', interpolate: d3.interpolateMagma },
  { id: 'turbo', label: 'Turbo (not colour-blind safe)', interpolate: d3.interpolateTurbo },
  { id: 'grayscale', label: 'Grayscale', interpolate: d3.interpolateGreys },
];

/** Diverging map for signed attributions, centred on zero (blue negative, red positive). */
export const DIVERGING = (t: number) => d3.interpolateRdBu(1 - t);

function lut(interpolate: (t: number) => string): Uint8ClampedArray {
  const out = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = d3.rgb(interpolate(i / 255));
    out[i * 3] = c.r;
    out[i * 3 + 1] = c.g;
    out[i * 3 + 2] = c.b;
  }
  return out;
}

const lutCache = new Map<string, Uint8ClampedArray>();
function cachedLut(key: string, f: (t: number) => string) {
  let l = lutCache.get(key);
  if (!l) lutCache.set(key, (l = lut(f)));
  return l;
}

export interface HeatmapScale {
  min: number;
  max: number;
  signed: boolean;
}

export function scaleOf(a: Attribution): HeatmapScale {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a.values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (a.signed) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return { min: -m, max: m, signed: true };
  }
  return { min: 0, max: hi > 0 ? hi : 1, signed: false };
}

/**
 * Colours an attribution into RGBA pixels. Unsigned maps fade in with their value, so weak evidence
 * leaves the image visible; signed maps fade in with |value|.
 */
export function heatmapPixels(a: Attribution, colormap: Colormap, scale = scaleOf(a)): ImageData {
  const n = a.width * a.height;
  const out = new ImageData(a.width, a.height);
  const table = a.signed ? cachedLut('diverging', DIVERGING) : cachedLut(colormap, COLORMAPS.find((c) => c.id === colormap)!.interpolate);
  for (let i = 0; i < n; i++) {
    const v = a.values[i];
    const t = a.signed ? (v - scale.min) / (scale.max - scale.min) : v / scale.max;
    const tc = Math.min(1, Math.max(0, t));
    const k = Math.round(tc * 255) * 3;
    const strength = a.signed ? Math.abs(tc - 0.5) * 2 : tc;
    out.data[i * 4] = table[k];
    out.data[i * 4 + 1] = table[k + 1];
    out.data[i * 4 + 2] = table[k + 2];
    out.data[i * 4 + 3] = Math.round(255 * Math.min(1, 0.2 + 0.95 * strength));
  }
  return out;
}

export function gradientCss(colormap: Colormap, signed: boolean): string {
  const f = signed ? DIVERGING : COLORMAPS.find((c) => c.id === colormap)!.interpolate;
  const stops = d3.range(0, 1.0001, 0.1).map((t) => `${f(t)} ${Math.round(t * 100)}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Largest |value| of a map (0 for an empty one). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m) m = a;
  }
  return m;
}

/**
 * (honest) Strength: the scale that draws a map with its real magnitude next to the top class's map of the
 * same method, options and units, whose largest |value| is `referenceMax`. The scale's extent is the
 * larger of the two maxima, so a class the model gives ~0% is drawn as faint as its values are; `share`
 * is this map's maximum as a fraction of the reference's (1 when it is the stronger one).
 */
export function scaleRelativeTo(a: Pick<Attribution, 'values' | 'signed'>, referenceMax: number): { scale: HeatmapScale; share: number } {
  const own = maxAbs(a.values);
  const m = Math.max(own, referenceMax) || 1;
  const share = referenceMax > 0 ? Math.min(1, own / referenceMax) : 1;
  return { scale: a.signed ? { min: -m, max: m, signed: true } : { min: 0, max: m, signed: false }, share };
}

/**
 * (honest) Compare's "Same colour scale": one scale per group of maps with the same units and sign, so
 * Grad-CAM++ (activation × gradient, 0-72) never shares a scale with a change in probability (0-0.04).
 * Returns the scale of each map's group (keyed by method id) and the groups: `key` units|signed, the
 * methods in it, and its scale. A map alone in its units keeps its own scale (a group of one).
 */
export function sharedScalesByUnits(results: Record<string, Pick<Attribution, 'values' | 'signed' | 'units'>>): {
  byMethod: Record<string, HeatmapScale>;
  groups: { key: string; units: Attribution['units']; signed: boolean; methods: string[]; scale: HeatmapScale }[];
} {
  const groups = new Map<string, { key: string; units: Attribution['units']; signed: boolean; methods: string[]; max: number }>();
  for (const [id, a] of Object.entries(results)) {
    const key = `${a.units}|${a.signed ? 'signed' : 'unsigned'}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, units: a.units, signed: a.signed, methods: [], max: 0 }));
    g.methods.push(id);
    let own = 0;
    if (a.signed) own = maxAbs(a.values);
    else for (let i = 0; i < a.values.length; i++) if (a.values[i] > own) own = a.values[i];
    g.max = Math.max(g.max, own);
  }
  const byMethod: Record<string, HeatmapScale> = {};
  const out = [...groups.values()].map((g) => {
    const m = g.max || 1;
    const scale: HeatmapScale = g.signed ? { min: -m, max: m, signed: true } : { min: 0, max: m, signed: false };
    for (const id of g.methods) byMethod[id] = scale;
    return { key: g.key, units: g.units, signed: g.signed, methods: g.methods, scale };
  });
  return { byMethod, groups: out };
}
