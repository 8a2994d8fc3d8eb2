// THE boundary the UI calls. The UI never imports from src/core: it talks to the engine in the worker
// through this module, and gets plain data back.
//
// The worker is supervised (supervisor.ts): when it dies, hangs or loses its GPU context, every call still
// waiting on it rejects with a UserError at once, a new engine starts on the next backend down the ladder,
// and calls made meanwhile wait until the page has restored its images and model
// (src/state/recoveryController.ts, which hears what it needs through onEvent()).

import { currentLanguage, t, type Language } from '../shared/i18n';
import * as Comlink from 'comlink';
import type { Engine, ExplainRequest, InitResult } from './engine';
import type { WeightsHash } from './weightsHash';
import type { Attribution, BackendName, BackendReport, ImageInfo, ModelSummary, Prediction, Progress, RgbaImage } from '../shared/types';
import { DEMO_MODEL, WASM_URLS, spawnEngineWorker, spawnPoolWorker } from './spawn';
import { AUTO_MIN_CORES, PageHelpers, autoHelpers, poolChoices, readPoolSetting, writePoolSetting, type PoolSetting } from './poolPage';

export { AUTO_MIN_CORES };
import { UserError, installUserErrorTransfer } from '../shared/errors';
import { JobCancelled, reasonOfSignal } from '../shared/jobs';
import type { TrustFigures, TrustRequest } from '../shared/trust';
import type { ImageBackground } from '../shared/background';
import { Supervisor, backendLabel, type CallOptions, type Loss, type LocksLike, type Restorer, type SupervisorEvent, type SupervisorTiming, type WorkerLike } from './supervisor';
import type { BatchOutcome, BatchRequest, BatchRow } from '../shared/batch';
import type { DisplaySettings, ShownTag } from '../shared/clinical';
import type { MapToScore, PixelBox, ReferenceRegion, ReferenceScoring } from '../shared/region';
import type { AgreementMatrix } from './reference';
import type { FilterPatches, LayerActivations, ModelGraph } from '../shared/modelGraph';
import type { ChannelGallery, ClassViews, ClassViewsRequest } from '../shared/classViews';
import type { BaselineExplanation } from '../shared/baselines';
import type { DownloadFile, MetadataPatch, ModelChange, SavedModelEntry, TrainingImageInfo, TrainingOutcome, TrainingProgress, TrainingRequest, TrainingSettings, SyntheticVariant } from '../shared/training';

installUserErrorTransfer();

export type { ExplainRequest, InitResult, WeightsHash };

/** What the sanity check returns (engine.ts sanityCheck). */
export type SanityOutcome = Awaited<ReturnType<Engine['sanityCheck']>>;
export type { AgreementMatrix };
export { ENGINE_STOPPED_TITLE, backendLabel, backendsAfter, isEngineStoppedTitle, lossPhrase } from './supervisor';
export type { Loss, LossReason, Restorer, SupervisorEvent } from './supervisor';

/** A model file as the page holds it (what loadModelFiles takes). */
export interface ModelFile {
  name: string;
  path?: string;
  blob: Blob;
}

/**
 * What the client saw go by that a restart would lose: the page keeps it (recoveryController) to put it
 * back. `restoring` is set for the calls the restore itself makes.
 */
export type JournalEvent =
  | { type: 'init'; init: InitResult }
  | { type: 'demo-images'; images: ImageInfo[] }
  | { type: 'image-added'; info: ImageInfo; blob: Blob; name: string }
  | { type: 'image-removed'; id: string }
  | { type: 'backend'; backend: BackendReport }
  | { type: 'model-changed'; change: ModelChange; how: 'demo' | 'saved' | 'files' | 'trained' | 'updated'; files?: ModelFile[]; restoring: boolean }
  | { type: 'training-image-added'; info: TrainingImageInfo; blob: Blob; name: string }
  | { type: 'training-synthetic'; classIds: string[]; perClass: number; size: number; variant?: SyntheticVariant; images: TrainingImageInfo[] }
  | { type: 'training-images-removed'; ids: string[] }
  | { type: 'training-class-removed'; classId: string };

export type EngineEvent = SupervisorEvent | JournalEvent;

/** Absolute URL (an inline worker has no base of its own to resolve relative ones against). */
function abs(u: string): string {
  return u.startsWith('data:') ? u : new URL(u, document.baseURI).href;
}

function fileStopped(name: string, what: 'added' | 'addedToClass') {
  return (loss: Loss, next: BackendName) =>
    new UserError(t(`engine:fileStopped.${what}`, { name }), t('engine:fileStopped.detail', { reason: loss.detail }), t('engine:fileStopped.action', { backend: backendLabel(next) }));
}

export interface EngineClientOptions {
  spawn?: () => WorkerLike;
  locks?: LocksLike | null;
  timing?: Partial<SupervisorTiming>;
  /** (pool) Starts the engine pool's helpers; default: in the browser build only (not with a test spawn). */
  pool?: PageHelpers | null;
  /** init()'s options apart from the backends (the browser build passes the wasm and demo model URLs). */
  initOptions?: () => Omit<Parameters<Engine['init']>[0], 'backends'>;
}

export class EngineClient {
  private readonly sup: Supervisor;
  private jobSeq = 0;
  private listeners = new Set<(e: EngineEvent) => void>();
  /** Set on the view restoring() returns: its calls run while others wait for the restore. */
  private readonly now: boolean = false;

  constructor(o: EngineClientOptions = {}) {
    const initOptions =
      o.initOptions ??
      (() => ({
        wasmPaths: Object.fromEntries(Object.entries(WASM_URLS).map(([k, v]) => [k, abs(v)])),
        demoModel: { base: DEMO_MODEL.base ? abs(DEMO_MODEL.base) : '', files: Object.fromEntries(Object.entries(DEMO_MODEL.files).map(([k, v]) => [k, abs(v)])) },
      }));
    this.sup = new Supervisor({
      spawn: o.spawn ?? spawnEngineWorker,
      locks: o.locks !== undefined ? o.locks : ((globalThis.navigator as Navigator | undefined)?.locks ?? null),
      timing: o.timing,
      start: async (api, backends) => {
        // i18n: a restarted engine speaks the page's language
        const r = await api.init({ ...initOptions(), ...(backends ? { backends } : {}), language: currentLanguage() });
        // (pool) Helpers start after the first heatmap's work is under way, on this engine and every restart.
        if (this.helpers) setTimeout(() => void this.startPool(api, initOptions().wasmPaths), 1000);
        return r;
      },
    });
    this.helpers = o.pool ?? (o.spawn ? null : new PageHelpers(spawnPoolWorker));
    this.sup.on((e) => this.emit(e));
  }

  // ── Supervision

  /** Hears health events (supervisor.ts) and what a restart would lose (JournalEvent). Returns the unsubscribe. */
  onEvent(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        console.error('[glassbox] engine event listener failed', err);
      }
    }
  }

  /** Runs after a restart, before waiting calls go on: put the images and model back through restoring(). */
  setRestorer(f: Restorer | null): void {
    this.sup.restorer = f;
  }

  /** The same client, for the restorer: its calls run while every other call waits for the restore. */
  restoring(): EngineClient {
    return Object.create(this, { now: { value: true } }) as EngineClient;
  }

  /** Restarts the engine now (offered while it does not answer, or after it gave up). */
  restartNow(): void {
    this.sup.restartNow();
  }

  private call<T>(name: string, fn: (api: Comlink.Remote<Engine>) => Promise<T>, o: CallOptions = {}): Promise<T> {
    return this.sup.call(name, fn, { ...o, now: o.now || this.now });
  }

  // ── The engine

  async init(): Promise<InitResult> {
    const r = await this.sup.start();
    this.sup.noteBackend(r.backend.active);
    this.emit({ type: 'init', init: r });
    return r;
  }

  async demoImages(perClass = 3): Promise<ImageInfo[]> {
    const images = await this.call('demoImages', (a) => a.demoImages(perClass));
    this.emit({ type: 'demo-images', images });
    return images;
  }

  /** The file is passed to the worker as a Blob (a handle, not a copy); the page keeps it to restore. */
  async addImage(file: Blob, name: string): Promise<ImageInfo> {
    const info = await this.call('addImage', (a) => a.addImage(file, name), { arg: name, stopped: fileStopped(name, 'added') });
    this.emit({ type: 'image-added', info, blob: file, name });
    return info;
  }

  removeImage(id: string): Promise<void> {
    this.emit({ type: 'image-removed', id });
    return this.call('removeImage', (a) => a.removeImage(id));
  }

  /** Refused (UserError) when the GPU context was lost before the result was read: never a wrong prediction. */
  predict(imageId: string): Promise<Prediction> {
    return this.call('predict', (a) => a.predict(imageId), { verify: true });
  }

  /**
   * Runs a method. `signal.abort()` is the person's Stop (the engine returns what it has so far, marked
   * cancelled); `abort('superseded')` drops the run (it rejects with JobCancelled, see shared/jobs.ts).
   * Refused like predict after a context loss.
   */
  explain(req: Omit<ExplainRequest, 'jobId'>, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<Attribution> {
    return this.jobCall('explain', req, opts, (a, r, p) => a.explain(r, p));
  }

  /**
   * A cancellable engine job with progress (explain, trust, sanity check): gives it a job id, turns the
   * signal's abort into the engine's cancel(jobId, reason), and counts progress as a sign of life while the
   * call runs. `refuseAborted`: a signal already aborted rejects with JobCancelled without calling.
   */
  private jobCall<Q extends { methodId: string }, T>(name: string, req: Q, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal }, fn: (a: Comlink.Remote<Engine>, r: Q & { jobId: string }, p?: (p: Progress) => void) => Promise<T>, refuseAborted = false): Promise<T> {
    const jobId = `job${++this.jobSeq}`;
    if (refuseAborted && opts.signal?.aborted) return Promise.reject(new JobCancelled(reasonOfSignal(opts.signal)));
    const onAbort = () => void this.call('cancel', (a) => a.cancel(jobId, reasonOfSignal(opts.signal!)), { now: true }).catch(() => undefined);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const onProgress = opts.onProgress;
    const progress = onProgress
      ? Comlink.proxy((p: Progress) => {
          this.sup.sawLife();
          onProgress(p);
        })
      : undefined;
    return this.call(name, (a) => fn(a, { ...req, jobId }, progress), { verify: true, arg: req.methodId }).finally(() => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (progress) this.sup.progressEnded();
    });
  }

  // ── Trust figures (issue 13, "Measures of the explanation": the trust part; engine side in worker/trust.ts).
  // Cancelled like explain(): abort() is the person's Stop (partial figures come back), abort('superseded')
  // drops the run (JobCancelled).

  /** Deletion/insertion curves and seed stability of the explanation `req` names (the engine kept its map). */
  trust(req: TrustRequest, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<TrustFigures> {
    return this.jobCall('trust', req, opts, (a, r, p) => a.trust(r, p), true);
  }

  /** The cascading randomisation sanity check of the explanation `req` names (reruns the method per layer). */
  sanityCheck(req: TrustRequest, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<SanityOutcome> {
    return this.jobCall('sanityCheck', req, opts, (a, r, p) => a.sanityCheck(r, p), true);
  }

  async setBackend(name: BackendName): Promise<{ backend: BackendReport; model: ModelSummary }> {
    const r = await this.call('setBackend', (a) => a.setBackend(name), { long: true, arg: name });
    this.sup.noteBackend(r.backend.active);
    this.emit({ type: 'backend', backend: r.backend });
    return r;
  }

  /** Cancels every explanation and prediction, stops training, and resolves when they have ended (before Forget everything). */
  settle(): Promise<void> {
    return this.call('settle', (a) => a.settle(), { long: true });
  }

  // ── export (issue 13 "Take it away")
  /** SHA-256 (hex) of the active model's weight data as tfjs saves it, and how many bytes that is (worker/weightsHash.ts). */
  weightsSha256(): Promise<WeightsHash> {
    return this.call('weightsSha256', (a) => a.weightsSha256(), { long: true });
  }

  // ── Pointing game and agreement (issue 13, "pointing" part). The maps are copied (the page keeps showing them).
  /** Scores each map against the reference region, rasterised on the map's grid over `box` (the model's crop box). */
  referenceScores(maps: MapToScore[], region: ReferenceRegion, box: PixelBox): Promise<ReferenceScoring> {
    return this.call('referenceScores', (a) => a.referenceScores(maps, region, box));
  }
  /** Spearman ρ and top-`fraction` IoU between every pair of maps. */
  agreement(maps: { name: string; values: Float32Array }[], fraction: number): Promise<AgreementMatrix> {
    return this.call('agreement', (a) => a.agreement(maps, fraction));
  }

  // ── insides (issue 17): the layer graph, a layer's activations for an image, the first filters
  modelGraph(): Promise<ModelGraph> {
    return this.call('modelGraph', (a) => a.modelGraph());
  }
  /** Feature maps of `layer` for a loaded image, with each channel's Grad-CAM weight for `target` (null: none). */
  layerActivations(imageId: string, layer: string, target: number | null): Promise<LayerActivations> {
    return this.call('layerActivations', (a) => a.layerActivations(imageId, layer, target), { long: true });
  }
  firstConvFilters(): Promise<FilterPatches | null> {
    return this.call('firstConvFilters', (a) => a.firstConvFilters());
  }

  // ── classviews (issue 17): the images that excite a channel most; class views over a run's validation set
  /** The `top` stored images with the highest mean activation of `channel` in `layer` (engine.ts channelGallery). */
  channelGallery(layer: string, channel: number, top: number, onProgress?: (p: Progress) => void, only?: readonly string[]): Promise<ChannelGallery> {
    const progress = Comlink.proxy((p: Progress) => {
      this.sup.sawLife();
      onProgress?.(p);
    });
    return this.call('channelGallery', (a) => a.channelGallery(layer, channel, top, progress, only ? [...only] : undefined), { long: true, arg: layer }).finally(() => this.sup.progressEnded());
  }
  /** Mean Grad-CAM per class, prototypes and least typical images over a studio run's validation images (engine.ts classViews). */
  classViews(req: ClassViewsRequest, onProgress?: (p: Progress) => void): Promise<ClassViews> {
    const progress = Comlink.proxy((p: Progress) => {
      this.sup.sawLife();
      onProgress?.(p);
    });
    return this.call('classViews', (a) => a.classViews(req, progress), { long: true, arg: `${req.items.length} images` }).finally(() => this.sup.progressEnded());
  }

  // ── baselines (issue 17 "Models that explain themselves"): trained with train({ …, baselines: true }),
  // reported in its outcome; this explains a stored image with each of them.
  /** A stored image explained by each baseline of the last run for class `target` (logistic, tree, MLP). */
  explainBaselines(imageId: string, target: number): Promise<BaselineExplanation> {
    return this.call('explainBaselines', (a) => a.explainBaselines(imageId, target));
  }

  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.call('memory', (a) => a.memory());
  }

  // ── Batch (issue 13 "Batch"; engine side in worker/batch.ts). A batch is one call that hands out a row
  // per image as it is done; the view's explanations run between its images.

  /**
   * Explains every item with one method in the background. `onRow` hears each image's row as it is done;
   * the promise says how the batch ended (finished, stopped by stopBatch, cancelled by a model change or
   * Forget everything). Rejects with a UserError before any image for an unknown or incompatible method
   * or invalid options, and when the engine stops under it (the rows already heard stay valid).
   */
  runBatch(req: BatchRequest, onRow: (row: BatchRow) => void): Promise<BatchOutcome> {
    const rows = Comlink.proxy((row: BatchRow) => {
      this.sup.sawLife();
      onRow(row);
    });
    return this.call('runBatch', (a) => a.runBatch(req, rows), { arg: `${req.items.length} images` }).finally(() => this.sup.progressEnded());
  }

  /** Stops a batch: the image being computed gives no row, the rows done stay. */
  stopBatch(batchId: string): Promise<void> {
    return this.call('stopBatch', (a) => a.stopBatch(batchId), { now: true });
  }

  // ── Clinical images (issue 14, dicom-engine): window/level, invert, frame; values; identifying tags.

  /**
   * Changes how a DICOM/TIFF/16-bit PNG image is shown and fed to the model (window in modality units,
   * invert, 0-based frame); resolves with its new ImageInfo (new preview, thumbnail and clinical). The next
   * predict/explain of the image uses the new 8-bit image: the caller drops results computed before.
   */
  setDisplay(imageId: string, display: Partial<DisplaySettings>): Promise<ImageInfo> {
    return this.call('setDisplay', (a) => a.setDisplay(imageId, display));
  }

  /** Value(s) under image pixel (x, y) of the current frame: [modality value] (HU for CT) or [R, G, B]; null outside. */
  pixelValue(imageId: string, x: number, y: number): Promise<number[] | null> {
    return this.call('pixelValue', (a) => a.pixelValue(imageId, x, y));
  }

  /** Identifying tags (patient name, ID, dates…), only for the person's explicit request; never store or export them. */
  identifyingTags(imageId: string): Promise<ShownTag[]> {
    return this.call('identifyingTags', (a) => a.identifyingTags(imageId));
  }

  // ── Restoring after a restart (used through restoring())

  /** Decodes `blob` again and keeps it under the id it had before the restart, shown with `display` (clinical images). */
  restoreImage(id: string, blob: Blob, name: string, display?: DisplaySettings): Promise<ImageInfo> {
    return this.call('restoreImage', (a) => a.restoreImage(id, blob, name, display), { arg: name });
  }

  /** An image known only by its pixels (e.g. a validation image the engine made), under its old id. */
  restoreImagePixels(id: string, pixels: RgbaImage, name: string, trueLabel?: string): Promise<ImageInfo> {
    const copy = { width: pixels.width, height: pixels.height, data: new Uint8ClampedArray(pixels.data) };
    return this.call('restoreImagePixels', (a) => a.restoreImagePixels(id, Comlink.transfer(copy, [copy.data.buffer]), name, trueLabel), { arg: name });
  }

  /** The demo gallery, each image under its old id (ids in demoImages() order). */
  restoreDemoImages(ids: string[]): Promise<ImageInfo[]> {
    return this.call('restoreDemoImages', (a) => a.restoreDemoImages(ids));
  }

  // ── Training and the model library. Errors the person can act on arrive as UserError (shared/errors.ts).

  private changed(change: ModelChange, how: Extract<JournalEvent, { type: 'model-changed' }>['how'], files?: ModelFile[]): void {
    this.sup.noteBackend(change.backend.active);
    this.emit({ type: 'model-changed', change, how, files, restoring: this.now });
  }

  currentModel(): Promise<ModelChange> {
    return this.call('currentModel', (a) => a.currentModel());
  }

  trainingDefaults(): Promise<TrainingSettings> {
    return this.call('trainingDefaults', (a) => a.trainingDefaults());
  }

  /** Decodes an image in the worker and keeps it for training, in the class `classId`. */
  async addTrainingImage(classId: string, file: Blob, name: string): Promise<TrainingImageInfo> {
    const info = await this.call('addTrainingImage', (a) => a.addTrainingImage(classId, file, name), { arg: name, stopped: fileStopped(name, 'addedToClass') });
    this.emit({ type: 'training-image-added', info, blob: file, name });
    return info;
  }

  /** The built-in synthetic set; `variant` (teach): difficulty and the shortcut marker, default the original set. */
  async addSyntheticTrainingSet(classIds: string[], perClass: number, size: number, variant?: SyntheticVariant): Promise<TrainingImageInfo[]> {
    const images = await this.call('addSyntheticTrainingSet', (a) => a.addSyntheticTrainingSet(classIds, perClass, size, variant));
    this.emit({ type: 'training-synthetic', classIds, perClass, size, variant, images });
    return images;
  }

  removeTrainingImages(ids: string[]): Promise<void> {
    this.emit({ type: 'training-images-removed', ids });
    return this.call('removeTrainingImages', (a) => a.removeTrainingImages(ids));
  }

  removeTrainingClass(classId: string): Promise<void> {
    this.emit({ type: 'training-class-removed', classId });
    return this.call('removeTrainingClass', (a) => a.removeTrainingClass(classId));
  }

  /** Trains in the worker; `onProgress` hears every batch. stopTraining() ends it and keeps the best weights. */
  async train(req: TrainingRequest, onProgress?: (p: TrainingProgress) => void): Promise<TrainingOutcome> {
    const outcome = await this.call('train', (a) => a.train(req, onProgress ? Comlink.proxy(onProgress) : undefined), {
      long: true,
      stopped: (loss, next) => new UserError(t('engine:trainingStopped.title'), t('engine:trainingStopped.detail', { reason: loss.detail }), t('engine:trainingStopped.action', { backend: backendLabel(next) })),
    });
    this.changed(outcome.change, 'trained');
    return outcome;
  }

  stopTraining(): Promise<void> {
    return this.call('stopTraining', (a) => a.stopTraining(), { now: true });
  }

  listModels(): Promise<SavedModelEntry[]> {
    return this.call('listModels', (a) => a.listModels());
  }

  async saveModel(name?: string): Promise<{ entries: SavedModelEntry[]; change: ModelChange }> {
    const r = await this.call('saveModel', (a) => a.saveModel(name), { long: true });
    this.changed(r.change, 'saved');
    return r;
  }

  async loadSavedModel(id: string): Promise<ModelChange> {
    const change = await this.call('loadSavedModel', (a) => a.loadSavedModel(id), { long: true });
    this.changed(change, 'saved');
    return change;
  }

  async deleteModel(id: string): Promise<{ entries: SavedModelEntry[]; change: ModelChange | null }> {
    const r = await this.call('deleteModel', (a) => a.deleteModel(id));
    if (r.change) this.changed(r.change, 'updated');
    return r;
  }

  async renameModel(id: string, name: string): Promise<{ entries: SavedModelEntry[]; change: ModelChange | null }> {
    const r = await this.call('renameModel', (a) => a.renameModel(id, name));
    if (r.change) this.changed(r.change, 'saved');
    return r;
  }

  /** model.json, weights and metadata.json of a saved model (or the active one, id null); the bytes are transferred. */
  exportModel(id: string | null): Promise<DownloadFile[]> {
    return this.call('exportModel', (a) => a.exportModel(id), { long: true });
  }

  /** Validates and loads a model someone has; a broken one is refused with a UserError and changes nothing. */
  async loadModelFiles(files: ModelFile[], nameHint?: string): Promise<ModelChange> {
    const change = await this.call('loadModelFiles', (a) => a.loadModelFiles(files, nameHint), { long: true });
    this.changed(change, 'files', files);
    return change;
  }

  async updateModel(patch: MetadataPatch): Promise<{ change: ModelChange; entries: SavedModelEntry[] | null }> {
    const r = await this.call('updateModel', (a) => a.updateModel(patch), { long: true });
    this.changed(r.change, r.change.origin.libraryId ? 'saved' : 'updated');
    return r;
  }

  async loadDemoModel(): Promise<ModelChange> {
    const change = await this.call('loadDemoModel', (a) => a.loadDemoModel(), { long: true });
    this.changed(change, 'demo');
    return change;
  }

  // ── Intake (issue 14): transparent images' background.

  /** Composites transparent images over `bg` from now on; returns the images whose previews changed. */
  setImageBackground(bg: ImageBackground): Promise<ImageInfo[]> {
    return this.call('setImageBackground', (a) => a.setImageBackground(bg));
  }

  // ── i18n (issue 16 "Two languages", engine side)

  /**
   * Tells the engine the page's language: its messages from now on come in it (errors already shown keep
   * theirs). The method list in the new language: currentModel().methods. A restarted engine is started in
   * the page's language of the moment (currentLanguage(), see the constructor).
   */
  async setLanguage(lang: Language): Promise<void> {
    await this.call('setLanguage', (a) => a.setLanguage(lang));
  }

  terminate(): void {
    this.helpers?.stop();
    this.sup.dispose();
  }

  // ── pool (issue 15 §1, "Every core"): helper engines for the sampling methods (poolPage.ts, pool.ts).
  private readonly helpers: PageHelpers | null;
  private poolWasm: Record<string, string> | undefined;
  private poolStarted: Promise<number> = Promise.resolve(0);

  private startPool(api: Comlink.Remote<Engine>, wasmPaths?: Record<string, string>): Promise<number> {
    this.poolWasm = wasmPaths;
    if (!this.helpers) return Promise.resolve(0);
    const helpers = this.helpers;
    this.poolStarted = this.poolStarted.catch(() => 0).then(() =>
      helpers.start(api, { wasmPaths, chosen: readPoolSetting() }).catch((e) => {
        console.warn('[glassbox] the engine pool did not start; explanations run on one engine', e);
        return 0;
      }),
    );
    return this.poolStarted;
  }

  /** The largest pool size offered: every core but the primary's (at least 1). */
  /** Helpers 'automatic' starts on this machine (none below AUTO_MIN_CORES cores). */
  poolAuto(): number {
    return autoHelpers();
  }
  poolChoices(): number {
    return poolChoices();
  }

  /** The remembered pool size ('auto' or a count, 0 = off). */
  poolSetting(): PoolSetting {
    return readPoolSetting();
  }

  /** Remembers the pool size and restarts the helpers with it; resolves with how many were started. */
  setPoolSize(v: PoolSetting): Promise<number> {
    writePoolSetting(v);
    return this.call('setPoolSize', (a) => this.startPool(a, this.poolWasm));
  }

  /** Helpers alive, holding the active model, and lost. */
  poolStatus(): Promise<{ helpers: number; ready: number; lost: number }> {
    return this.call('poolStatus', (a) => a.poolStatus());
  }

  // ── Test hooks for the e2e journeys (recoveryController installs them as window.__glassboxTest when the
  // page's address has ?test-hooks). They only make the engine fail as real failures do.

  /** Ways to break the current engine worker; null while none is running. */
  testHooks() {
    const sup = this.sup;
    return {
      /** worker.terminate() behind the supervisor's back: it learns of the death as of a crash. */
      terminate: () => sup.testHandles()?.worker.terminate(),
      /** The worker closes itself (self.close()) after answering. */
      closeFromInside: () => void sup.testHandles()?.api.testClose(),
      /** Blocks the worker's thread for `ms` (Infinity: for good). */
      hang: (ms: number) => void sup.testHandles()?.api.testHang(ms),
      /** WEBGL_lose_context.loseContext() on the engine's canvas; resolves false when not on WebGL. */
      loseContext: async () => Boolean(await sup.testHandles()?.api.testLoseContext()),
      setTiming: (t: Partial<SupervisorTiming>) => sup.setTiming(t),
      backend: () => sup.backend,
    };
  }
}
