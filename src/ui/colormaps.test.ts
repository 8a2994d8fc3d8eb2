import { beforeAll, describe, expect, it } from 'vitest';
import * as d3 from 'd3';
import { COLORMAPS, DIVERGING, gradientCss, heatmapPixels, scaleOf } from './colormaps';
import type { Colormap } from '../state/store';
import type { Attribution } from '../shared/types';

// Node has no ImageData; heatmapPixels only needs its shape and a pixel buffer.
beforeAll(() => {
  const g = globalThis as { ImageData?: unknown };
  g.ImageData ??= class {
    data: Uint8ClampedArray;
    constructor(public width: number, public height: number) {
      this.data = new Uint8ClampedArray(width * height * 4);
    }
  };
});

const byId = (id: Colormap) => COLORMAPS.find((c) => c.id === id)!.interpolate;
const rgb = (css: string) => {
  const c = d3.rgb(css);
  return [c.r, c.g, c.b];
};
/** CIE L* (D65) of an sRGB colour: 0 black … 100 white. */
const lightness = (css: string) => d3.lab(css).l;

// matplotlib's _cm_listed.py tables (256 entries; cmap(t) reads entry floor(t * 256), the last at t = 1),
// typed in by hand: entries 0, 128 and 255, as fractions of 255.
const MATPLOTLIB: Record<'viridis' | 'inferno' | 'magma' | 'cividis', [number, number, number][]> = {
  viridis: [[0.267004, 0.004874, 0.329415], [0.127568, 0.566949, 0.550556], [0.993248, 0.906157, 0.143936]],
  inferno: [[0.001462, 0.000466, 0.013866], [0.735683, 0.215906, 0.330245], [0.988362, 0.998364, 0.644924]],
  magma: [[0.001462, 0.000466, 0.013866], [0.716387, 0.214982, 0.47529], [0.987053, 0.991438, 0.749504]],
  cividis: [[0, 0.135112, 0.304751], [0.488697, 0.485318, 0.471008], [0.995737, 0.909344, 0.217772]],
};
const ANCHORS = [0, 0.5, 1];

describe('colormaps against matplotlib’s published tables', () => {
  it.each(['viridis', 'inferno', 'magma'] as const)('%s matches at 0, 0.5 and 1 to within 8-bit rounding', (id) => {
    ANCHORS.forEach((t, i) => {
      const got = rgb(byId(id)(t));
      MATPLOTLIB[id][i].forEach((want, ch) => expect(Math.abs(got[ch] - want * 255), `${id}(${t}) channel ${ch}`).toBeLessThanOrEqual(1));
    });
  });

  it('cividis (a polynomial fit of the table in d3) stays within a barely visible difference (CIE76 ΔE < 5)', () => {
    ANCHORS.forEach((t, i) => {
      const got = d3.lab(byId('cividis')(t));
      const [r, g, b] = MATPLOTLIB.cividis[i];
      const want = d3.lab(d3.rgb(r * 255, g * 255, b * 255));
      expect(Math.hypot(got.l - want.l, got.a - want.a, got.b - want.b), `cividis(${t})`).toBeLessThan(5);
    });
  });
});

describe('sequential colormaps', () => {
  const samples = Array.from({ length: 256 }, (_, i) => i / 255);

  it.each(['viridis', 'cividis', 'inferno', 'magma'] as const)('%s gets lighter from 0 to 1 (8-bit rounding aside)', (id) => {
    const L = samples.map((t) => lightness(byId(id)(t)));
    for (let i = 1; i < L.length; i++) expect(L[i], `${id} at ${samples[i]}`).toBeGreaterThan(L[i - 1] - 0.25);
    expect(L[255] - L[0]).toBeGreaterThan(60);
  });

  it('grayscale runs one way only, from white (0) to black (1)', () => {
    const L = samples.map((t) => lightness(byId('grayscale')(t)));
    for (let i = 1; i < L.length; i++) expect(L[i]).toBeLessThanOrEqual(L[i - 1]);
    expect(L[0]).toBeGreaterThan(95);
    expect(L[255]).toBeLessThan(5);
  });

  it('offers each colormap once, each giving a colour across [0, 1]', () => {
    expect(new Set(COLORMAPS.map((c) => c.id)).size).toBe(COLORMAPS.length);
    for (const c of COLORMAPS) for (const t of ANCHORS) expect(d3.color(c.interpolate(t)), `${c.id}(${t})`).not.toBeNull();
  });
});

describe('the diverging map for signed attributions', () => {
  it('is blue for negative, red for positive and lightest at zero', () => {
    const [nr, , nb] = rgb(DIVERGING(0));
    const [pr, , pb] = rgb(DIVERGING(1));
    expect(nb).toBeGreaterThan(nr + 50);
    expect(pr).toBeGreaterThan(pb + 50);
    const L = Array.from({ length: 101 }, (_, i) => lightness(DIVERGING(i / 100)));
    const brightest = L.indexOf(Math.max(...L));
    expect(Math.abs(brightest - 50)).toBeLessThanOrEqual(2);
    for (let i = 1; i <= 48; i++) expect(L[i]).toBeGreaterThanOrEqual(L[i - 1] - 0.25);
    for (let i = 52; i <= 100; i++) expect(L[i]).toBeLessThanOrEqual(L[i - 1] + 0.25);
  });
});

const attribution = (values: number[], signed: boolean): Attribution => ({
  values: Float32Array.from(values), width: values.length, height: 1, signed, units: 'probability-change', checks: [],
  run: { method: 'fixture', options: {}, target: 0, seed: null, evaluations: { done: 1, total: 1, unit: 'passes' }, batchSize: null, ms: 0, backend: 'cpu', cancelled: false },
});

describe('scaleOf', () => {
  it('spans 0 to the largest value for unsigned maps, and 0 to 1 when nothing is positive', () => {
    expect(scaleOf(attribution([0, 2, 1, -1], false))).toEqual({ min: 0, max: 2, signed: false });
    expect(scaleOf(attribution([0, -1], false))).toEqual({ min: 0, max: 1, signed: false });
  });

  it('is symmetric about zero for signed maps, and ±1 for an all-zero map', () => {
    expect(scaleOf(attribution([-3, 1], true))).toEqual({ min: -3, max: 3, signed: true });
    expect(scaleOf(attribution([0.5, -0.25], true))).toEqual({ min: -0.5, max: 0.5, signed: true });
    expect(scaleOf(attribution([0, 0], true))).toEqual({ min: -1, max: 1, signed: true });
  });
});

describe('heatmapPixels', () => {
  const px = (img: ImageData, i: number) => Array.from(img.data.slice(i * 4, i * 4 + 4));

  it('colours unsigned values with the chosen map and fades weak evidence out, strong evidence in', () => {
    const img = heatmapPixels(attribution([0, 1, 2, 4, 8], false), 'viridis');
    expect(img.width).toBe(5);
    for (const [i, t] of [[0, 0], [2, 0.25], [4, 1]] as const) {
      const want = rgb(byId('viridis')(t));
      px(img, i).slice(0, 3).forEach((v, ch) => expect(Math.abs(v - want[ch])).toBeLessThanOrEqual(1));
    }
    const alpha = [0, 1, 2, 3, 4].map((i) => px(img, i)[3]);
    for (let i = 1; i < alpha.length; i++) expect(alpha[i]).toBeGreaterThanOrEqual(alpha[i - 1]);
    expect(alpha[0]).toBeGreaterThan(0); // the map stays visible where it says "nothing here"
    expect(alpha[0]).toBeLessThan(128); // … without hiding the image
    expect(alpha[4]).toBe(255);
  });

  it('clamps values beyond a shared scale to its ends', () => {
    const img = heatmapPixels(attribution([-5, 10, 20], false), 'magma', { min: 0, max: 10, signed: false });
    expect(px(img, 2)).toEqual(px(img, 1));
    expect(px(img, 0).slice(0, 3)).toEqual(rgb(byId('magma')(0)).map((v) => Math.round(v)));
  });

  it('colours signed values with the diverging map whatever colormap is chosen, opaque at both ends', () => {
    const img = heatmapPixels(attribution([-2, 0, 2], true), 'inferno');
    const [neg, zero, pos] = [0, 1, 2].map((i) => px(img, i));
    expect(neg[2]).toBeGreaterThan(neg[0]); // blue
    expect(pos[0]).toBeGreaterThan(pos[2]); // red
    expect(neg[3]).toBe(255);
    expect(pos[3]).toBe(255);
    expect(zero[3]).toBeLessThan(neg[3]);
  });
});

describe('gradientCss (the legend)', () => {
  const stops = (css: string) => [...css.matchAll(/(rgb\([^)]*\)) (\d+)%/g)].map((m) => ({ colour: m[1], at: Number(m[2]) }));

  it('runs from the map’s colour at 0 to its colour at 1 in order', () => {
    const s = stops(gradientCss('cividis', false));
    expect(s[0]).toEqual({ colour: d3.rgb(byId('cividis')(0)).toString(), at: 0 });
    expect(s.at(-1)).toEqual({ colour: d3.rgb(byId('cividis')(1)).toString(), at: 100 });
    for (let i = 1; i < s.length; i++) expect(s[i].at).toBeGreaterThan(s[i - 1].at);
  });

  it('shows the diverging map for signed attributions', () => {
    const s = stops(gradientCss('viridis', true));
    expect(s[0].colour).toBe(d3.rgb(DIVERGING(0)).toString());
    expect(s.at(-1)!.colour).toBe(d3.rgb(DIVERGING(1)).toString());
  });
});
