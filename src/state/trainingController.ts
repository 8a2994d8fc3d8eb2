// What the studio does when a person trains a model: class buckets (files, folders, the built-in
// synthetic set), the training settings, and the run with live progress and its results. The active
// model (activeModelController.ts), the library (libraryController.ts) and the views (views.ts) have
// controllers of their own. Talks to the worker only through client.ts.
//
// The engine runs one job at a time: a run supersedes the explanation in flight, and explanations wait
// (the viewer says so) until the run ends and the trained model becomes the active one.

import { LANGUAGE_TAGS, currentLanguage, t } from '../shared/i18n';
import { toUserError, type UserErrorInfo } from '../shared/errors';
import { checkTrainingSettings, type SyntheticVariant, type TrainingOutcome, type TrainingProgress, type TrainingSettings } from '../shared/training';
import { getEngine, refreshExplanation } from './controller';
import { actions, useStudio } from './store';
import { applyModelChange, report } from './activeModelController';
import {
  addClass,
  addImagesToClass,
  addPending,
  addRun,
  appendEpoch,
  appendProgress,
  classByName,
  looksLikeImage,
  planFolderImport,
  removeClass,
  pickRun,
  removeImageFromClass,
  renameClass,
  runRecord,
} from './trainingSlice';

const PROGRESS_MS = 400;

/** A file with its path inside a dropped or picked folder ("cats/tabby.png"; just the name otherwise). */
export interface PickedFile {
  file: File;
  path: string;
}

// ---------------------------------------------------------------------------------------------
// Classes and their images

export async function ensureTrainingDefaults(): Promise<void> {
  if (useStudio.getState().trainDefaults) return;
  try {
    const d = await getEngine().trainingDefaults();
    useStudio.setState((s) => ({ trainDefaults: d, trainSettings: s.trainSettings ?? d }));
  } catch (err) {
    report(err);
  }
}

/**
 * The classes are frozen while a run trains on them (the UI makes them inert, but a drop on the panel or
 * a late file-picker answer can still arrive): such a change is refused with a message, and nothing is lost.
 */
function refuseWhileTraining(what: 'rename' | 'removeClass' | 'removeImage' | 'addImages' | 'clear'): boolean {
  if (useStudio.getState().trainStatus === 'idle') return false;
  actions.notify({ kind: 'info', title: t('state:training.frozenTitle', { what: t(`state:training.what.${what}`) }), detail: t('state:training.frozenDetail'), action: t('state:training.frozenAction') });
  return true;
}

export function addTrainClass(name?: string): string {
  const classes = addClass(useStudio.getState().trainClasses, name);
  useStudio.setState({ trainClasses: classes });
  return classes[classes.length - 1].id;
}

export function renameTrainClass(id: string, name: string): void {
  if (refuseWhileTraining('rename')) return;
  useStudio.setState((s) => ({ trainClasses: renameClass(s.trainClasses, id, name) }));
}

export async function removeTrainClass(id: string): Promise<void> {
  if (refuseWhileTraining('removeClass')) return;
  useStudio.setState((s) => ({ trainClasses: removeClass(s.trainClasses, id) }));
  await getEngine().removeTrainingClass(id).catch(report);
}

export async function removeTrainImage(classId: string, imageId: string): Promise<void> {
  if (refuseWhileTraining('removeImage')) return;
  useStudio.setState((s) => ({ trainClasses: removeImageFromClass(s.trainClasses, classId, imageId) }));
  await getEngine().removeTrainingImages([imageId]).catch(report);
}

/** Decodes files into a class, one by one; failures are gathered into one message. */
export async function addFilesToClass(classId: string, files: File[]): Promise<void> {
  if (refuseWhileTraining('addImages')) return;
  const images = files.filter(looksLikeImage);
  const skipped = files.length - images.length;
  if (skipped) {
    actions.notify({ kind: 'info', title: t('state:training.skippedTitle', { count: skipped }), detail: files.filter((f) => !looksLikeImage(f)).slice(0, 4).map((f) => f.name).join(', '), action: t('state:training.skippedAction') });
  }
  if (!images.length) return;
  const e = getEngine();
  useStudio.setState((s) => ({ trainClasses: addPending(s.trainClasses, classId, images.length) }));
  const failures: UserErrorInfo[] = [];
  const batch: Awaited<ReturnType<typeof e.addTrainingImage>>[] = [];
  const flush = () => {
    if (!batch.length) return;
    const add = batch.splice(0);
    useStudio.setState((s) => ({ trainClasses: addPending(addImagesToClass(s.trainClasses, classId, add), classId, -add.length) }));
  };
  for (const f of images) {
    try {
      batch.push(await e.addTrainingImage(classId, f, f.name));
      if (batch.length >= 16) flush();
    } catch (err) {
      failures.push(toUserError(err));
      useStudio.setState((s) => ({ trainClasses: addPending(s.trainClasses, classId, -1) }));
    }
  }
  flush();
  // The class may have been removed meanwhile: drop what arrived for it.
  if (!useStudio.getState().trainClasses.some((c) => c.id === classId)) await e.removeTrainingClass(classId).catch(() => undefined);
  if (failures.length === 1) actions.notify({ kind: 'error', ...failures[0] });
  else if (failures.length > 1) {
    actions.notify({ kind: 'error', title: t('state:training.failedTitle', { count: failures.length }), detail: failures.slice(0, 3).map((f) => f.title).join('; ') + (failures.length > 3 ? '; …' : ''), action: failures[0].action });
  }
}

/** A folder of class folders (or one folder as one class): creates or reuses classes by folder name. */
export async function importFolders(files: PickedFile[]): Promise<void> {
  if (refuseWhileTraining('addImages')) return;
  const images = files.filter((f) => looksLikeImage(f.file) && !f.file.name.startsWith('.'));
  const plan = planFolderImport(images.map((f) => f.path));
  if (!plan.classes.length) {
    actions.notify({
      kind: 'error',
      title: images.length ? t('state:training.noFolderTitle') : t('state:training.noImagesTitle'),
      detail: images.length ? t('state:training.noFolderDetail') : t('state:training.noImagesDetail'),
      action: images.length ? t('state:training.noFolderAction') : t('state:training.noImagesAction'),
    });
    return;
  }
  if (plan.loose.length) {
    actions.notify({ kind: 'info', title: t('state:training.looseTitle', { count: plan.loose.length }), detail: t('state:training.looseDetail'), action: t('state:training.looseAction') });
  }
  // Every class appears at once; their images are decoded one class after another (one worker does it anyway).
  const targets = plan.classes.map((c) => ({ id: classByName(useStudio.getState().trainClasses, c.name)?.id ?? addTrainClass(c.name), files: c.indices.map((i) => images[i].file) }));
  for (const t of targets) await addFilesToClass(t.id, t.files);
}

/**
 * Replaces the classes with the built-in synthetic tissue set (normal / lesion / cyst); `variant` (teach):
 * a harder level or the shortcut variant, default the original set.
 */
export async function loadSyntheticDataset(perClass = 100, variant?: SyntheticVariant): Promise<void> {
  const s = useStudio.getState();
  if (s.syntheticLoading || s.trainStatus !== 'idle') return;
  const e = getEngine();
  useStudio.setState({ syntheticLoading: true, syntheticLoaded: null });
  try {
    for (const c of s.trainClasses) await e.removeTrainingClass(c.id);
    let classes = addClass([], 'normal');
    classes = addClass(classes, 'lesion');
    classes = addClass(classes, 'cyst');
    useStudio.setState({ trainClasses: classes });
    const size = Math.min(128, Math.max(64, useStudio.getState().trainSettings?.inputSize ?? 64));
    const images = await e.addSyntheticTrainingSet(classes.map((c) => c.id), perClass, size, variant);
    useStudio.setState((st) => ({ trainClasses: st.trainClasses.map((c) => ({ ...c, images: [...c.images, ...images.filter((i) => i.classId === c.id)] })), syntheticLoaded: { difficulty: 'easy', shortcut: false, ...variant } }));
    if (!useStudio.getState().trainSettings?.inputSize) await ensureTrainingDefaults();
  } catch (err) {
    report(err);
  } finally {
    useStudio.setState({ syntheticLoading: false });
  }
}

export async function clearClasses(): Promise<void> {
  if (refuseWhileTraining('clear')) return;
  const e = getEngine();
  const classes = useStudio.getState().trainClasses;
  useStudio.setState({ trainClasses: [], syntheticLoaded: null });
  for (const c of classes) await e.removeTrainingClass(c.id).catch(report);
}

// ---------------------------------------------------------------------------------------------
// Settings and the run

export function updateTrainSettings(patch: Partial<TrainingSettings>): void {
  useStudio.setState((s) => (s.trainSettings ? { trainSettings: { ...s.trainSettings, ...patch } } : {}));
}

export function resetTrainSettings(): void {
  useStudio.setState((s) => ({ trainSettings: s.trainDefaults }));
}

export async function startTraining(name?: string): Promise<void> {
  await ensureTrainingDefaults();
  const s = useStudio.getState();
  if (s.trainStatus !== 'idle' || !s.trainSettings) return;
  const bad = checkTrainingSettings(s.trainSettings);
  if (bad) {
    actions.notify({ kind: 'error', ...bad });
    return;
  }
  if (s.trainClasses.some((c) => c.pending > 0)) {
    actions.notify({ kind: 'info', title: t('state:training.stillAddingTitle'), detail: t('state:training.stillAddingDetail'), action: t('state:training.stillAddingAction') });
    return;
  }
  const classes = s.trainClasses.map((c) => ({ id: c.id, name: c.name.trim() }));
  useStudio.setState({ trainStatus: 'training', trainProgress: null, trainCurve: { train: [], val: [] }, confusionCell: null });
  // The run supersedes the explanation in flight; the viewer says it waits for the run.
  void refreshExplanation();
  let adopted = false;
  try {
    const modelName = name?.trim() || t('state:training.defaultName', { classes: classes.map((c) => c.name).join(' / '), date: new Date().toLocaleDateString(LANGUAGE_TAGS[currentLanguage()]) });
    // Reports are gathered and shown at most every PROGRESS_MS: each one repaints the bar, the text and
    // the curves, and the page shares the machine with the worker that trains.
    const pending: TrainingProgress[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const batch = pending.splice(0);
      if (!batch.length) return;
      useStudio.setState((st) => ({ trainProgress: batch[batch.length - 1], trainCurve: batch.reduce((c, p) => appendEpoch(appendProgress(c, p), p), st.trainCurve) }));
    };
    const settings = s.trainSettings;
    const outcome = await getEngine().train({ classes, settings, name: modelName, baselines: true }, (p) => {
      pending.push(p);
      timer ??= setTimeout(flush, PROGRESS_MS);
    });
    if (timer) clearTimeout(timer);
    flush();
    // The cell worth opening first: the largest off-diagonal one, else the first class's correct ones.
    let cell: [number, number] = [0, 0];
    let most = 0;
    outcome.confusion.forEach((row, t) => row.forEach((n, p) => {
      if (t !== p && n > most) {
        most = n;
        cell = [t, p];
      }
    }));
    useStudio.setState({ trainOutcome: outcome, confusionCell: cell, trainStatus: 'idle' });
    recordRun(modelName, settings, outcome);
    // In a task of its own: the results and the new model's first explanation are two renders, and
    // keeping them apart keeps each main-thread task short.
    await new Promise((r) => setTimeout(r, 0));
    adopted = true;
    applyModelChange(outcome.change);
    const c = outcome.backendChoice;
    if (c.reason) actions.notify({ kind: c.switchedFrom ? 'info' : 'error', title: c.switchedFrom ? t('state:training.switchedTitle', { backend: c.switchedFrom.toUpperCase() }) : t('state:training.slowTitle'), detail: c.reason, action: c.switchedFrom ? t('state:training.switchedAction') : t('state:training.slowAction') });
    if (outcome.stoppedBy === 'diverged') {
      actions.notify({ kind: 'error', title: t('state:training.divergedTitle'), detail: t('state:training.divergedDetail'), action: t('state:training.divergedAction') });
    }
  } catch (err) {
    report(err);
  } finally {
    useStudio.setState({ trainStatus: 'idle' });
    // No new model (the run was refused or failed): explain again with the one there is.
    if (!adopted) void refreshExplanation();
  }
}

export async function stopTraining(): Promise<void> {
  if (useStudio.getState().trainStatus !== 'training') return;
  useStudio.setState({ trainStatus: 'stopping' });
  await getEngine().stopTraining().catch(report);
}

// ---------------------------------------------------------------------------------------------
// Run history (curves): every training of this session that returned, finished or stopped, in memory only.

/** Keeps a run that returned (completed, stopped, early-stopped or diverged) in the session's run history. */
export function recordRun(name: string, settings: TrainingSettings, outcome: TrainingOutcome, finishedAt = Date.now()): void {
  useStudio.setState((st) => {
    const run = runRecord(`r${st.runSeq + 1}`, name, finishedAt, settings, outcome, st.syntheticLoaded);
    const next = addRun(st.trainRuns, st.runPicks, run);
    return { trainRuns: next.runs, runPicks: next.picks, runsDropped: st.runsDropped + next.dropped, runSeq: st.runSeq + 1 };
  });
}

/** Picks or unpicks a run for the overlay (a third pick replaces the earlier one). */
export function toggleRunPick(id: string): void {
  useStudio.setState((st) => ({ runPicks: pickRun(st.trainRuns, st.runPicks, id) }));
}

/** Forgets the session's runs (the ids go on counting, so a later run is never mistaken for a forgotten one). */
export function clearRunHistory(): void {
  useStudio.setState({ trainRuns: [], runPicks: [], runsDropped: 0 });
}

export function openConfusionCell(trueLabel: number, predicted: number): void {
  useStudio.setState({ confusionCell: [trueLabel, predicted] });
}
