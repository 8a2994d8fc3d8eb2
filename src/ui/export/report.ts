// The self-contained HTML report: one file a colleague opens from file:// with the network off. Every image
// is a data: URL, the charts are inline SVG, the style is inline CSS, there is no script, and a Content
// Security Policy (default-src 'none') forbids the browser any request at all. Pure string building over
// plain data, so Node tests read exactly what the browser will.
//
// De-identification: the report shows the image's shareable name (caption.ts shareableImageName) and, for
// clinical images, only the non-identifying tags (ClinicalInfo.tags). Nothing else of a DICOM file enters.

import type { ResultCheck, RegionResult, RunRecord, AttributionUnits } from '../../shared/attribution';
import { unitsLabel, unitsReading } from '../../shared/attribution';
import type { ShownTag } from '../../shared/clinical';
import { LANGUAGE_TAGS, currentLanguage, t } from '../../shared/i18n';
import type { CurveFigure, OodVerdict, SanityFigure, TrustFigures } from '../../shared/trust';
import type { ModelSummary } from '../../shared/types';
import { checkLine } from '../resultText';
import { percent, plainNumber, preprocessingLine, runPairs, type ClinicalContext } from './caption';

/** One map in the report: the image with the map over it, its colour scale and its result spec. */
export interface ReportMap {
  methodLabel: string;
  className: string;
  /** data:image/png;base64 URL of the image with the map drawn over it. */
  overlayUrl: string;
  /** The colour scale: end values in `units`, and the CSS gradient (colours only, no url()). */
  legend: { min: number; max: number; gradient: string };
  units: AttributionUnits;
  signed: boolean;
  checks: ResultCheck[];
  run: RunRecord;
  regions?: RegionResult;
}

export interface ReportInput {
  /** Glassbox's version (package.json). */
  version: string;
  /** ISO 8601 time the report was made. */
  date: string;
  image: {
    name: string; width: number; height: number; url: string; trueLabel?: string; tags?: ShownTag[];
    /** A clinical image's value units and frame count (ImageInfo.clinical), for its window/level in the parameters. */
    clinical?: ClinicalContext;
  };
  model: Pick<ModelSummary, 'name' | 'labels' | 'preprocessing' | 'params' | 'inputShape' | 'backend'> & {
    head?: ModelSummary['head'];
    testAccuracy?: number;
    /** Lower-case hex SHA-256 of the weight data (worker/weightsHash.ts); null if it could not be computed. */
    sha256: string | null;
    weightBytes: number | null;
  };
  /** `ood`: whether the image is like the model's training images (Prediction.ood), shown beside the prediction. */
  prediction: { labels: string[]; probabilities: number[]; top: number; ood?: OodVerdict } | null;
  /** The class the maps explain. */
  target: number;
  mode: 'single' | 'compare';
  maps: ReportMap[];
  /** The trust panel's figures for the main map, when computed. */
  trust: TrustFigures | null;
}

/** Escapes text for HTML content and double-quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A data: URL is passed through only when it is a base64 PNG, JPEG or WebP image; anything else becomes empty. */
function dataUrl(u: string): string {
  return /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(u) ? u : '';
}

/** A CSS gradient is passed through only when it is made of colours and numbers (no url(), no quotes). */
function safeGradient(g: string): string {
  return /^linear-gradient\([a-z0-9 ,.()%#-]+\)$/i.test(g) && !/url\s*\(/i.test(g) ? g : 'linear-gradient(to right, #000, #fff)';
}

function badge(c: ResultCheck): string {
  const s = c.status ?? null;
  return `<li class="check ${s ?? 'info'}" data-check="${esc(c.id)}">${s ? `<span class="badge">${esc(t(`export:report.status.${s}`))}</span> ` : ''}${esc(checkLine(c))}</li>`;
}

/** Horizontal bars of the class probabilities (inline SVG), the explained class marked. */
export function predictionSvg(p: NonNullable<ReportInput['prediction']>, target: number): string {
  const rows = p.labels.map((label, i) => ({ label, p: p.probabilities[i] ?? 0, i })).sort((a, b) => b.p - a.p).slice(0, 10);
  const rowH = 22;
  const labelW = 150;
  const barW = 220;
  const h = rows.length * rowH + 4;
  const bars = rows
    .map((r, k) => {
      const y = k * rowH + 2;
      const w = Math.max(1, Math.round(barW * Math.min(1, Math.max(0, r.p))));
      const name = r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label;
      return (
        `<g><title>${esc(r.label)}: ${esc(percent(r.p))}</title>` +
        `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end"${r.i === target ? ' font-weight="700"' : ''}>${esc(name)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${barW}" height="${rowH - 8}" fill="#e2e8f0"/>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" fill="${r.i === target ? '#c2410c' : '#475569'}"/>` +
        `<text x="${labelW + barW + 6}" y="${y + 15}">${esc(percent(r.p))}</text></g>`
      );
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${esc(t('export:report.probabilities'))}" viewBox="0 0 ${labelW + barW + 70} ${h}" width="${labelW + barW + 70}" height="${h}" font-size="12" font-family="system-ui, sans-serif">${bars}</svg>`;
}

/** A small line chart: one or two series over x in [0, 1], y scaled to the data (inline SVG). */
function lineSvg(title: string, x: number[], series: { y: number[]; colour: string; dash?: boolean; name: string }[], yLabel: string, yRange?: [number, number]): string {
  const W = 260;
  const H = 150;
  const m = { l: 40, r: 8, t: 8, b: 28 };
  const all = series.flatMap((s) => s.y).filter(Number.isFinite);
  const lo = yRange ? yRange[0] : Math.min(0, ...all);
  let hi = yRange ? yRange[1] : Math.max(...all, 1e-9);
  if (hi - lo < 1e-12) hi = lo + 1;
  const xMax = Math.max(...x, 1e-9);
  const px = (v: number) => m.l + ((W - m.l - m.r) * v) / xMax;
  const py = (v: number) => H - m.b - ((H - m.t - m.b) * (v - lo)) / (hi - lo);
  const lines = series
    .map((s) => `<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dash ? ' stroke-dasharray="4 3"' : ''} points="${x.map((xi, i) => `${px(xi).toFixed(1)},${py(s.y[i] ?? 0).toFixed(1)}`).join(' ')}"><title>${esc(s.name)}</title></polyline>`)
    .join('');
  const axes =
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#94a3b8"/><line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#94a3b8"/>` +
    `<text x="${m.l - 4}" y="${py(hi) + 4}" text-anchor="end">${plainNumber(hi)}</text><text x="${m.l - 4}" y="${py(lo)}" text-anchor="end">${plainNumber(lo)}</text>` +
    `<text x="${m.l}" y="${H - 8}">0</text><text x="${W - m.r}" y="${H - 8}" text-anchor="end">${plainNumber(xMax)}</text>` +
    `<text x="${(m.l + W) / 2}" y="${H - 2}" text-anchor="middle">${esc(yLabel)}</text>`;
  return `<svg class="curve" role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-size="10" font-family="system-ui, sans-serif">${axes}${lines}</svg>`;
}

/** An area under a curve for people: two decimals, never scientific notation ("1.00", "0.36", "0.00"). */
export function aucText(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return (Math.abs(v) < 0.005 ? 0 : v).toFixed(2);
}

function curveBlock(c: CurveFigure): string {
  const what = c.mode === 'deletion' ? t('export:report.deletion') : t('export:report.insertion');
  const better = c.mode === 'deletion' ? t('export:report.lowerBetter') : t('export:report.higherBetter');
  const svg = lineSvg(t('export:report.curve', { what }), c.x, [
    { y: c.y, colour: '#c2410c', name: t('export:report.mapOrder') },
    { y: c.randomY, colour: '#64748b', dash: true, name: t('export:report.randomOrder') },
  ], c.mode === 'deletion' ? t('export:report.removed') : t('export:report.revealed'));
  return `<figure class="fig" data-figure="${c.mode}"><figcaption>${esc(t('export:report.curveCaption', { what, auc: aucText(c.auc), randomAuc: aucText(c.randomAuc), better, units: c.units }))}</figcaption>${svg}</figure>`;
}

function sanityBlock(s: SanityFigure): string {
  const x = s.layers.map((_, i) => (i + 1) / s.layers.length);
  const svg = lineSvg(t('export:report.randomisation'), x, [
    { y: s.spearman, colour: '#c2410c', name: 'Spearman ρ' },
    { y: s.ssim, colour: '#0369a1', dash: true, name: 'SSIM' },
  ], t('export:report.layersRandomised'), [-1, 1]);
  const rows = s.layers.map((l, i) => `<tr><td>${esc(l)}</td><td>${plainNumber(s.spearman[i])}</td><td>${plainNumber(s.ssim[i])}</td></tr>`).join('');
  return `<figure class="fig" data-figure="randomisation"><figcaption>${esc(t('export:report.sanityCaption'))}</figcaption>${svg}<table class="small"><tr><th>${esc(t('export:report.randomisedDownTo'))}</th><th>Spearman ρ</th><th>SSIM</th></tr>${rows}</table></figure>`;
}

/** The out-of-distribution verdict as one paragraph: a warning for 'out', plain for 'unknown', a short muted line for 'in'. */
export function oodBlock(v: OodVerdict): string {
  const distance = v.distance === undefined ? '' : v.threshold !== undefined ? t('export:report.distanceThreshold', { distance: plainNumber(v.distance), threshold: plainNumber(v.threshold) }) : t('export:report.distance', { distance: plainNumber(v.distance) });
  // A sentence that already gives the distance (it says "distance" in English, 距离 in Chinese) is not repeated.
  const figures = distance && !v.sentence.includes('distance') && !v.sentence.includes('距离') ? ` (${distance})` : '';
  const lead = v.status === 'out' ? `<strong>${esc(t('export:report.oodOut'))}</strong> ` : v.status === 'unknown' ? `<strong>${esc(t('export:report.oodUnknown'))}</strong> ` : '';
  return `<p class="ood ${v.status}" data-testid="report-ood" data-status="${v.status}"${v.status === 'out' ? ' role="alert"' : ''}>${lead}${esc(v.sentence)}${esc(figures)}</p>`;
}

function trustBlock(figs0: TrustFigures | null, oodShown: boolean): string {
  if (!figs0) return `<p class="muted" data-testid="report-no-trust">${esc(t('export:report.noTrust'))}</p>`;
  const parts: string[] = [];
  const tf = figs0;
  if (tf.checks.length) parts.push(`<ul class="checks" data-testid="report-trust-checks">${tf.checks.map(badge).join('')}</ul>`);
  const figs = [tf.deletion && curveBlock(tf.deletion), tf.insertion && curveBlock(tf.insertion), tf.randomisation && sanityBlock(tf.randomisation)].filter(Boolean);
  if (figs.length) parts.push(`<div class="figs">${figs.join('')}</div>`);
  if (tf.stability) parts.push(`<p>${esc(t('export:report.stability', { a: tf.stability.seeds[0], b: tf.stability.seeds[1], rho: plainNumber(tf.stability.rho) }))}</p>`);
  // The prediction's verdict is shown beside the prediction; the trust figures' own only when it is not.
  if (tf.ood && !oodShown) parts.push(oodBlock(tf.ood));
  return `<div data-testid="report-trust">${parts.join('')}</div>`;
}

function regionsTable(r: RegionResult, units: AttributionUnits): string {
  const order = r.values.map((v, id) => ({ v, id, se: r.stderr?.[id] })).sort((a, b) => Math.abs(b.v) - Math.abs(a.v));
  const shown = order.slice(0, 12);
  const rest = order.slice(12);
  const rows = shown.map((o) => `<tr><td>${o.id}</td><td>${plainNumber(o.v, 4)}</td><td>${o.se !== undefined ? plainNumber(o.se, 2) : '–'}</td></tr>`).join('');
  const other = rest.length ? `<tr><td>${esc(t('export:report.others', { count: rest.length }))}</td><td>${esc(t('export:report.sum', { value: plainNumber(rest.reduce((s, o) => s + o.v, 0), 4) }))}</td><td></td></tr>` : '';
  const ends = [r.start && `${esc(r.start.label)} ${plainNumber(r.start.value, 4)}`, r.end && `${esc(r.end.label)} ${plainNumber(r.end.value, 4)}`].filter(Boolean).join(' → ');
  return `<table class="small regions"><caption>${esc(r.title)} (${esc(unitsLabel(units))})${r.exact ? esc(t('export:report.exact')) : ''}${ends ? `; ${ends}` : ''}</caption><tr><th>${esc(t('export:report.region'))}</th><th>${esc(t('export:report.value'))}</th><th>${esc(t('export:report.stderr'))}</th></tr>${rows}${other}</table>`;
}

function mapBlock(m: ReportMap, i: number, clinical: ClinicalContext | undefined): string {
  const params = runPairs(m.run, clinical).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  return (
    `<section class="map" data-testid="report-map-block" data-method="${esc(m.run.method)}">` +
    `<h3>${esc(t('export:report.mapFor', { method: m.methodLabel, className: m.className }))}</h3>` +
    `<div class="map-row"><div class="map-pic">` +
    `<img class="overlay" data-testid="report-map" src="${dataUrl(m.overlayUrl)}" alt="${esc(i ? t('export:report.mapAltNumbered', { method: m.methodLabel, n: i + 1 }) : t('export:report.mapAlt', { method: m.methodLabel }))}">` +
    `<div class="legend"><span>${plainNumber(m.legend.min)}</span><span class="bar" style="background:${safeGradient(m.legend.gradient)}"></span><span>${plainNumber(m.legend.max)}</span></div>` +
    `<p class="units">${esc(t('export:report.units', { units: unitsLabel(m.units), reading: unitsReading(m.units) }))}${m.signed ? esc(t('export:report.signed')) : ''}</p>` +
    `</div><div class="map-facts">` +
    (m.checks.length ? `<ul class="checks" data-testid="report-checks">${m.checks.map(badge).join('')}</ul>` : '') +
    (m.regions ? regionsTable(m.regions, m.units) : '') +
    `<table class="small params" data-testid="report-params"><caption>${esc(t('export:report.parameters'))}</caption>${params}</table>` +
    `</div></div>` +
    `</section>`
  );
}

const CSS = `
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#fff;margin:0 auto;padding:24px;max-width:1100px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}h3{font-size:14px;margin:0 0 6px}
.muted{color:#64748b}.top{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}
.image{flex:0 1 260px}.image img{width:100%;max-width:260px;border:1px solid #cbd5e1;border-radius:4px}
.maps{display:flex;flex-direction:column;gap:20px}.map-row{display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start}
.map-pic{flex:0 1 420px}.map-pic img{width:100%;max-width:420px;border:1px solid #cbd5e1;border-radius:4px}.map-facts{flex:1 1 300px;min-width:0}
.maps.many{flex-direction:row;flex-wrap:wrap}.maps.many .map{flex:1 1 320px;max-width:420px}.maps.many .map-row{flex-direction:column}
.legend{display:flex;align-items:center;gap:6px;font-size:12px;margin:4px 0}.legend .bar{flex:1;height:10px;border-radius:2px;border:1px solid #cbd5e1}
.units{font-size:12px;color:#334155;margin:4px 0}
table.small{border-collapse:collapse;font-size:12px;margin:6px 0;width:100%}table.small th,table.small td{border:1px solid #e2e8f0;padding:2px 6px;text-align:left;vertical-align:top}
table.small caption{text-align:left;font-weight:600;padding:2px 0}table.small th{background:#f8fafc;font-weight:600;width:40%}
ul.checks{list-style:none;padding:0;margin:0 0 6px}ul.checks li{margin:2px 0;font-size:12px}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-weight:700;font-size:11px;color:#fff;background:#64748b}
.ok .badge{background:#15803d}.warn .badge{background:#b45309}.fail .badge{background:#b91c1c}
.figs{display:flex;gap:12px;flex-wrap:wrap}.fig{margin:0;flex:0 1 270px}.fig figcaption{font-size:12px}
.ood{margin:6px 0;max-width:420px}.ood.out{color:#7f1d1d;background:#fef2f2;border:1px solid #fca5a5;border-left:4px solid #b91c1c;padding:6px 8px;border-radius:4px}.ood.in{color:#64748b;font-size:12px}.hash{font-family:ui-monospace,monospace;word-break:break-all;font-size:12px}
footer{margin-top:16px;font-size:11px;color:#64748b}
@media print{@page{size:A4;margin:10mm}body{padding:0;font-size:10px;line-height:1.3;max-width:none}
h1{font-size:15px}h2{margin:6px 0 3px;font-size:12px}h3{font-size:11px;margin:0 0 3px}.top{gap:12px}
.image{flex-basis:150px}.image img{max-width:150px}.pred svg{width:300px;height:auto}
.map-pic{flex-basis:230px}.map-pic img{max-width:230px}.maps.many .map{flex-basis:200px;max-width:220px}.maps.many table.params{display:none}
.units,ul.checks li,.legend{font-size:9px}table.small{font-size:8px;margin:3px 0}table.small th,table.small td{padding:0 4px}
table.regions{display:none}.fig{flex-basis:200px}.fig svg{width:200px;height:auto}.hash{font-size:9px}
section,figure,table{break-inside:avoid}footer{margin-top:6px;font-size:8px}}
`;

/** The header line: version, date (a <time> element), model, image and its size, the true label when known. */
function headerLine(r: ReportInput): string {
  const TIME = '\u0000time\u0000';
  const values = { version: r.version, date: TIME, model: r.model.name, image: r.image.name, size: `${r.image.width}×${r.image.height}`, label: r.image.trueLabel };
  const line = esc(r.image.trueLabel ? t('export:report.headerTrue', values) : t('export:report.header', values));
  const time = `<time datetime="${esc(r.date)}" data-testid="report-date">${esc(r.date.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC'))}</time>`;
  return line.replace(TIME, time);
}

/**
 * The report as one HTML document (a string): header (model, date, version), the image, the prediction
 * chart, each map with its colour scale, units, checks, regions and parameters, the trust figures, and the
 * model's classes, preprocessing and weights hash. No script, no external resource: a CSP meta tag with
 * default-src 'none' (images from data: only, inline style only) makes any request impossible, and images
 * whose URL is not a base64 data: image are dropped.
 */
export function buildReport(r: ReportInput): string {
  const main = r.maps[0];
  const target = r.model.labels[r.target] ?? String(r.target);
  const title = main
    ? r.mode === 'compare' && r.maps.length > 1
      ? t('export:report.titleMore', { method: main.methodLabel, className: target, count: r.maps.length - 1 })
      : t('export:report.title', { method: main.methodLabel, className: target })
    : t('export:report.titlePrediction', { image: r.image.name });
  const tags = r.image.tags?.length ? `<table class="small" data-testid="report-tags"><caption>${esc(t('export:report.tags'))}</caption>${r.image.tags.map((tag) => `<tr><th>${esc(tag.label)}</th><td>${esc(tag.value)}</td></tr>`).join('')}</table>` : '';
  const pred = r.prediction
    ? `<div class="pred" data-testid="report-prediction"><h3>${esc(t('export:report.prediction', { label: r.prediction.labels[r.prediction.top] ?? '', probability: percent(r.prediction.probabilities[r.prediction.top] ?? 0) }))}</h3>${r.prediction.ood ? oodBlock(r.prediction.ood) : ''}${predictionSvg(r.prediction, r.target)}</div>`
    : `<p class="muted">${esc(t('export:report.noPrediction'))}</p>`;
  const modelRows: [string, string][] = [
    [t('export:report.model.name'), r.model.name],
    [t('export:report.model.classes'), r.model.labels.join(t('export:caption.listSep'))],
    [t('export:report.model.input'), r.model.inputShape.filter((d) => d !== null && d > 0).join('×')],
    [t('export:report.model.preprocessing'), preprocessingLine(r.model.preprocessing)],
    [t('export:report.model.head'), r.model.head ?? 'softmax'],
    [t('export:report.model.parameters'), String(r.model.params)],
    [t('export:report.model.backend'), r.model.backend],
  ];
  if (r.model.testAccuracy !== undefined) modelRows.push([t('export:report.model.accuracy'), `${(r.model.testAccuracy * 100).toFixed(1)}%`]);
  const hash = r.model.sha256
    ? `<tr><th>${esc(t('export:report.model.hash'))}</th><td class="hash" data-testid="report-hash">${esc(r.model.sha256)}</td></tr><tr><th>${esc(t('export:report.model.hashed'))}</th><td>${esc(t('export:report.bytes', { bytes: r.model.weightBytes ?? '?' }))}</td></tr>`
    : `<tr><th>${esc(t('export:report.model.hash'))}</th><td data-testid="report-hash">${esc(t('export:report.notAvailable'))}</td></tr>`;
  return `<!doctype html>
<html lang="${LANGUAGE_TAGS[currentLanguage()]}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Glassbox ${esc(r.version)}">
<title>${esc(t('export:report.docTitle', { title }))}</title>
<style>${CSS}</style></head>
<body data-testid="report">
<header><h1 data-testid="report-title">${esc(title)}</h1>
<p class="muted">${headerLine(r)}</p></header>
<div class="top">
<div class="image"><img data-testid="report-image" src="${dataUrl(r.image.url)}" alt="${esc(t('export:report.imageAlt'))}">${tags}</div>
${pred}
</div>
<h2>${esc(r.maps.length > 1 ? t('export:report.maps') : t('export:report.map'))}</h2>
<div class="maps${r.maps.length > 1 ? ' many' : ''}">${r.maps.map((m, i) => mapBlock(m, i, r.image.clinical)).join('') || `<p class="muted">${esc(t('export:report.noMap'))}</p>`}</div>
<h2>${esc(t('export:report.believed'))}</h2>
${trustBlock(r.trust, !!r.prediction?.ood)}
<h2>${esc(t('export:report.modelHeading'))}</h2>
<table class="small" data-testid="report-model">${modelRows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}${hash}</table>
<footer>${esc(t('export:report.footer', { version: r.version }))}</footer>
</body></html>
`;
}
