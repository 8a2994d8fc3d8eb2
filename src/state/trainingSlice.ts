// The training panel's and the model library's state, as slices of the studio store (store.ts spreads
// them in), and the pure updates the training controller applies. Plain data only.

import type { BackendName } from '../shared/types';
import { t } from '../shared/i18n';
import type {
  ModelOrigin,
  SavedModelEntry,
  SyntheticVariant,
  TrainHistory,
  TrainingImageInfo,
  TrainingOutcome,
  TrainingProgress,
  TrainingSettings,
  ValidationItem,
} from '../shared/training';

export type StudioView = 'explain' | 'train' | 'models';

export interface TrainClass {
  id: string;
  name: string;
  images: TrainingImageInfo[];
  /** Files still being decoded for this class. */
  pending: number;
}

/** Running means of the epoch so far, after a batch; x in epochs (2.5 = half-way through epoch 3). */
export interface CurvePoint {
  x: number;
  loss: number;
  acc: number;
}

/** A validation pass at the end of an epoch (or after a Stop). */
export interface ValPoint {
  x: number;
  loss: number;
  acc: number;
}

/** One finished epoch (or the part of one before a Stop): the learning rate in force and where the time went. */
export interface EpochPoint {
  x: number;
  /** The optimizer's learning rate (read back from it in the worker). */
  lr: number;
  /** Training batches' wall time, ms (validation excluded). */
  ms: number;
  /** The validation pass's wall time, ms. */
  valMs: number;
}

export interface TrainCurve {
  train: CurvePoint[];
  val: ValPoint[];
  /** Per epoch, from the 'epoch' reports that carry the learning rate and times (curves). */
  epochs?: EpochPoint[];
}

/**
 * One training of this session as the run history keeps it: what was asked (settings), what came out
 * (summary numbers) and the per-epoch history. Plain numbers and names only; never an image.
 */
export interface TrainRunRecord {
  /** "r1", "r2"…: unique within the session, never reused. */
  id: string;
  /** teach: the synthetic set's variant the classes held (null or absent: the person's own images). */
  dataset?: SyntheticVariant | null;
  /** The model's name. */
  name: string;
  /** When the run ended, ms since the epoch. */
  finishedAt: number;
  settings: TrainingSettings;
  labels: string[];
  trainCount: number;
  validationCount: number;
  epochsRun: number;
  bestEpoch: number;
  stoppedBy: TrainingOutcome['stoppedBy'];
  validationAccuracy: number | null;
  validationLoss: number | null;
  /** Training batches' time (validation excluded), ms. */
  trainMs: number;
  totalMs: number;
  backend: BackendName;
  history: TrainHistory;
}

/** How many runs the history keeps; the oldest is dropped when one more arrives. */
export const RUN_HISTORY_CAP = 10;

export interface TrainingSlice {
  view: StudioView;
  trainClasses: TrainClass[];
  trainSettings: TrainingSettings | null;
  trainDefaults: TrainingSettings | null;
  trainStatus: 'idle' | 'training' | 'stopping';
  trainProgress: TrainingProgress | null;
  trainCurve: TrainCurve;
  trainOutcome: TrainingOutcome | null;
  /** The confusion-matrix cell whose images are listed: [true, predicted]. */
  confusionCell: [number, number] | null;
  /** Drawing the synthetic set. */
  syntheticLoading: boolean;
  /** teach: the variant of the synthetic set the classes hold (null: none loaded, or the classes were cleared). */
  syntheticLoaded: SyntheticVariant | null;
  /** Every training of this session, oldest first, at most RUN_HISTORY_CAP (memory only). */
  trainRuns: TrainRunRecord[];
  /** Ids of the (at most two) runs whose curves are overlaid, in the order they were picked. */
  runPicks: string[];
  /** Runs dropped by the cap since the history was last cleared (the history says so). */
  runsDropped: number;
  /** Runs recorded in this session: the next run is "r{runSeq + 1}", so ids are never reused. */
  runSeq: number;
}

export interface LibrarySlice {
  /** null until the library was read. */
  savedModels: SavedModelEntry[] | null;
  /** Where the active model came from, its full metadata, and what to check about it. */
  modelOrigin: ModelOrigin | null;
  /** What the library is doing right now ("Saving…"), for the buttons to wait on. */
  libraryBusy: string | null;
}

export const initialTrainingState: TrainingSlice & LibrarySlice = {
  view: 'explain',
  trainClasses: [],
  trainSettings: null,
  trainDefaults: null,
  trainStatus: 'idle',
  trainProgress: null,
  trainCurve: { train: [], val: [] },
  trainOutcome: null,
  confusionCell: null,
  syntheticLoading: false,
  syntheticLoaded: null,
  trainRuns: [],
  runPicks: [],
  runsDropped: 0,
  runSeq: 0,
  savedModels: null,
  modelOrigin: null,
  libraryBusy: null,
};

/** "Class 1", "Class 2"… the first not taken (case-insensitive). */
export function nextClassName(classes: readonly { name: string }[]): string {
  const taken = new Set(classes.map((c) => c.name.trim().toLowerCase()));
  for (let i = classes.length + 1; ; i++) if (!taken.has(`class ${i}`)) return `Class ${i}`;
}

export function nextClassId(classes: readonly { id: string }[]): string {
  const max = classes.reduce((m, c) => Math.max(m, Number(/^c(\d+)$/.exec(c.id)?.[1] ?? 0)), 0);
  return `c${max + 1}`;
}

export function addClass(classes: TrainClass[], name?: string): TrainClass[] {
  return [...classes, { id: nextClassId(classes), name: name ?? nextClassName(classes), images: [], pending: 0 }];
}

export function renameClass(classes: TrainClass[], id: string, name: string): TrainClass[] {
  return classes.map((c) => (c.id === id ? { ...c, name } : c));
}

export function removeClass(classes: TrainClass[], id: string): TrainClass[] {
  return classes.filter((c) => c.id !== id);
}

export function addImagesToClass(classes: TrainClass[], id: string, images: TrainingImageInfo[]): TrainClass[] {
  return classes.map((c) => (c.id === id ? { ...c, images: [...c.images, ...images] } : c));
}

export function removeImageFromClass(classes: TrainClass[], id: string, imageId: string): TrainClass[] {
  return classes.map((c) => (c.id === id ? { ...c, images: c.images.filter((i) => i.id !== imageId) } : c));
}

export function addPending(classes: TrainClass[], id: string, delta: number): TrainClass[] {
  return classes.map((c) => (c.id === id ? { ...c, pending: Math.max(0, c.pending + delta) } : c));
}

/** The class called `name` (case-insensitive, trimmed), if there is one. */
export function classByName(classes: readonly TrainClass[], name: string): TrainClass | undefined {
  const k = name.trim().toLowerCase();
  return classes.find((c) => c.name.trim().toLowerCase() === k);
}

/** Adds a progress report to the curves: every batch to the training curve, every epoch's validation pass to the validation one. */
export function appendProgress(curve: TrainCurve, p: TrainingProgress): TrainCurve {
  if (p.phase === 'wrapup') return curve; // repeats the last report
  const x = p.epoch - 1 + (p.batches ? p.batch / p.batches : 1);
  if (p.phase === 'batch') {
    if (!Number.isFinite(p.loss)) return curve;
    return { ...curve, train: [...curve.train, { x, loss: p.loss, acc: p.acc }] };
  }
  if (p.valAcc === null || p.valLoss === null || !Number.isFinite(p.valLoss)) return curve;
  return { ...curve, val: [...curve.val, { x, loss: p.valLoss, acc: p.valAcc }] };
}

/** Adds an 'epoch' report's learning rate and times to the curve (reports without them leave it as it is). */
export function appendEpoch(curve: TrainCurve, p: TrainingProgress): TrainCurve {
  if (p.phase !== 'epoch' || p.lr === undefined || p.epochMs === undefined) return curve;
  const x = p.epoch - 1 + (p.batches ? p.batch / p.batches : 1);
  return { ...curve, epochs: [...(curve.epochs ?? []), { x, lr: p.lr, ms: p.epochMs, valMs: p.valMs ?? 0 }] };
}

/** The run history's record of a finished (or stopped, or diverged) training. */
export function runRecord(id: string, name: string, finishedAt: number, settings: TrainingSettings, o: TrainingOutcome, dataset: SyntheticVariant | null = null): TrainRunRecord {
  return {
    id,
    dataset,
    name,
    finishedAt,
    settings: { ...settings },
    labels: [...o.labels],
    trainCount: o.trainCount,
    validationCount: o.validation.length,
    epochsRun: o.epochsRun,
    bestEpoch: o.bestEpoch,
    stoppedBy: o.stoppedBy,
    validationAccuracy: o.validationAccuracy,
    validationLoss: o.validationLoss,
    trainMs: o.trainMs,
    totalMs: o.totalMs,
    backend: o.backendChoice.backend,
    history: o.history,
  };
}

/**
 * The history with `run` added last, keeping the newest `cap` runs; the picks lose dropped runs and, while
 * fewer than two are picked, gain the new run (so a second training is compared with the first at once).
 * @returns the new runs, picks, and how many runs the cap dropped
 */
export function addRun(
  runs: readonly TrainRunRecord[],
  picks: readonly string[],
  run: TrainRunRecord,
  cap = RUN_HISTORY_CAP,
): { runs: TrainRunRecord[]; picks: string[]; dropped: number } {
  const all = [...runs, run];
  const kept = all.slice(Math.max(0, all.length - Math.max(1, cap)));
  const ids = new Set(kept.map((r) => r.id));
  let next = picks.filter((id) => ids.has(id));
  if (next.length < 2) next = [...next, run.id];
  return { runs: kept, picks: next, dropped: all.length - kept.length };
}

/**
 * Picks or unpicks a run for the overlay: a picked run is unpicked; a third pick replaces the earlier of the
 * two (so at most two are ever picked). Unknown ids change nothing.
 */
export function pickRun(runs: readonly { id: string }[], picks: readonly string[], id: string): string[] {
  if (!runs.some((r) => r.id === id)) return [...picks];
  if (picks.includes(id)) return picks.filter((p) => p !== id);
  return [...picks, id].slice(-2);
}

/** The two picked runs, in the order they were picked, or null unless exactly two are picked and kept. */
export function pickedPair(runs: readonly TrainRunRecord[], picks: readonly string[]): [TrainRunRecord, TrainRunRecord] | null {
  const chosen = picks.map((id) => runs.find((r) => r.id === id)).filter((r): r is TrainRunRecord => Boolean(r));
  return chosen.length === 2 ? [chosen[0], chosen[1]] : null;
}

/** A synthetic-set variant as one comparable key ('own' for the person's images): 'hard', 'easy+shortcut'. */
export function datasetKey(d: SyntheticVariant | null | undefined): string {
  return d ? `${d.difficulty}${d.shortcut ? '+shortcut' : ''}` : 'own';
}

/** Whether the runs were trained on different data (synthetic variants, or synthetic against the person's own). */
export function datasetsDiffer(runs: readonly { dataset?: SyntheticVariant | null }[]): boolean {
  return runs.length >= 2 && runs.some((r) => datasetKey(r.dataset) !== datasetKey(runs[0].dataset));
}

/**
 * The settings on which the runs do not all agree, in the settings form's order; [] for fewer than two runs.
 * Early stopping's patience counts only where early stopping is on.
 */
export function differingSettings(runs: readonly { settings: TrainingSettings }[]): (keyof TrainingSettings)[] {
  if (runs.length < 2) return [];
  const keys = Object.keys(runs[0].settings) as (keyof TrainingSettings)[];
  return keys.filter((k) => {
    const values = runs.filter((r) => k !== 'patience' || r.settings.earlyStopping).map((r) => r.settings[k]);
    return values.some((v) => v !== values[0]);
  });
}

/** The validation images in one cell of the confusion matrix. */
export function cellImages(outcome: Pick<TrainingOutcome, 'validation'>, trueLabel: number, predicted: number): ValidationItem[] {
  return outcome.validation.filter((v) => v.trueLabel === trueLabel && v.predicted === predicted);
}

/**
 * A duration in `ms` (milliseconds) for people, in the studio's language: "0.4 s", "12 s", "1 min 5 s",
 * "1 h 2 min" in English; "0.4 秒", "12 秒", "1 分 5 秒", "1 小时 2 分" in Chinese. "–" for a negative or
 * non-finite value. Never throws.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return t('common:duration.s', { s: (ms / 1000).toFixed(1) });
  const s = Math.round(ms / 1000);
  if (s < 60) return t('common:duration.s', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('common:duration.minS', { m, s: s % 60 });
  return t('common:duration.hMin', { h: Math.floor(m / 60), m: m % 60 });
}

export function formatPercent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)}%`;
}

const IMAGE_NAME = /\.(png|jpe?g|webp|gif|bmp)$/i;

/** An image training can take, by its type or its name (folders often hold other files too). */
export function looksLikeImage(f: { name: string; type: string }): boolean {
  return f.type.startsWith('image/') || IMAGE_NAME.test(f.name);
}

/**
 * How dropped or picked files map onto classes: the sub-folders of one folder are the classes. A
 * single folder without sub-folders is one class named after it. Paths use '/'.
 */
export function planFolderImport(paths: readonly string[]): { classes: { name: string; indices: number[] }[]; loose: number[] } {
  const parts = paths.map((p) => p.split('/').filter(Boolean));
  // One folder dropped (or picked): its name is a common first segment; look inside it.
  const first = parts[0]?.[0];
  const oneRoot = parts.length > 0 && parts.every((p) => p.length >= 2 && p[0] === first);
  const inner = oneRoot ? parts.map((p) => p.slice(1)) : parts;
  const byClass = new Map<string, number[]>();
  const loose: number[] = [];
  inner.forEach((p, i) => {
    if (p.length >= 2) {
      const list = byClass.get(p[0]) ?? [];
      list.push(i);
      byClass.set(p[0], list);
    } else loose.push(i);
  });
  if (byClass.size === 0 && oneRoot && first) return { classes: [{ name: first, indices: loose }], loose: [] };
  return { classes: [...byClass].map(([name, indices]) => ({ name, indices })), loose };
}
