// Pure helpers for superpixel explanations (LIME, SHAP): ranking regions and drawing them.

export const POSITIVE = [232, 89, 12] as const; // orange: for the class
export const NEGATIVE = [28, 126, 214] as const; // blue: against it (an orange/blue pair stays distinct for colour-blind eyes)
export const POSITIVE_CSS = `rgb(${POSITIVE.join(',')})`;
export const NEGATIVE_CSS = `rgb(${NEGATIVE.join(',')})`;

export interface RankedRow {
  id: number;
  value: number;
  stderr?: number;
}

/** Regions sorted by |value|, the first `top` kept and the rest summed into one row. */
export function rankSegments(values: readonly number[], top: number, stderr?: readonly number[]): { rows: RankedRow[]; rest: { count: number; sum: number } } {
  const order = values.map((v, id) => ({ id, value: v, stderr: stderr?.[id] })).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const rows = order.slice(0, top);
  const others = order.slice(top);
  return { rows, rest: { count: others.length, sum: others.reduce((s, r) => s + r.value, 0) } };
}

/** The k strongest positive regions (and, if asked, the k strongest negative ones). */
export function topRegions(values: readonly number[], k: number, negative: boolean): { pos: Set<number>; neg: Set<number> } {
  const ids = values.map((v, id) => ({ v, id }));
  const pos = ids.filter((x) => x.v > 0).sort((a, b) => b.v - a.v).slice(0, k).map((x) => x.id);
  const neg = negative ? ids.filter((x) => x.v < 0).sort((a, b) => a.v - b.v).slice(0, k).map((x) => x.id) : [];
  return { pos: new Set(pos), neg: new Set(neg) };
}

/**
 * RGBA overlay: regions outside the shown set are dimmed, shown ones tinted by sign, the hovered one
 * outlined strongly, and boundaries drawn on request.
 */
export function segmentOverlay(
  segments: Int32Array,
  width: number,
  height: number,
  shown: { pos: Set<number>; neg: Set<number> },
  hover: number | null,
  boundaries: boolean,
): ImageData {
  const out = new ImageData(width, height);
  const d = out.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const s = segments[i];
      const edge =
        (x + 1 < width && segments[i + 1] !== s) || (y + 1 < height && segments[i + width] !== s) || (x > 0 && segments[i - 1] !== s) || (y > 0 && segments[i - width] !== s);
      const o = i * 4;
      if (s === hover) {
        if (edge) d.set([255, 214, 10, 255], o);
        else d.set([255, 214, 10, 90], o);
        continue;
      }
      if (shown.pos.has(s)) {
        d.set(edge ? [...POSITIVE, 255] : [...POSITIVE, 40], o);
      } else if (shown.neg.has(s)) {
        d.set(edge ? [...NEGATIVE, 255] : [...NEGATIVE, 110], o);
      } else {
        d.set([15, 23, 42, 150], o);
      }
      if (boundaries && edge && !shown.pos.has(s) && !shown.neg.has(s)) d.set([255, 255, 255, 150], o);
    }
  }
  return out;
}
