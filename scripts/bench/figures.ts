// Turns the raw runs into the nine figures of issue #7 (rows a table can print and a test can check),
// and checks a results file for completeness.

import type { BackendRun, Stat, Status } from '../../src/bench/types';
import type { ColdStartResult, ResponsivenessResult } from './app';

export const SCHEMA = 'glassbox-bench/1';

export interface Row {
  env: 'browser' | 'node' | 'app';
  backend: string;
  model: string;
  /** Method or sub-figure. */
  item: string;
  status: Status;
  /** The figure's headline number (in `unit`) and its spread over the runs. */
  value?: number;
  min?: number;
  max?: number;
  runs?: number;
  unit: string;
  target?: string;
  /** Whether `value` meets `target` (absent when there is no target or no value). */
  meets?: boolean;
  detail: string;
}

export interface Figure {
  id: number;
  key: string;
  title: string;
  unit: string;
  target?: string;
  rows: Row[];
}

export interface LadderResult {
  status: Status;
  reason?: string;
  /** What the real app picked (its badge) and what the ladder picked in a bench worker. */
  appPicked?: string;
  workerPicked?: string;
  chosenBy?: string;
  probes?: unknown[];
  ladderMs?: number;
}

export interface BenchResults {
  schema: typeof SCHEMA;
  mode: string;
  startedAt: string;
  durationMs: number;
  machine: Record<string, string | number>;
  notes: string[];
  figures: Figure[];
  browser: BackendRun[];
  node: BackendRun[];
  app: { coldStart: ColdStartResult; responsiveness: ResponsivenessResult; ladder: LadderResult };
}

const fmt = (v: number | undefined, d = 1) => (v === undefined || !Number.isFinite(v) ? '-' : v >= 100 ? String(Math.round(v)) : v.toFixed(d));

function fromStat(s: Stat | undefined): Pick<Row, 'value' | 'min' | 'max' | 'runs'> {
  return s ? { value: s.median, min: s.min, max: s.max, runs: s.runs } : {};
}

const METHOD_TARGET: Record<string, number> = { gradcam: 1.3 };
const SAMPLING_TARGET = 1.15;

export function methodTarget(id: string): number {
  return METHOD_TARGET[id] ?? SAMPLING_TARGET;
}

function allRuns(b: BackendRun[], n: BackendRun[]): BackendRun[] {
  return [...b, ...n];
}

function skippedRow(r: BackendRun, model: string, item: string, unit: string, reason: string, status: Status = 'skipped'): Row {
  return { env: r.env, backend: r.backend, model, item, status, unit, detail: reason };
}

export function buildFigures(browser: BackendRun[], node: BackendRun[], app: BenchResults['app']): Figure[] {
  const runs = allRuns(browser, node);
  const f1: Row[] = [];
  const f2: Row[] = [];
  const f3: Row[] = [];
  const f4: Row[] = [];
  const f7: Row[] = [];
  const f9: Row[] = [];
  for (const r of runs) {
    if (r.status !== 'ok') {
      const why = `${r.status}: ${r.reason ?? ''}`;
      for (const rows of [f1, f2, f3, f4, f7, f9]) rows.push(skippedRow(r, '-', '-', '-', why, r.status));
      continue;
    }
    for (const m of r.models) {
      const b1 = m.forward.byBatch.find((x) => x.batch === 1);
      if (m.forward.status === 'ok' && b1) {
        f1.push({
          env: r.env, backend: r.backend, model: m.model, item: 'latency, batch 1', status: 'ok', unit: 'ms', ...fromStat(b1.ms),
          detail: `first (cold) run ${fmt(b1.ms.firstMs)} ms${m.forward.reason ? `; ${m.forward.reason}` : ''}`,
        });
        const best = m.forward.byBatch.find((x) => x.batch === m.forward.best?.batch)!;
        f1.push({
          env: r.env, backend: r.backend, model: m.model, item: 'best throughput', status: 'ok', unit: 'img/s',
          value: best.imagesPerSec, min: Math.round((best.batch * 1e5) / best.ms.max) / 100, max: Math.round((best.batch * 1e5) / best.ms.min) / 100, runs: best.ms.runs,
          detail: `at batch ${best.batch} (tried ${m.forward.byBatch.map((x) => `${x.batch}: ${fmt(x.imagesPerSec)}`).join(', ')} img/s)`,
        });
      } else f1.push(skippedRow(r, m.model, 'latency, batch 1', 'ms', m.forward.reason ?? 'not measured', m.forward.status === 'ok' ? 'failed' : m.forward.status));
      const g1 = m.gradient.byBatch.find((x) => x.batch === 1);
      if (m.gradient.status === 'ok' && g1) {
        const best = m.gradient.best;
        f2.push({
          env: r.env, backend: r.backend, model: m.model, item: 'latency, batch 1', status: 'ok', unit: 'ms', ...fromStat(g1.ms),
          detail: `first (cold) run ${fmt(g1.ms.firstMs)} ms; best ${fmt(best?.msPerImage, 2)} ms/img at batch ${best?.batch} (tried ${m.gradient.byBatch.map((x) => x.batch).join(', ')})${m.gradient.reason ? `; ${m.gradient.reason}` : ''}`,
        });
      } else f2.push(skippedRow(r, m.model, 'latency, batch 1', 'ms', m.gradient.reason ?? 'not measured', m.gradient.status === 'ok' ? 'failed' : m.gradient.status));
      for (const x of m.methods) {
        const target = methodTarget(x.id);
        if (x.status === 'ok' && x.ms && x.overhead !== undefined && x.idealMs) {
          f3.push({
            env: r.env, backend: r.backend, model: m.model, item: x.id, status: 'ok', unit: 'x',
            value: x.overhead, min: Math.round((x.ms.min / x.idealMs) * 100) / 100, max: Math.round((x.ms.max / x.idealMs) * 100) / 100, runs: x.ms.runs,
            target: `<= ${target}`, meets: x.overhead <= target,
            detail: `${fmt(x.ms.median)} ms vs ideal ${fmt(x.idealMs)} ms; ${x.passes?.how}; ${x.id === 'gradcam' ? 'one image' : `batch ${x.batchSize} (engine's choice; best measured ${x.bestBatch ?? '-'})`}${x.reduced ? `; ${x.reduced}` : ''}`,
          });
        } else {
          const ran = x.ms ? `ran in ${fmt(x.ms.median)} ms; ` : '';
          f3.push({ ...skippedRow(r, m.model, x.id, 'x', ran + (x.reason ?? 'no ratio'), x.status === 'ok' ? 'failed' : x.status), target: `<= ${target}` });
        }
      }
      const n = m.naiveLime;
      if (n.status === 'ok' && n.speedup !== undefined && n.naiveMs && n.batchedMs) {
        f4.push({
          env: r.env, backend: r.backend, model: m.model, item: `LIME ${n.samples}`, status: 'ok', unit: 'x faster',
          value: n.speedup, min: Math.round((n.naiveMs.min / n.batchedMs.max) * 100) / 100, max: Math.round((n.naiveMs.max / n.batchedMs.min) * 100) / 100, runs: Math.min(n.naiveMs.runs, n.batchedMs.runs),
          detail: `naive (batch 1) ${fmt(n.naiveMs.median)} ms vs batched (batch ${n.batchSize}) ${fmt(n.batchedMs.median)} ms`,
        });
      } else if (m.model === 'demo' || n.status !== 'skipped') f4.push(skippedRow(r, m.model, 'LIME', 'x faster', n.reason ?? '', n.status));
    }
    const mem = r.memory;
    if (mem.status === 'ok' && mem.before && mem.after) {
      const growth = mem.after.numTensors - mem.before.numTensors;
      f7.push({
        env: r.env, backend: r.backend, model: 'demo', item: `${mem.explanations} x ${mem.method}`, status: 'ok', unit: 'tensors grown', value: growth,
        target: 'no growth', meets: growth === 0 && mem.after.numBytes === mem.before.numBytes,
        detail:
          `tensors ${mem.before.numTensors} -> ${mem.after.numTensors}, bytes ${kb(mem.before.numBytes)} -> ${kb(mem.after.numBytes)}, peak ${kb(mem.peakBytes)} / ${mem.peakTensors} tensors` +
          (mem.after.gpuBytes !== undefined ? `; GPU in use ${kb(mem.before.gpuBytes)} -> ${kb(mem.after.gpuBytes)}` : '') +
          (mem.after.gpuAllocatedBytes !== undefined ? `, GPU pool ${kb(mem.before.gpuAllocatedBytes)} -> ${kb(mem.after.gpuAllocatedBytes)}` : '') +
          (mem.note ? `; ${mem.note}` : ''),
      });
    } else f7.push({ ...skippedRow(r, 'demo', mem.method, 'tensors grown', mem.reason ?? '', mem.status), target: 'no growth' });
    // Batch (issue 13): memory over N images of a batch, per image over the second half.
    const bm = r.batchMemory;
    if (bm?.status === 'ok' && bm.before && bm.after && bm.perImage) {
      const growth = bm.after.numTensors - bm.before.numTensors;
      const heap = bm.perImage.heapBytes;
      f7.push({
        env: r.env, backend: r.backend, model: 'demo', item: `batch of ${bm.images} x ${bm.method} + deletion`, status: 'ok', unit: 'tensors grown', value: growth,
        target: 'no growth', meets: growth === 0 && bm.after.numBytes === bm.before.numBytes,
        detail:
          `tensors ${bm.before.numTensors} -> ${bm.after.numTensors}, bytes ${kb(bm.before.numBytes)} -> ${kb(bm.after.numBytes)}; per image (second half): ${bm.perImage.tensors} tensors, ${bm.perImage.bytes} B` +
          `, JS heap ${heap === undefined ? '-' : `${heap} B`} (${bm.heapSource ?? ''}); heap ${kb(bm.before.heapBytes)} -> ${kb(bm.after.heapBytes)}; ${fmt(bm.ms)} ms`,
      });
    } else if (bm) f7.push({ ...skippedRow(r, 'demo', `batch of ${bm.images}`, 'tensors grown', bm.reason ?? '', bm.status), target: 'no growth' });
    const t = r.training;
    if (t.status === 'ok' && t.imagesPerSec) {
      f9.push({
        env: r.env, backend: r.backend, model: 'smallCnn 64 px', item: 'default settings', status: 'ok', unit: 'img/s', ...fromStat(t.imagesPerSec),
        detail: `per batch of ${t.batchSize}, ${t.imagesPerSec.runs} batches timed; ${fmt(t.overallImagesPerSec)} img/s over the run; ${t.note ?? ''}`,
      });
    } else f9.push(skippedRow(r, 'smallCnn 64 px', 'default settings', 'img/s', t.reason ?? '', t.status));
  }

  // 5: the ladder's pick vs the fastest backend measured (browser, demo model, forward batch 1 latency
  // and best throughput).
  const f5: Row[] = [];
  const demoFwd = browser
    .filter((r) => r.status === 'ok')
    .map((r) => ({ backend: r.backend, fwd: r.models.find((m) => m.model === 'demo')?.forward }))
    .filter((x) => x.fwd?.status === 'ok' && x.fwd.byBatch.some((b) => b.batch === 1)) as { backend: string; fwd: NonNullable<BackendRun['models'][number]['forward']> }[];
  const picked = app.ladder.appPicked ?? app.ladder.workerPicked;
  if (picked && demoFwd.length) {
    const lat = (x: (typeof demoFwd)[number]) => x.fwd.byBatch.find((b) => b.batch === 1)!.ms.median;
    const fastest = demoFwd.reduce((a, b) => (lat(b) < lat(a) ? b : a));
    const fastestTp = demoFwd.reduce((a, b) => ((b.fwd.best?.imagesPerSec ?? 0) > (a.fwd.best?.imagesPerSec ?? 0) ? b : a));
    const mine = demoFwd.find((x) => x.backend === picked);
    if (mine) {
      const ratio = Math.round((lat(mine) / lat(fastest)) * 100) / 100;
      const tpRatio = Math.round(((fastestTp.fwd.best?.imagesPerSec ?? NaN) / (mine.fwd.best?.imagesPerSec ?? NaN)) * 100) / 100;
      f5.push({
        env: 'browser', backend: picked, model: 'demo', item: 'picked / fastest', status: 'ok', unit: 'x', value: ratio, target: '1.0-1.1', meets: ratio <= 1.1,
        detail: `app picked ${picked}${app.ladder.workerPicked && app.ladder.workerPicked !== picked ? ` (bench worker's ladder: ${app.ladder.workerPicked})` : ''}; fastest at batch 1: ${fastest.backend} (${fmt(lat(fastest), 2)} ms vs ${fmt(lat(mine), 2)} ms); by best throughput ${fastestTp.backend}, ratio ${tpRatio}`,
      });
    } else f5.push({ env: 'browser', backend: picked, model: 'demo', item: 'picked / fastest', status: 'failed', unit: 'x', target: '1.0-1.1', detail: `the ladder picked ${picked}, which the bench could not measure` });
  } else f5.push({ env: 'browser', backend: '-', model: 'demo', item: 'picked / fastest', status: app.ladder.status === 'ok' ? 'failed' : app.ladder.status, unit: 'x', target: '1.0-1.1', detail: app.ladder.reason ?? 'no backend measured' });

  const rsp = app.responsiveness;
  const f6: Row[] = [
    rsp.lime.status === 'ok' && rsp.lime.longestMs
      ? {
          env: 'app', backend: rsp.lime.backend ?? '?', model: 'demo', item: 'LIME in the worker', status: 'ok', unit: 'ms', ...fromStat(rsp.lime.longestMs), target: '< 50', meets: rsp.lime.longestMs.max < 50,
          detail: `0 = no task of 50 ms or more; LIME took ${fmt(rsp.lime.durationMs?.median)} ms in the app; long tasks seen: ${rsp.lime.tasks?.length ? rsp.lime.tasks.join(', ') + ' ms' : 'none'}`,
        }
      : { env: 'app', backend: rsp.lime.backend ?? '?', model: 'demo', item: 'LIME in the worker', status: rsp.lime.status, unit: 'ms', target: '< 50', detail: rsp.lime.reason ?? '' },
    rsp.training.status === 'ok' && rsp.training.longestMs
      ? {
          env: 'app', backend: rsp.training.backend ?? '?', model: 'smallCnn', item: 'training in the worker', status: 'ok', unit: 'ms', ...fromStat(rsp.training.longestMs), target: '< 50', meets: rsp.training.longestMs.max < 50,
          detail: `Train view, built-in synthetic set, default settings, Stop after ${rsp.training.trainedSeconds} s; long tasks seen: ${rsp.training.tasks?.length ? rsp.training.tasks.join(', ') + ' ms' : 'none'}; drawing the results after Stop: ${fmt(rsp.training.resultsLongestMs?.max)} ms`,
        }
      : { env: 'app', backend: rsp.training.backend ?? '-', model: 'smallCnn', item: 'training in the worker', status: rsp.training.status, unit: 'ms', target: '< 50', detail: rsp.training.reason ?? '' },
  ];
  const tui = rsp.training;
  if (tui.status === 'ok' && tui.imagesPerSec && tui.imagesPerSec.runs) {
    f9.unshift({
      env: 'app', backend: tui.backend ?? '?', model: 'smallCnn 64 px', item: 'Train view', status: 'ok', unit: 'img/s', ...fromStat(tui.imagesPerSec),
      detail: `what the app reports after ${tui.trainedSeconds} s of training on its built-in synthetic set (300 images) with the default settings, in its worker`,
    });
  }

  const cs = app.coldStart;
  const f8: Row[] = [
    cs.status === 'ok' && cs.ms
      ? {
          env: 'app', backend: [...new Set(cs.backends)].join('/'), model: 'demo', item: 'navigation -> first heatmap', status: 'ok', unit: 'ms', ...fromStat(cs.ms),
          detail: `engine ready (backend chosen, model loaded) at ${fmt(cs.readyMs?.median)} ms; fresh browser context each run`,
        }
      : { env: 'app', backend: '-', model: 'demo', item: 'navigation -> first heatmap', status: cs.status, unit: 'ms', detail: cs.reason ?? '' },
  ];

  const f10: Row[] = [];
  for (const r of runs) {
    const d = r.dicomDecode;
    if (!d) continue;
    if (d.status !== 'ok') f10.push(skippedRow(r, 'DICOM', '-', 'ms', d.reason ?? '', d.status));
    for (const f of d.files) {
      const what = `${f.width}x${f.height}, ${f.frames} frame${f.frames === 1 ? '' : 's'}, ${f.transferSyntax}`;
      f10.push({ env: r.env, backend: '-', model: 'DICOM', item: `open ${f.file}`, status: 'ok', unit: 'ms', ...fromStat(f.openMs), detail: `${what}: header + frame 1 windowed to 8-bit; first run ${fmt(f.openMs.firstMs)} ms (codec start)` });
      if (f.allFramesMs) f10.push({ env: r.env, backend: '-', model: 'DICOM', item: `all frames of ${f.file}`, status: 'ok', unit: 'ms', ...fromStat(f.allFramesMs), detail: `${what}: every frame decoded` });
    }
  }

  return [
    { id: 1, key: 'forward', title: 'Forward pass: latency at batch 1, and throughput at the best batch size', unit: 'ms', rows: f1 },
    { id: 2, key: 'backward', title: 'Forward+backward to the input: latency at batch 1', unit: 'ms', rows: f2 },
    { id: 3, key: 'overhead', title: 'Overhead ratio: method time / (passes x best per-pass cost)', unit: 'x', target: 'Grad-CAM <= 1.3, others <= 1.15', rows: f3 },
    { id: 4, key: 'naiveLime', title: 'LIME batched vs naive (one forward pass per sample): speed-up', unit: 'x', rows: f4 },
    { id: 5, key: 'ladder', title: 'Backend the ladder picked vs the fastest measured', unit: 'x', target: '1.0-1.1', rows: f5 },
    { id: 6, key: 'responsiveness', title: 'Longest main-thread task while the worker computes', unit: 'ms', target: '< 50', rows: f6 },
    { id: 7, key: 'memory', title: 'Memory: tensors before/after explanations, and peak', unit: 'tensors', target: 'no growth', rows: f7 },
    { id: 8, key: 'coldStart', title: 'Cold start: navigation to the first heatmap (built app)', unit: 'ms', rows: f8 },
    { id: 9, key: 'training', title: 'Training throughput, default settings, synthetic dataset', unit: 'img/s', rows: f9 },
    // Issue 14; optional (needs ../shared/fixtures/dicom), so not among the FIGURE_KEYS every results file must have.
    ...(f10.length ? [{ id: 10, key: 'dicomDecode', title: 'DICOM decode: file to windowed first frame, and every frame (issue 14)', unit: 'ms', rows: f10 }] : []),
  ];
}

function kb(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}

export const FIGURE_KEYS = ['forward', 'backward', 'overhead', 'naiveLime', 'ladder', 'responsiveness', 'memory', 'coldStart', 'training'] as const;

/** Problems that make a results file incomplete: every figure must be there with at least one measured row. */
export function checkResults(r: unknown): string[] {
  const problems: string[] = [];
  const res = r as Partial<BenchResults>;
  if (!res || typeof res !== 'object') return ['not an object'];
  if (res.schema !== SCHEMA) problems.push(`schema is ${String(res.schema)}, expected ${SCHEMA}`);
  if (!Array.isArray(res.figures)) return [...problems, 'no figures'];
  FIGURE_KEYS.forEach((key, i) => {
    const f = res.figures!.find((x) => x.key === key);
    if (!f) {
      problems.push(`figure ${i + 1} (${key}) is missing`);
      return;
    }
    if (f.id !== i + 1) problems.push(`figure ${key} has id ${f.id}, expected ${i + 1}`);
    if (!Array.isArray(f.rows) || !f.rows.length) {
      problems.push(`figure ${i + 1} (${key}) has no rows`);
      return;
    }
    const ok = f.rows.filter((x) => x.status === 'ok');
    if (!ok.length) problems.push(`figure ${i + 1} (${key}) has no measured row: ${f.rows.map((x) => `${x.backend}/${x.item}: ${x.detail}`).join(' | ')}`);
    for (const x of ok) {
      if (typeof x.value !== 'number' || !Number.isFinite(x.value)) problems.push(`figure ${i + 1} (${key}) ${x.env}/${x.backend}/${x.model}/${x.item}: value is not a finite number`);
    }
  });
  if (key3Methods(res.figures).length) problems.push(...key3Methods(res.figures));
  if (!Array.isArray(res.browser) || !Array.isArray(res.node)) problems.push('browser or node runs are missing');
  return problems;
}

/** Figure 3 must cover every method of the issue somewhere. */
function key3Methods(figures: Figure[]): string[] {
  const f = figures.find((x) => x.key === 'overhead');
  if (!f) return [];
  const want = ['gradcam', 'intgrad', 'smoothgrad', 'occlusion', 'rise', 'lime', 'shap'];
  return want.filter((id) => !f.rows.some((x) => x.item === id && x.status === 'ok')).map((id) => `figure 3 has no measured overhead for ${id}`);
}
