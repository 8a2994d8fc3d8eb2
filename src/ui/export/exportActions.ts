// What the export buttons do: read the current view from the store, build the file with the pure builders
// (values.ts, report.ts) and the canvas renderer (render.ts), and hand it to the browser's downloads
// (ui/models/download.ts: a Blob and <a download>; nothing leaves the machine).

import { version } from '../../../package.json';
import { UserError, toUserError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { TrustFigures } from '../../shared/trust';
import type { Attribution, ImageInfo, ModelSummary } from '../../shared/types';
import { getEngine } from '../../state/controller';
import { actions, predictionOf, useStudio, type StudioState } from '../../state/store';
import { scaleOf, type HeatmapScale } from '../colormaps';
import { saveFiles } from '../models/download';
import { captionLines, fileNameOf, oodWarning, runLine, shareableImageName, type ClinicalContext } from './caption';
import { buildReport, type ReportMap } from './report';
import { canvasPng, compositeCanvas, legendGradient, legendRange, viewCanvas, type MapView } from './render';
import { mapCsv, regionsCsv, valuesJson, type ExportContext } from './values';

export const GLASSBOX_VERSION: string = version;

/** The map the single view shows now (the same rule as Viewer.tsx: this image, this method), or null. */
export function currentAttribution(s: StudioState): Attribution | null {
  const a = s.attribution;
  const key = s.attributionKey;
  if (!a || !key || !s.selectedId || !key.startsWith(`${s.selectedId}@`) || key.split('/')[1] !== s.methodId) return null;
  return a;
}

/** Compare mode: the computed maps of the methods in the grid, in the grid's order. */
function compareAttributions(s: StudioState): Attribution[] {
  return s.methods.filter((m) => m.compatible && s.compareMethods.includes(m.id) && s.compareResults[m.id]).map((m) => s.compareResults[m.id]);
}

/** Maps shown now: the one map, or every computed map of Compare. */
export function shownAttributions(s: StudioState): Attribution[] {
  if (s.mode === 'compare') return compareAttributions(s);
  const a = currentAttribution(s);
  return a ? [a] : [];
}

/** Compare's "same colour scale": maps of the same units and sign share one range. */
function scalesFor(maps: Attribution[], shared: boolean): HeatmapScale[] {
  const own = maps.map(scaleOf);
  if (!shared) return own;
  return maps.map((a) => {
    const peers = maps.map((b, i) => ({ b, s: own[i] })).filter(({ b }) => b.units === a.units && b.signed === a.signed);
    const max = Math.max(...peers.map((p) => p.s.max));
    return a.signed ? { min: -max, max, signed: true } : { min: 0, max, signed: false };
  });
}

interface Scene {
  image: ImageInfo;
  model: ModelSummary;
  position: number;
  imageName: string;
  maps: Attribution[];
  views: MapView[];
  s: StudioState;
}

/** A clinical image's value units and frame count, for the words of its window/level. */
function clinicalOf(image: ImageInfo): ClinicalContext | undefined {
  return image.clinical ? { units: image.clinical.units, frameCount: image.clinical.frameCount } : undefined;
}


function methodLabel(s: StudioState, id: string): string {
  return s.methods.find((m) => m.id === id)?.label ?? id;
}

function scene(): Scene {
  const s = useStudio.getState();
  const image = s.images.find((i) => i.id === s.selectedId);
  if (!image || !s.model) throw toError(t('export:nothing.title'), t('export:nothing.detail'), t('export:nothing.action'));
  const maps = shownAttributions(s);
  const scales = scalesFor(maps, s.mode === 'compare' && s.sharedScale);
  const views: MapView[] = maps.map((a, i) => ({
    image,
    model: s.model,
    attribution: a,
    scale: scales[i],
    colormap: s.colormap,
    opacity: s.showHeatmap ? s.opacity : 0,
    regions: { topK: s.topK, showNegative: s.showNegative, showBoundaries: s.showBoundaries },
    title: t('export:report.mapFor', { method: methodLabel(s, a.run.method), className: s.model!.labels[a.run.target] ?? String(a.run.target) }),
  }));
  const position = s.images.indexOf(image) + 1;
  return { image, model: s.model, position, imageName: shareableImageName(image, position), maps, views, s };
}

function toError(title: string, detail: string, action: string): Error {
  return new UserError(title, detail, action);
}

function needMaps(sc: Scene): void {
  if (!sc.maps.length) throw toError(t('export:noMap.title'), t('export:noMap.detail'), t('export:noMap.action'));
}

// The weights' hash, once per active model (a new ModelSummary object comes with every model change).
const hashes = new WeakMap<ModelSummary, Promise<{ sha256: string; bytes: number } | null>>();
function weightsHash(model: ModelSummary): Promise<{ sha256: string; bytes: number } | null> {
  let p = hashes.get(model);
  if (!p) {
    p = getEngine().weightsSha256().catch(() => null);
    hashes.set(model, p);
  }
  return p;
}

function base(sc: Scene, a: Attribution | null, what: string): string[] {
  const m = a ? methodLabel(sc.s, a.run.method) : 'compare';
  const cls = a ? (sc.model.labels[a.run.target] ?? '') : '';
  return ['glassbox', m, cls, sc.imageName.replace(/\.[a-z0-9]+$/i, ''), what];
}

async function run(what: 'picture' | 'csv' | 'json' | 'report', fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const u = toUserError(e);
    actions.notify({ kind: 'error', title: u.title || t(`export:failed.${what}`), detail: u.detail, action: u.action });
  }
}

const text = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;

/** PNG of the current view: map(s) over the image, colour bar with range and units, caption with the run. */
export function exportPng(): Promise<void> {
  return run('picture', async () => {
    const sc = scene();
    needMaps(sc);
    const hash = await weightsHash(sc.model);
    const a = sc.maps[0];
    const clinical = clinicalOf(sc.image);
    const caption = sc.maps.length === 1
      ? captionLines(a, { methodLabel: methodLabel(sc.s, a.run.method), className: sc.model.labels[a.run.target] ?? String(a.run.target), model: sc.model, sha256: hash?.sha256, imageName: sc.imageName, clinical })
      : [
          hash ? t('export:caption.compareHash', { image: sc.imageName, name: sc.model.name, hash: hash.sha256.slice(0, 12) }) : t('export:caption.compare', { image: sc.imageName, name: sc.model.name }),
          ...sc.maps.map((m) => t('export:caption.compareLine', { method: methodLabel(sc.s, m.run.method), line: runLine(m.run, clinical) })),
        ];
    caption.push(t('export:caption.made', { version: GLASSBOX_VERSION, date: new Date().toISOString().slice(0, 16).replace('T', ' ') }));
    const warning = oodWarning(predictionOf(sc.s, sc.image.id)?.ood);
    const bytes = await canvasPng(viewCanvas(sc.views, caption, warning ? [warning] : []));
    await saveFiles([{ name: fileNameOf(base(sc, sc.maps.length === 1 ? a : null, ''), 'png'), type: 'image/png', bytes }], 0);
  });
}

function context(sc: Scene, a: Attribution, sha256: string | null): ExportContext {
  return {
    version: GLASSBOX_VERSION,
    date: new Date().toISOString(),
    methodLabel: methodLabel(sc.s, a.run.method),
    className: sc.model.labels[a.run.target] ?? String(a.run.target),
    model: { name: sc.model.name, labels: sc.model.labels, preprocessing: sc.model.preprocessing, sha256 },
    imageName: sc.imageName,
  };
}

/** CSV grid of the map at model-input resolution (single view). */
export function exportMapCsv(): Promise<void> {
  return run('csv', async () => {
    const sc = scene();
    needMaps(sc);
    const a = sc.maps[0];
    await saveFiles([{ name: fileNameOf(base(sc, a, 'map'), 'csv'), type: 'text/csv', bytes: text(mapCsv(a)) }], 0);
  });
}

/** CSV of the regions of a LIME/SHAP result: id, value, standard error, pixels, centroid. */
export function exportRegionsCsv(): Promise<void> {
  return run('csv', async () => {
    const sc = scene();
    needMaps(sc);
    const a = sc.maps[0];
    await saveFiles([{ name: fileNameOf(base(sc, a, 'regions'), 'csv'), type: 'text/csv', bytes: text(regionsCsv(a)) }], 0);
  });
}

/** JSON of the shown map(s) with units, run record, checks and regions (an array in compare mode). */
export function exportJson(): Promise<void> {
  return run('json', async () => {
    const sc = scene();
    needMaps(sc);
    const hash = await weightsHash(sc.model);
    const docs = sc.maps.map((a) => valuesJson(a, context(sc, a, hash?.sha256 ?? null)));
    const body = JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 1);
    await saveFiles([{ name: fileNameOf(base(sc, docs.length === 1 ? sc.maps[0] : null, 'values'), 'json'), type: 'application/json', bytes: text(body) }], 0);
  });
}

/** The trust panel's figures for a map, when another part of the studio has computed them (store field `trust`). */
function trustFor(s: StudioState): TrustFigures | null {
  const figures = (s as StudioState & { trust?: TrustFigures | null }).trust ?? null;
  return figures && (!s.attributionKey || figures.key === s.attributionKey) ? figures : null;
}

/** Builds the self-contained HTML report of the current view (see report.ts) as a string. */
export async function reportHtml(): Promise<{ name: string; html: string }> {
  const sc = scene();
  needMaps(sc);
  const hash = await weightsHash(sc.model);
  const s = sc.s;
  const imgCanvas = document.createElement('canvas');
  imgCanvas.width = sc.image.preview.width;
  imgCanvas.height = sc.image.preview.height;
  imgCanvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(sc.image.preview.data), sc.image.preview.width, sc.image.preview.height), 0, 0);
  const maps: ReportMap[] = sc.views.map((v) => {
    const a = v.attribution;
    // The report always shows the map, even if the person hid it on screen.
    const shown = { ...v, opacity: Math.max(v.opacity, 0.6) };
    return {
      methodLabel: methodLabel(s, a.run.method),
      className: sc.model.labels[a.run.target] ?? String(a.run.target),
      overlayUrl: compositeCanvas(shown, 420).toDataURL('image/png'),
      legend: { ...legendRange(v), gradient: legendGradient(v) },
      units: a.units,
      signed: a.signed,
      checks: a.checks,
      run: a.run,
      regions: a.regions,
    };
  });
  const pred = predictionOf(s, sc.image.id);
  const html = buildReport({
    version: GLASSBOX_VERSION,
    date: new Date().toISOString(),
    image: { name: sc.imageName, width: sc.image.width, height: sc.image.height, url: imgCanvas.toDataURL('image/png'), trueLabel: sc.image.trueLabel, tags: sc.image.clinical?.tags, clinical: clinicalOf(sc.image) },
    model: { ...sc.model, sha256: hash?.sha256 ?? null, weightBytes: hash?.bytes ?? null },
    prediction: pred ? { labels: pred.labels, probabilities: pred.probabilities, top: pred.top, ood: pred.ood } : null,
    target: sc.maps[0].run.target,
    mode: s.mode,
    maps,
    trust: s.mode === 'single' ? trustFor(s) : null,
  });
  return { name: fileNameOf(base(sc, sc.maps.length === 1 ? sc.maps[0] : null, 'report'), 'html'), html };
}

/** Downloads the self-contained HTML report. */
export function exportReport(): Promise<void> {
  return run('report', async () => {
    const r = await reportHtml();
    await saveFiles([{ name: r.name, type: 'text/html', bytes: text(r.html) }], 0);
  });
}
