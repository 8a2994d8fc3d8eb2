// Draws what the page already shows onto canvases for export: the image (ImageInfo.preview), the map over
// it where the model's input sits (heatmap in the chosen colormap, or the LIME/SHAP region overlay), a
// colour bar with the map's range and units, and the caption. Browser only (canvas); the words come from
// caption.ts and the pixels from colormaps.ts and segmentMath.ts, the same code the viewer uses.

import type { Attribution, ImageInfo, ModelSummary, RgbaImage } from '../../shared/types';
import { unitsLabel } from '../../shared/attribution';
import { cropBox } from '../../shared/geometry';
import { t } from '../../shared/i18n';
import type { Colormap } from '../../state/store';
import { COLORMAPS, DIVERGING, gradientCss, heatmapPixels, type HeatmapScale } from '../colormaps';
import { NEGATIVE_CSS, POSITIVE_CSS, segmentOverlay, topRegions } from '../segments/segmentMath';
import { plainNumber } from './caption';

/** How the page shows one map: what the export reproduces. */
export interface MapView {
  image: ImageInfo;
  model: ModelSummary | null;
  attribution: Attribution;
  scale: HeatmapScale;
  colormap: Colormap;
  /** Heatmap opacity 0..1 (0 when the person hid the heatmap). Region overlays are drawn opaque. */
  opacity: number;
  /** Region overlays: how many regions, whether those against the class too, boundaries. */
  regions: { topK: number; showNegative: boolean; showBoundaries: boolean };
  title: string;
}

function canvas(w: number, h: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = Math.max(1, Math.round(w));
  c.height = Math.max(1, Math.round(h));
  return c;
}

function rgbaCanvas(img: RgbaImage): HTMLCanvasElement {
  const c = canvas(img.width, img.height);
  c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  return c;
}

function overlayCanvas(v: MapView): HTMLCanvasElement {
  const a = v.attribution;
  const c = canvas(a.width, a.height);
  const px = a.segments
    ? segmentOverlay(a.segments, a.width, a.height, topRegions(a.regions?.values ?? [], v.regions.topK, v.regions.showNegative), null, v.regions.showBoundaries)
    : heatmapPixels(a, v.colormap, v.scale);
  c.getContext('2d')!.putImageData(px, 0, 0);
  return c;
}

/** The image with the map over it, the image's longest side scaled to `longSide` px. */
export function compositeCanvas(v: MapView, longSide: number): HTMLCanvasElement {
  const img = v.image;
  const k = longSide / Math.max(img.width, img.height);
  const c = canvas(img.width * k, img.height * k);
  const g = c.getContext('2d')!;
  g.imageSmoothingEnabled = true;
  g.imageSmoothingQuality = 'high';
  g.drawImage(rgbaCanvas(img.preview), 0, 0, c.width, c.height);
  const box = v.model ? cropBox(img.width, img.height, v.model.preprocessing.resize) : { x: 0, y: 0, w: img.width, h: img.height };
  g.globalAlpha = v.attribution.segments ? 1 : v.opacity;
  g.drawImage(overlayCanvas(v), (box.x / img.width) * c.width, (box.y / img.height) * c.height, (box.w / img.width) * c.width, (box.h / img.height) * c.height);
  g.globalAlpha = 1;
  return c;
}

/** The CSS gradient of a map's colour bar (region overlays: blue against, orange for the class). */
export function legendGradient(v: Pick<MapView, 'attribution' | 'colormap'>): string {
  if (v.attribution.segments) return `linear-gradient(to right, ${NEGATIVE_CSS} 0%, rgb(241, 245, 249) 50%, ${POSITIVE_CSS} 100%)`;
  return gradientCss(v.colormap, v.attribution.signed);
}

/** The colour bar's end values: the heatmap's scale, or ± the largest |region value|. */
export function legendRange(v: Pick<MapView, 'attribution' | 'scale'>): { min: number; max: number } {
  const r = v.attribution.regions?.values;
  if (v.attribution.segments && r?.length) {
    const m = Math.max(...r.map(Math.abs)) || 1;
    return { min: -m, max: m };
  }
  return { min: v.scale.min, max: v.scale.max };
}

function colourStops(v: MapView): string[] {
  if (v.attribution.segments) return [NEGATIVE_CSS, 'rgb(241, 245, 249)', POSITIVE_CSS];
  const f = v.attribution.signed ? DIVERGING : COLORMAPS.find((c) => c.id === v.colormap)!.interpolate;
  return Array.from({ length: 11 }, (_, i) => f(i / 10));
}

/** Breaks text into lines no wider than `width` at the context's current font. */
function wrap(g: CanvasRenderingContext2D, text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && g.measureText(next).width > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * The current view as one picture: each map (one in single mode, every computed one in compare mode) as
 * image + overlay with its title and colour bar (range and units), then the caption lines under them:
 * the `warnings` first (bold, in red: an out-of-distribution image), then the `caption`.
 */
export function viewCanvas(maps: MapView[], caption: string[], warnings: string[] = []): HTMLCanvasElement {
  const cols = Math.min(3, Math.max(1, maps.length));
  const panelW = maps.length > 1 ? 300 : 512;
  const pad = 16;
  const composites = maps.map((m) => compositeCanvas(m, panelW));
  const rowsN = Math.ceil(maps.length / cols);
  const rowH = (r: number) => Math.max(...composites.slice(r * cols, r * cols + cols).map((c) => c.height)) + 24 + 50;
  const width = pad + cols * (panelW + pad);
  const probe = canvas(1, 1).getContext('2d')!;
  probe.font = `13px ${FONT}`;
  const lines = caption.flatMap((l) => wrap(probe, l, width - 2 * pad));
  probe.font = `700 13px ${FONT}`;
  const warnLines = warnings.flatMap((l) => wrap(probe, l, width - 2 * pad));
  let height = pad;
  for (let r = 0; r < rowsN; r++) height += rowH(r) + pad;
  height += (warnLines.length + lines.length) * 18 + pad;
  const c = canvas(width, height);
  const g = c.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, c.width, c.height);
  let y0 = pad;
  for (let r = 0; r < rowsN; r++) {
    for (let k = 0; k < cols; k++) {
      const i = r * cols + k;
      if (i >= maps.length) break;
      const m = maps[i];
      const x = pad + k * (panelW + pad);
      g.fillStyle = '#0f172a';
      g.font = `600 14px ${FONT}`;
      g.textBaseline = 'alphabetic';
      g.fillText(m.title, x, y0 + 15, panelW);
      const comp = composites[i];
      g.drawImage(comp, x, y0 + 24);
      // Colour bar with its range and units.
      const by = y0 + 24 + comp.height + 8;
      const grad = g.createLinearGradient(x, 0, x + panelW, 0);
      const stops = colourStops(m);
      stops.forEach((s, j) => grad.addColorStop(j / (stops.length - 1), s));
      g.fillStyle = grad;
      g.fillRect(x, by, panelW, 12);
      g.strokeStyle = '#94a3b8';
      g.strokeRect(x + 0.5, by + 0.5, panelW - 1, 11);
      const range = legendRange(m);
      g.fillStyle = '#334155';
      g.font = `12px ${FONT}`;
      g.fillText(plainNumber(range.min), x, by + 27);
      g.textAlign = 'right';
      g.fillText(plainNumber(range.max), x + panelW, by + 27);
      g.textAlign = 'center';
      g.fillText(unitsLabel(m.attribution.units), x + panelW / 2, by + 27, panelW - 80);
      g.textAlign = 'left';
    }
    y0 += rowH(r) + pad;
  }
  g.fillStyle = '#b91c1c';
  g.font = `700 13px ${FONT}`;
  warnLines.forEach((l, i) => g.fillText(l, pad, y0 + 13 + i * 18));
  y0 += warnLines.length * 18;
  g.fillStyle = '#0f172a';
  g.font = `13px ${FONT}`;
  lines.forEach((l, i) => g.fillText(l, pad, y0 + 13 + i * 18));
  return c;
}

/** A canvas as PNG bytes. */
export function canvasPng(c: HTMLCanvasElement): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? b.arrayBuffer().then(resolve, reject) : reject(new Error(t('export:encodeFailed')))), 'image/png'),
  );
}
