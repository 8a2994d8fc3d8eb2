// The batch (issue 13 "Batch"), as the page runs it: which images, which method, Start / Stop / Resume,
// and the rows into the store as they arrive. The engine does the work in the background
// (worker/batch.ts): the person keeps looking at images meanwhile, and the view's explanations go first.
//
// A model swap or Forget everything cancels the batch in the engine (it ends 'cancelled'); the rows done
// stay, marked with the model they were made with, and Resume is offered only while that model is active.
// Forget everything also clears the rows (they hold file names and thumbnails): clearBatch().

import { t } from '../shared/i18n';
import type { BatchItem, BatchOutcome, BatchRow } from '../shared/batch';
import { toUserError } from '../shared/errors';
import type { OptionValues } from '../shared/types';
import { getEngine } from './controller';
import { actions, useStudio, type StudioState } from './store';
import { initialBatchState } from './batchSlice';

/** A file the person gave for the batch, with its path inside a dropped or picked folder. */
export interface BatchFile {
  file: Blob;
  path: string;
}

/** The run in flight: rows and endings of any other run are ignored. */
let current: { batchId: string } | null = null;
/** Items of the last run not yet done (Resume explains them). */
let pending: BatchItem[] = [];
let seq = 0;

/** Which model (and backend) results belong to: rows from another key were made with another model. */
export function modelKeyOf(s: Pick<StudioState, 'model' | 'modelOrigin' | 'backend'>): string | null {
  if (!s.model) return null;
  return `${s.model.name}#${s.modelOrigin?.serial ?? 0}@${s.backend?.active ?? ''}`;
}

function setBatch(patch: Partial<StudioState['batch']>): void {
  useStudio.setState((s) => ({ batch: { ...s.batch, ...patch } }));
}

/** Opens or closes the batch panel (the batch goes on either way). */
export function openBatch(open: boolean): void {
  setBatch({ open });
}

/** The gallery's images, in gallery order, as batch items. */
function galleryItems(s: StudioState): BatchItem[] {
  return s.images.map((img) => ({ key: img.id, name: img.name, imageId: img.id, ...(img.trueLabel !== undefined ? { trueLabel: img.trueLabel } : {}) }));
}

/**
 * Files of a folder as batch items: decoded in the engine one at a time, not added to the gallery. A file
 * in a sub-folder named like one of the model's `labels` (case aside: "cyst/x.png") has that true label.
 */
export function fileItems(files: BatchFile[], labels: readonly string[] = []): BatchItem[] {
  const run = ++seq;
  return files.map((f, i) => {
    const parent = f.path.split('/').slice(-2, -1)[0]?.toLowerCase();
    const trueLabel = parent === undefined ? undefined : labels.find((l) => l.toLowerCase() === parent);
    return { key: `file${run}-${i}`, name: f.path, file: f.file, ...(trueLabel !== undefined ? { trueLabel } : {}) };
  });
}

/**
 * Starts a batch over the gallery (or over `files`, e.g. a folder) with `methodId` (default: the method
 * the Explain view shows) and its options as the person set them. Refused with a notice while a batch
 * runs, when there is nothing to explain, or before the engine is ready. The previous rows are cleared.
 */
export async function startBatch(o: { methodId?: string; files?: BatchFile[] } = {}): Promise<void> {
  const s = useStudio.getState();
  if (s.batch.status !== 'idle') {
    actions.notify({ kind: 'info', title: t('state:batch.runningTitle'), detail: t('state:batch.runningDetail'), action: t('state:batch.runningAction') });
    return;
  }
  if (s.status !== 'ready') return;
  if (s.trainStatus !== 'idle') {
    // Its images would wait for the run, then meet a new model and be cancelled.
    actions.notify({ kind: 'info', title: t('state:busy.trainingTitle'), detail: t('state:batch.trainingDetail'), action: t('state:batch.trainingAction') });
    return;
  }
  const methodId = o.methodId ?? s.methodId;
  const method = s.methods.find((m) => m.id === methodId);
  if (!method || !method.compatible) {
    actions.notify({ kind: 'error', title: t('state:batch.methodTitle'), detail: method ? t('state:batch.methodCannot', { method: method.label }) : t('state:batch.noMethod'), action: t('state:batch.methodAction') });
    return;
  }
  const items = o.files ? fileItems(o.files, s.model?.labels ?? []) : galleryItems(s);
  if (!items.length) {
    actions.notify({ kind: 'info', title: t('state:batch.nothingTitle'), detail: o.files ? t('state:batch.emptyFolder') : t('state:batch.emptyGallery'), action: t('state:batch.nothingAction') });
    return;
  }
  const options = s.methodOptions[methodId] ?? {};
  setBatch({ rows: [], total: items.length, methodId, methodLabel: method.label, options, modelKey: modelKeyOf(s), modelName: s.model?.name ?? null, outcome: null, remaining: items.length });
  await run(items, methodId, options);
}

/** Explains the images a Stop (or a cancel, or an engine failure) left undone, with the same method and options. */
export async function resumeBatch(): Promise<void> {
  const s = useStudio.getState();
  if (s.batch.status !== 'idle' || !pending.length || !s.batch.methodId) return;
  if (!canResume(s)) {
    actions.notify({ kind: 'info', title: t('state:batch.changedTitle'), detail: t('state:batch.changedDetail', { model: s.batch.modelName ?? t('state:batch.anotherModel') }), action: t('state:batch.changedAction') });
    return;
  }
  await run(pending, s.batch.methodId, s.batch.options);
}

/** Whether Resume can continue the rows shown: images left, and the same model and backend active. */
export function canResume(s: StudioState): boolean {
  return s.batch.status === 'idle' && s.batch.remaining > 0 && s.batch.methodId !== null && s.batch.modelKey === modelKeyOf(s);
}

async function run(items: BatchItem[], methodId: string, options: OptionValues): Promise<void> {
  const batchId = `batch${++seq}`;
  const me = { batchId };
  current = me;
  pending = items;
  const done = new Set<string>();
  setBatch({ status: 'running', outcome: null, remaining: items.length });
  let outcome: BatchOutcome;
  try {
    // The Explain choice (probability / logit / the logit when saturated) applies to every image of the batch.
    outcome = await getEngine().runBatch({ batchId, methodId, options, items, score: useStudio.getState().scoreChoice }, (row: BatchRow) => {
      if (current !== me) return;
      done.add(row.key);
      useStudio.setState((s) => ({ batch: { ...s.batch, rows: [...s.batch.rows, row], remaining: items.length - done.size } }));
    });
  } catch (err) {
    const e = toUserError(err);
    if (current === me) actions.notify({ kind: 'error', ...e, action: t('state:batch.keptAction', { action: e.action }) });
    outcome = { end: 'cancelled', rows: done.size, total: items.length, reason: e.detail };
  }
  if (current !== me) return;
  current = null;
  pending = items.filter((i) => !done.has(i.key));
  setBatch({ status: 'idle', outcome, remaining: pending.length });
}

/** Stops the batch: the image under way gives no row; the rows done stay, and Resume explains the rest. */
export function stopBatch(): void {
  const s = useStudio.getState();
  if (!current || s.batch.status !== 'running') return;
  setBatch({ status: 'stopping' });
  void getEngine().stopBatch(current.batchId).catch(() => undefined);
}

/**
 * Forgets the rows (and stops a running batch; its late rows are ignored). Forget everything calls it,
 * after engine.settle() has cancelled the batch in the engine.
 */
export function clearBatch(): void {
  if (current) void getEngine().stopBatch(current.batchId).catch(() => undefined);
  current = null;
  pending = [];
  useStudio.setState((s) => ({ batch: { ...initialBatchState.batch, open: s.batch.open } }));
}
