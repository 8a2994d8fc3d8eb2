// The rows and axis of the per-region waterfall (SegmentChart), pure so Node tests can check them.
// Readable at confident predictions: the axis spans the data (not from 0 when the sum starts elsewhere,
// e.g. SHAP's base 0.780 → f(x) 0.995), and regions whose value is below the run's noise are summed into
// one "other" row instead of drawing bars no one can see or trust.

export type WaterfallRow =
  | { kind: 'start' | 'end'; label: string; value: number }
  | { kind: 'segment'; id: number; value: number; stderr?: number; from: number; to: number }
  | { kind: 'rest'; count: number; noise: number; value: number; from: number; to: number };

export interface WaterfallInput {
  values: readonly number[];
  stderr?: readonly number[];
  start?: { value: number; label: string };
  end?: { value: number; label: string };
  /** At most this many regions get their own bar (strongest |value| first). */
  top: number;
}

/** Fraction of the data's range below which a region without a standard error counts as noise. */
export const RANGE_NOISE = 1e-6;

/**
 * Builds the waterfall. A region is noise when |value| is below its standard error (when the run gave one
 * and it is > 0), else below 1e-6 of the data's range (the span of start, end and every running total).
 * Noise regions and those beyond the `top` strongest are summed into one 'rest' row (`count` of them,
 * `noise` of which were noise). With a start value the bars run from it and the domain spans only the
 * positions drawn (start, every running total, end, the ±1.96 SE whiskers) plus 4% padding; without a
 * start (a plain bar chart while sampling) the domain includes 0, where every bar starts.
 * @returns the rows top to bottom and the x domain [lo, hi] (lo < hi).
 */
export function buildWaterfall(w: WaterfallInput): { rows: WaterfallRow[]; domain: [number, number] } {
  const base = w.start?.value ?? 0;
  // The data's range: every running total in the order of the values, start and end.
  let lo = base;
  let hi = base;
  let cum = base;
  for (const v of w.values) {
    cum += v;
    lo = Math.min(lo, cum);
    hi = Math.max(hi, cum);
    if (!w.start) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (w.end) {
    lo = Math.min(lo, w.end.value);
    hi = Math.max(hi, w.end.value);
  }
  const rangeNoise = (hi - lo) * RANGE_NOISE;
  const isNoise = (id: number) => {
    const a = Math.abs(w.values[id]);
    const se = w.stderr?.[id];
    return se !== undefined && se > 0 ? a < se : a <= rangeNoise;
  };
  const order = w.values.map((value, id) => ({ id, value })).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const shown = order.filter((r) => !isNoise(r.id)).slice(0, Math.max(0, w.top));
  const shownIds = new Set(shown.map((r) => r.id));
  const rest = order.filter((r) => !shownIds.has(r.id));

  const rows: WaterfallRow[] = [];
  if (w.start) rows.push({ kind: 'start', label: w.start.label, value: w.start.value });
  let at = base;
  for (const r of shown) {
    const se = w.stderr?.[r.id];
    rows.push({ kind: 'segment', id: r.id, value: r.value, ...(se !== undefined ? { stderr: se } : {}), from: w.start ? at : 0, to: (w.start ? at : 0) + r.value });
    if (w.start) at += r.value;
  }
  if (rest.length) {
    const sum = rest.reduce((s, r) => s + r.value, 0);
    const from = w.start ? at : 0;
    rows.push({ kind: 'rest', count: rest.length, noise: rest.filter((r) => isNoise(r.id)).length, value: sum, from, to: from + sum });
  }
  if (w.end) rows.push({ kind: 'end', label: w.end.label, value: w.end.value });

  const xs: number[] = w.start ? [] : [0];
  for (const r of rows) {
    if (r.kind === 'segment') {
      xs.push(r.from, r.to);
      if (r.stderr) xs.push(r.to - 1.96 * r.stderr, r.to + 1.96 * r.stderr);
    } else if (r.kind === 'rest') xs.push(r.from, r.to);
    else xs.push(r.value);
  }
  let dlo = Math.min(...xs);
  let dhi = Math.max(...xs);
  if (!(dhi > dlo)) {
    const c = Number.isFinite(dlo) ? dlo : 0;
    const half = Math.abs(c) * 0.01 || 1e-9;
    dlo = c - half;
    dhi = c + half;
  }
  const pad = (dhi - dlo) * 0.04;
  return { rows, domain: [dlo - pad, dhi + pad] };
}

/**
 * A label cut to at most `max` characters with an ellipsis ("base value E[…" → "base valu…"); the full
 * name goes in the element's title so hover and focus show it. Labels of `max` or fewer characters are
 * returned unchanged.
 */
export function ellipsize(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}
