// Values a person takes away: CSV and JSON of a result's map and of its regions (LIME, SHAP). Pure
// functions over plain data (shared/attribution.ts), so they are tested in Node and give the same bytes
// in the page. CSV follows RFC 4180 (comma, CRLF, fields with comma, quote or line break quoted, quotes
// doubled); text fields that a spreadsheet would run as a formula are defused (OWASP "CSV injection").

import { UNITS, type Attribution, type ResultCheck, type RunRecord } from '../../shared/attribution';
import type { ModelSummary } from '../../shared/types';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * One CSV field (RFC 4180). Numbers are written in JavaScript's shortest round-trip form (a float32 value
 * read back and rounded with Math.fround is the same float32); non-finite numbers, null and undefined are
 * empty fields. Text starting with = + - @ or a tab/CR is prefixed with an apostrophe so spreadsheets show
 * it instead of evaluating it; text with a comma, quote, CR or LF (or edge spaces) is quoted, quotes doubled.
 */
export function csvField(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of cells as CSV text: fields by csvField, records joined by CRLF, ending with CRLF (RFC 4180). */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One region of a superpixel result, in model-input pixels (x right, y down, origin top-left). */
export interface RegionRow {
  /** The segment label: region i is the pixels whose segments value is i. */
  id: number;
  /** In the attribution's units. */
  value: number;
  /** Standard error of the value; null where the method gives none. */
  stderr: number | null;
  /** How many model-input pixels the region covers. */
  pixels: number;
  /** Mean x and y of those pixels' centres (pixel (x, y) has centre x + 0.5, y + 0.5); null for an empty region. */
  centroidX: number | null;
  centroidY: number | null;
}

/**
 * The region table of a superpixel result: one row per region value (regions.values[i] is region i), with
 * its standard error, pixel count and centroid counted from `segments`. Empty for a result without regions
 * or segments. Segment labels outside 0..values.length-1 are ignored.
 */
export function regionRows(a: Attribution): RegionRow[] {
  const r = a.regions;
  const seg = a.segments;
  if (!r || !seg) return [];
  const n = r.values.length;
  const count = new Float64Array(n);
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const s = seg[y * a.width + x];
      if (s < 0 || s >= n) continue;
      count[s]++;
      sx[s] += x + 0.5;
      sy[s] += y + 0.5;
    }
  }
  return r.values.map((value, id) => ({
    id,
    value,
    stderr: r.stderr ? r.stderr[id] : null,
    pixels: count[id],
    centroidX: count[id] ? sx[id] / count[id] : null,
    centroidY: count[id] ? sy[id] / count[id] : null,
  }));
}

/** Regions as CSV: region, value (with its units in the header), stderr, pixels, centroid_x, centroid_y. */
export function regionsCsv(a: Attribution): string {
  const rows: CsvCell[][] = [['region', `value (${UNITS[a.units].label})`, 'stderr', 'pixels', 'centroid_x', 'centroid_y']];
  for (const r of regionRows(a)) rows.push([r.id, r.value, r.stderr, r.pixels, r.centroidX, r.centroidY]);
  return toCsv(rows);
}

/**
 * The map as a CSV grid at model-input resolution: `height` records of `width` values each (row y is image
 * row y, top first), no header, in the attribution's units.
 */
export function mapCsv(a: Attribution): string {
  const rows: number[][] = [];
  for (let y = 0; y < a.height; y++) rows.push(Array.from(a.values.subarray(y * a.width, (y + 1) * a.width)));
  return toCsv(rows);
}

/** Reads back a CSV grid written by mapCsv (numbers only, no quoting). */
export function parseNumberGrid(csv: string): number[][] {
  return csv
    .split('\r\n')
    .filter((l) => l.length)
    .map((l) => l.split(',').map(Number));
}

/** What the JSON export says about where the values came from. */
export interface ExportContext {
  /** Glassbox's version (package.json). */
  version: string;
  /** ISO 8601 time of the export. */
  date: string;
  methodLabel: string;
  className: string;
  model: Pick<ModelSummary, 'name' | 'labels' | 'preprocessing'> & { sha256?: string | null };
  /** The image's name as it may be shown (already de-identified). */
  imageName: string;
}

/** The JSON export of one result (see valuesJson). */
export interface ValuesJson {
  format: 'glassbox-attribution';
  glassbox: string;
  date: string;
  image: string;
  model: { name: string; labels: string[]; sha256: string | null };
  method: string;
  methodLabel: string;
  target: { index: number; label: string };
  units: { id: Attribution['units']; label: string; reading: string };
  signed: boolean;
  width: number;
  height: number;
  /** Row-major, height x width. */
  values: number[];
  regions: (RegionRow & { title?: string })[] | null;
  regionSummary: { title: string; start?: { value: number; label: string }; end?: { value: number; label: string }; exact: boolean } | null;
  checks: ResultCheck[];
  run: RunRecord;
}

/** The result with its units, run record and checks as a plain object (JSON.stringify it to save). */
export function valuesJson(a: Attribution, ctx: ExportContext): ValuesJson {
  return {
    format: 'glassbox-attribution',
    glassbox: ctx.version,
    date: ctx.date,
    image: ctx.imageName,
    model: { name: ctx.model.name, labels: [...ctx.model.labels], sha256: ctx.model.sha256 ?? null },
    method: a.run.method,
    methodLabel: ctx.methodLabel,
    target: { index: a.run.target, label: ctx.className },
    units: { id: a.units, label: UNITS[a.units].label, reading: UNITS[a.units].reading },
    signed: a.signed,
    width: a.width,
    height: a.height,
    values: Array.from(a.values),
    regions: a.regions ? regionRows(a) : null,
    regionSummary: a.regions ? { title: a.regions.title, start: a.regions.start, end: a.regions.end, exact: Boolean(a.regions.exact) } : null,
    checks: a.checks,
    run: a.run,
  };
}
