// What the studio does when its compute engine fails (supervisor.ts notices; client.ts restarts it):
// says so in one sentence (engineHealth in the store, shown by ui/EngineHealthBanner.tsx), and once the
// new engine runs, puts back what the old one had: the images under their old ids, the model, the training
// images, the prediction for the selected image. The explanation that was interrupted is not rerun on
// its own (it may be what stopped the engine): the banner offers "Run again".
//
// To rebuild, the page keeps what the engine would lose (watchEngine hears it from the client): the
// original Blob and name of each image the person added, the ids of the demo gallery, and where the
// current model comes from: the demo, the library (its IndexedDB id), or a copy of its files (the files
// the person gave, or, for a trained or corrected model not in the library, a copy taken with
// exportModel after each change).

import { t } from '../shared/i18n';
import type { SyntheticVariant } from '../shared/training';
import type { EngineClient, EngineEvent, InitResult, JournalEvent, Loss, ModelFile } from '../worker/client';
import { backendLabel, backendsAfter, isEngineStoppedTitle, lossPhrase } from '../worker/client';
import type { ModelChange, TrainingImageInfo } from '../shared/training';
import { actions, useStudio, type StudioState } from './store';

/** The part of EngineClient recovery uses (tests pass the real client on a fake worker). */
export type RecoverableEngine = Pick<
  EngineClient,
  'onEvent' | 'setRestorer' | 'restoring' | 'restartNow' | 'exportModel' | 'testHooks'
>;

/** Where the active model comes from; `serial` is the engine's (ModelOrigin.serial): same model, same serial. */
type ModelKeep =
  | { kind: 'demo' }
  | { kind: 'saved'; serial: number; id: string; name: string; copy: ModelFile[] | null }
  | { kind: 'files'; serial: number; name: string; files: ModelFile[] }
  /** A copy is being taken; if the engine stops before it arrives, the model cannot come back. */
  | { kind: 'copying'; serial: number; name: string };

interface TrainingFile {
  classId: string;
  blob: Blob;
  name: string;
}

interface SyntheticSet {
  classIds: string[];
  perClass: number;
  size: number;
  /** The teaching variant (teach); absent: the original set. */
  variant?: SyntheticVariant;
  /** The ids the engine gave, in its order; null where the image (or its class) was removed since. */
  ids: (string | null)[];
  /** The class of each, in the same order. */
  classOf: string[];
}

/** Everything the page keeps to rebuild the engine. Exported for tests. */
export interface Keep {
  demoIds: string[];
  images: Map<string, { blob: Blob; name: string }>;
  model: ModelKeep;
  /** Bumped on every model change, so a copy that arrives after a newer change is dropped. */
  modelSeq: number;
  trainingFiles: Map<string, TrainingFile>;
  synthetic: SyntheticSet[];
}

function freshKeep(): Keep {
  return { demoIds: [], images: new Map(), model: { kind: 'demo' }, modelSeq: 0, trainingFiles: new Map(), synthetic: [] };
}

let keep: Keep = freshKeep();
/** The explanation request that was interrupted: not rerun on its own while the person asks for the same. */
let held: string | null = null;

/** What the person last asked to see; a restart keeps it, and changing any part of it ends the hold. */
function requestOf(s: StudioState): string {
  return JSON.stringify([s.selectedId, s.methodId, s.target, s.mode, s.methodOptions, s.compareMethods]);
}

/**
 * True while the engine restarts, and afterwards while the person still asks for the explanation the
 * failure interrupted: controller.refreshExplanation() then does nothing (the banner offers "Run again").
 */
export function recoveryHoldsExplanation(): boolean {
  const s = useStudio.getState();
  if (s.engineHealth.state === 'restarting') return true;
  if (held === null) return false;
  if (held === requestOf(s)) return true;
  held = null;
  return false;
}

/** "Run again": lets the held explanation run (the caller then calls refreshExplanation()) and closes the banner. */
export function runAgain(): void {
  held = null;
  useStudio.setState({ engineHealth: { state: 'ok', message: null, canRunAgain: false } });
}

export function dismissHealth(): void {
  if (useStudio.getState().engineHealth.state !== 'recovered') return;
  useStudio.setState({ engineHealth: { state: 'ok', message: null, canRunAgain: false } });
}

let watched: RecoverableEngine | null = null;

/** Restart the engine now ("not answering" and "gave up" banners). */
export function restartEngine(): void {
  watched?.restartNow();
}

/** "while computing LIME", from the call the engine was busy with. */
function whileDoing(during: Loss['during'], s: StudioState): string {
  if (!during) return '';
  const method = (id?: string) => s.methods.find((m) => m.id === id)?.label ?? id ?? t('state:recovery.doing.anExplanation');
  const doing: Record<string, () => string> = {
    explain: () => t('state:recovery.doing.explain', { method: method(during.arg) }),
    predict: () => t('state:recovery.doing.predict'),
    addImage: () => t('state:recovery.doing.addImage', { name: during.arg }),
    addTrainingImage: () => t('state:recovery.doing.addImage', { name: during.arg }),
    train: () => t('state:recovery.doing.train'),
    setBackend: () => t('state:recovery.doing.setBackend', { backend: backendLabel(during.arg as never) }),
    init: () => t('state:recovery.doing.init'),
    loadModelFiles: () => t('state:recovery.doing.loadModel'),
    loadSavedModel: () => t('state:recovery.doing.loadModel'),
    loadDemoModel: () => t('state:recovery.doing.loadDemoModel'),
    saveModel: () => t('state:recovery.doing.saveModel'),
  };
  const d = doing[during.call];
  return d ? t('state:recovery.whileDoing', { doing: d() }) : '';
}

function setHealth(h: StudioState['engineHealth']): void {
  useStudio.setState({ engineHealth: h });
}

// ---------------------------------------------------------------------------------------------
// Keeping what a restart would lose

function onJournal(engine: RecoverableEngine, e: JournalEvent): void {
  switch (e.type) {
    case 'init':
      keep.model = { kind: 'demo' };
      keep.modelSeq++;
      break;
    case 'demo-images':
      keep.demoIds = e.images.map((i) => i.id);
      break;
    case 'image-added':
      keep.images.set(e.info.id, { blob: e.blob, name: e.name });
      break;
    case 'image-removed':
      keep.images.delete(e.id);
      break;
    case 'model-changed':
      if (!e.restoring) onModelChange(engine, e.change, e.how, e.files);
      break;
    case 'training-image-added':
      if (!replaying) keep.trainingFiles.set(e.info.id, { classId: e.info.classId, blob: e.blob, name: e.name });
      break;
    case 'training-synthetic':
      if (!replaying) keep.synthetic.push({ classIds: e.classIds, perClass: e.perClass, size: e.size, variant: e.variant, ids: e.images.map((i) => i.id), classOf: e.images.map((i) => i.classId) });
      break;
    case 'training-images-removed':
      if (!replaying) forgetTrainingImages((id) => e.ids.includes(id));
      break;
    case 'training-class-removed':
      if (!replaying) forgetTrainingClass(e.classId);
      break;
    default:
      break;
  }
}

function forgetTrainingImages(gone: (id: string, classId: string) => boolean): void {
  for (const [id, f] of [...keep.trainingFiles]) if (gone(id, f.classId)) keep.trainingFiles.delete(id);
  for (const set of keep.synthetic) set.ids = set.ids.map((id, k) => (id !== null && gone(id, set.classOf[k]) ? null : id));
  keep.synthetic = keep.synthetic.filter((set) => set.ids.some((id) => id !== null));
}

function forgetTrainingClass(classId: string): void {
  forgetTrainingImages((_id, c) => c === classId);
}

function onModelChange(engine: RecoverableEngine, change: ModelChange, how: Extract<JournalEvent, { type: 'model-changed' }>['how'], files?: ModelFile[]): void {
  const seq = ++keep.modelSeq;
  const name = change.origin.metadata.name;
  const serial = change.origin.serial;
  const previous = keep.model;
  // A copy of this same model (saved after training, renamed…) stays as the fallback if the library fails.
  const copyOf = (k: ModelKeep): ModelFile[] | null => (k.kind === 'files' && k.serial === serial ? k.files : k.kind === 'saved' && k.serial === serial ? k.copy : null);
  if (how === 'demo') {
    keep.model = { kind: 'demo' };
  } else if (change.origin.libraryId) {
    keep.model = { kind: 'saved', serial, id: change.origin.libraryId, name, copy: copyOf(previous) };
  } else if (how === 'files' && files) {
    keep.model = { kind: 'files', serial, name, files };
  } else {
    // Trained, or corrected and not in the library: the engine holds the only copy. Take one.
    keep.model = { kind: 'copying', serial, name };
    engine.exportModel(null).then(
      (out) => {
        const files = out.map((f) => ({ name: f.name, blob: new Blob([f.bytes], { type: f.type }) }));
        const k = keep.model;
        if (keep.modelSeq === seq) keep.model = { kind: 'files', serial, name, files };
        // Saved meanwhile: keep the copy as the saved model's fallback.
        else if (k.kind === 'saved' && k.serial === serial && !k.copy) k.copy = files;
      },
      (err) => console.warn('[glassbox] could not keep a copy of the model for a restart', err),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Putting it back

let replaying = false;

/** The engine being restored ended too (another restart follows): stop, and change nothing. */
class Superseded extends Error {}

/** Throws Superseded once the engine being restored has ended; call before changing the store or `keep`. */
type Live = () => void;

/** What came back and what did not, for the sentence. */
interface Restored {
  images: number;
  imagesLost: string[];
  model: string | null;
  modelLost: string | null;
  trainingLost: number;
}

async function restoreModel(r: EngineClient, out: Restored, live: Live): Promise<void> {
  const k = keep.model;
  const tryFiles = async (files: ModelFile[], name: string) => {
    await r.loadModelFiles(files, name);
    out.model = name;
  };
  try {
    if (k.kind === 'saved') {
      try {
        await r.loadSavedModel(k.id);
        out.model = k.name;
      } catch (e) {
        live();
        if (!k.copy) throw e;
        await tryFiles(k.copy, k.name);
      }
    } else if (k.kind === 'files') {
      await tryFiles(k.files, k.name);
    } else if (k.kind === 'copying') {
      out.modelLost = k.name;
      keep.model = { kind: 'demo' };
    }
  } catch (e) {
    live();
    console.warn('[glassbox] the model could not be restored', e);
    out.modelLost = k.kind === 'demo' ? null : k.name;
    keep.model = { kind: 'demo' };
  }
  const c = await r.currentModel();
  live();
  useStudio.setState({ model: c.model, methods: c.methods, backend: c.backend, modelOrigin: c.origin });
  if (!out.model) out.model = c.origin.metadata.name;
}

async function restoreImages(r: EngineClient, out: Restored, live: Live): Promise<void> {
  const s = useStudio.getState();
  const inGallery = new Set(s.images.map((i) => i.id));
  if (keep.demoIds.length && keep.demoIds.some((id) => inGallery.has(id))) {
    try {
      await r.restoreDemoImages(keep.demoIds);
      out.images += keep.demoIds.filter((id) => inGallery.has(id)).length;
    } catch (e) {
      live();
      console.warn('[glassbox] the demo images could not be restored', e);
      for (const id of keep.demoIds) if (inGallery.has(id)) out.imagesLost.push(id);
    }
  } else if (!s.images.length) {
    // The engine died before the demo gallery arrived.
    const demos = await r.demoImages(3);
    live();
    actions.addImages(demos);
  }
  for (const img of s.images) {
    if (img.source === 'demo') continue;
    const kept = keep.images.get(img.id);
    try {
      // A clinical image comes back with the window, inversion and frame it had (the store has its latest).
      if (kept) await r.restoreImage(img.id, kept.blob, kept.name, img.clinical?.display);
      else await r.restoreImagePixels(img.id, img.preview, img.name, img.trueLabel);
      out.images++;
    } catch (e) {
      live();
      console.warn(`[glassbox] "${img.name}" could not be restored`, e);
      out.imagesLost.push(img.id);
    }
  }
  live();
  if (out.imagesLost.length) {
    const lost = new Set(out.imagesLost);
    useStudio.setState((st) => {
      const images = st.images.filter((i) => !lost.has(i.id));
      return { images, selectedId: st.selectedId && lost.has(st.selectedId) ? (images[0]?.id ?? null) : st.selectedId };
    });
  }
}

/** Replays the training images the classes hold, and renames their ids in the store to the new ones. */
async function restoreTraining(r: EngineClient, out: Restored, live: Live): Promise<void> {
  const classes = useStudio.getState().trainClasses;
  if (!classes.some((c) => c.images.length)) return;
  const renamed = new Map<string, TrainingImageInfo>();
  replaying = true;
  const files = new Map<string, TrainingFile>();
  const sets: SyntheticSet[] = [];
  try {
    for (const set of keep.synthetic) {
      try {
        // The set is drawn from fixed seeds: the same call gives the same images in the same order.
        const fresh = await r.addSyntheticTrainingSet(set.classIds, set.perClass, set.size, set.variant);
        const drop: string[] = [];
        const ids = fresh.map((info, k) => {
          const old = set.ids[k];
          if (old === null || old === undefined) {
            drop.push(info.id);
            return null;
          }
          renamed.set(old, info);
          return info.id;
        });
        if (drop.length) await r.removeTrainingImages(drop);
        sets.push({ ...set, ids, classOf: fresh.map((i) => i.classId) });
      } catch (e) {
        live();
        console.warn('[glassbox] the synthetic training set could not be restored', e);
      }
    }
    for (const [oldId, f] of keep.trainingFiles) {
      try {
        const info = await r.addTrainingImage(f.classId, f.blob, f.name);
        renamed.set(oldId, info);
        files.set(info.id, f);
      } catch (e) {
        live();
        console.warn(`[glassbox] training image "${f.name}" could not be restored`, e);
      }
    }
  } finally {
    replaying = false;
  }
  live();
  keep.trainingFiles = files;
  keep.synthetic = sets.filter((set) => set.ids.some((id) => id !== null));
  useStudio.setState((st) => ({
    trainClasses: st.trainClasses.map((c) => {
      const images = c.images.map((i) => renamed.get(i.id)).filter((i): i is TrainingImageInfo => Boolean(i));
      out.trainingLost += c.images.length - images.length;
      return { ...c, images };
    }),
  }));
}

/**
 * The restorer the client runs after a restart, before the calls that waited go on. `current()` turns
 * false when this new engine ends too: the restore then stops without touching the store (the next
 * restart restores from the same kept state). Exported for tests.
 */
export async function restoreAfterRestart(engine: RecoverableEngine, init: InitResult, loss: Loss, current: () => boolean = () => true): Promise<void> {
  try {
    await restore(engine, init, loss, () => {
      if (!current()) throw new Superseded();
    });
  } catch (e) {
    if (!(e instanceof Superseded)) throw e;
  }
}

async function restore(engine: RecoverableEngine, init: InitResult, loss: Loss, live: Live): Promise<void> {
  const r = engine.restoring();
  const before = useStudio.getState();
  useStudio.setState({
    backend: init.backend,
    model: init.model,
    methods: init.methods,
    // Nothing computed by the engine that failed is shown again: after a lost context it may be wrong.
    prediction: null,
    predictionFor: null,
    attribution: null,
    attributionKey: null,
    compareResults: {},
    compareKey: null,
    busy: false,
    progress: null,
    comparing: null,
    ...(before.status === 'failed' ? { status: 'ready', startError: null } : {}),
  });
  const out: Restored = { images: 0, imagesLost: [], model: null, modelLost: null, trainingLost: 0 };
  await restoreModel(r, out, live);
  await restoreImages(r, out, live);
  await restoreTraining(r, out, live).catch((e) => {
    if (e instanceof Superseded) throw e;
    console.warn('[glassbox] training images could not be restored', e);
  });
  const s = useStudio.getState();
  if (s.selectedId) {
    try {
      const prediction = await r.predict(s.selectedId);
      live();
      useStudio.setState({ prediction, predictionFor: `${s.selectedId}@${s.backend?.active ?? ''}` });
    } catch (e) {
      if (e instanceof Superseded) throw e;
      live();
      console.warn('[glassbox] no prediction after the restart', e);
    }
  }
  live();
  const backend = backendLabel(useStudio.getState().backend?.active);
  const images = out.images ? t('state:recovery.images', { count: out.images }) : t('state:recovery.noImages');
  const model = out.modelLost ? t('state:recovery.modelLost', { model: out.modelLost }) : t('state:recovery.modelBack', { model: out.model });
  const lost = out.imagesLost.length ? t('state:recovery.imagesLost', { count: out.imagesLost.length }) : '';
  const training = out.trainingLost ? t('state:recovery.trainingLost', { count: out.trainingLost }) : '';
  setHealth({
    state: 'recovered',
    message: t('state:recovery.recovered', { loss: lossPhrase(loss), during: whileDoing(loss.during, before), backend, images, lost, model, training }),
    canRunAgain: Boolean(useStudio.getState().selectedId),
  });
}

function onHealth(e: EngineEvent): void {
  const s = useStudio.getState();
  switch (e.type) {
    case 'unresponsive':
      if (s.engineHealth.state === 'ok' || s.engineHealth.state === 'recovered') {
        setHealth({ state: 'unresponsive', message: t('state:recovery.unresponsive', { s: Math.max(1, Math.round(e.silentMs / 1000)) }), canRunAgain: false });
      }
      break;
    case 'responsive':
      if (s.engineHealth.state === 'unresponsive') setHealth({ state: 'ok', message: null, canRunAgain: false });
      break;
    case 'lost':
      // Hold the explanation being asked for: it is not rerun on its own after the restart.
      if (held === null) held = requestOf(s);
      setHealth({ state: 'restarting', message: t('state:recovery.restarting', { loss: lossPhrase(e.loss), during: whileDoing(e.loss.during, s), backend: backendLabel(e.next) }), canRunAgain: false });
      break;
    case 'failed':
      setHealth({ state: 'failed', message: t('state:recovery.failed', { loss: lossPhrase(e.loss).replace(/^The /, 'the ') }), canRunAgain: false });
      useStudio.setState({ busy: false, progress: null, comparing: null });
      break;
    default:
      break;
  }
}

/**
 * Connects recovery to the studio's engine: keeps what a restart needs, shows the engine's health, and
 * restores after a restart. Call once, right after creating the client (controller.getEngine()).
 * Returns a function that disconnects it (tests).
 */
export function watchEngine(engine: RecoverableEngine): () => void {
  watched = engine;
  keep = freshKeep();
  held = null;
  const off = engine.onEvent((e) => {
    onJournal(engine, e as JournalEvent);
    onHealth(e);
  });
  engine.setRestorer((init, loss, current) => restoreAfterRestart(engine, init, loss, current));
  // The banner says it once: the same "engine stopped" error from each call that was waiting goes.
  const unsub = useStudio.subscribe((st, prev) => {
    if (st.notices === prev.notices) return;
    for (const n of st.notices) if (isEngineStoppedTitle(n.title)) actions.dismiss(n.id);
  });
  installTestHooks(engine);
  return () => {
    off();
    unsub();
    engine.setRestorer(null);
    if (watched === engine) watched = null;
  };
}

/** For tests: what is kept right now. */
export function keptForTests(): Keep {
  return keep;
}

export { backendsAfter };

/**
 * window.__glassboxTest (e2e only): present when the page's address has `?test-hooks`. It can only break
 * the engine the ways real failures do (terminate, close from inside, hang, lose the WebGL context), which
 * the studio then heals; it reads nothing and sends nothing anywhere.
 */
function installTestHooks(engine: RecoverableEngine): void {
  const loc = (globalThis as { location?: Location }).location;
  if (!loc || !new URLSearchParams(loc.search).has('test-hooks')) return;
  (globalThis as unknown as { __glassboxTest: unknown }).__glassboxTest = engine.testHooks();
}
