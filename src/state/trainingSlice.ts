// The training panel's and the model library's state, as slices of the studio store (store.ts spreads
// them in), and the pure updates the training controller applies. Plain data only.

import type {
  ModelOrigin,
  SavedModelEntry,
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

export interface TrainCurve {
  train: CurvePoint[];
  val: ValPoint[];
}

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
  const x = p.epoch - 1 + (p.batches ? p.batch / p.batches : 1);
  if (p.phase === 'batch') {
    if (!Number.isFinite(p.loss)) return curve;
    return { train: [...curve.train, { x, loss: p.loss, acc: p.acc }], val: curve.val };
  }
  if (p.valAcc === null || p.valLoss === null || !Number.isFinite(p.valLoss)) return curve;
  return { train: curve.train, val: [...curve.val, { x, loss: p.valLoss, acc: p.valAcc }] };
}

/** The validation images in one cell of the confusion matrix. */
export function cellImages(outcome: Pick<TrainingOutcome, 'validation'>, trueLabel: number, predicted: number): ValidationItem[] {
  return outcome.validation.filter((v) => v.trueLabel === trueLabel && v.predicted === predicted);
}

/** "1 min 5 s", "12 s", "0.4 s": for times left and durations. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
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
