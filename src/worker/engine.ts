// The engine that lives in the worker: backend, model, images, explanations. Everything it returns is
// plain data from src/shared; tensors never leave this file's module graph.

import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { attributionTransferables, progressTransferables, scoreOfUnits } from '../shared/types';
import type {
  Attribution, BackendName, BackendReport, ImageInfo, MethodDescriptor, ModelSummary, OptionValues, Prediction, Progress, RgbaImage,
} from '../shared/types';
import { chooseBackend, switchBackend } from '../core/backend/ladder';
import { fetchModelFiles, loadLayersModelFromFiles, saveLayersModelToFiles } from '../core/model/io';
import { LoadedModel } from '../core/model/loaded';
import { setLanguage, t, type Language } from '../shared/i18n';
import { methodText } from '../core/explain/methodText';
import { describeMethods, getMethod } from '../core/explain/registry';
import { validateOptions } from '../core/explain/types';
import { batchSizeFor } from '../core/explain/batching';
import { judgeInput } from '../core/metrics/oodStats';
import { SPLIT_SEEDS, SYNTHETIC_LABELS, syntheticSample } from '../core/data/synthetic';
import { previewAndThumb } from '../core/image/thumbnails';
import { decodeBlob } from '../core/image/decode';
import { compositeOver, isOpaque } from '../core/image/alpha';
import { BACKGROUND_RGB, DEFAULT_IMAGE_BACKGROUND, type ImageBackground } from '../shared/background';
import { configureDicomCodecs } from '../core/image/dicom';
import type { ClinicalView } from '../core/image/clinical';
import type { DisplaySettings, ShownTag } from '../shared/clinical';
import { DisplayLanes, openForStudio } from './clinicalImages';
import { Trainer, type ModelHost } from './training';
import { ModelShelf, type GivenFile } from './library';
import { UserError } from '../shared/errors';
import { BACKEND_ORDER } from '../shared/types';
import { ContextWatch, busyWait, closeSoon, holdLifeLock, loseWebGlContext, type ContextLoss, type EngineVitals } from './health';
import type { CancelReason } from '../shared/jobs';
import { modelWeightsSha256, type WeightsHash } from './weightsHash';
import { JobQueue, type JobKind, type JobSignal } from './jobs';
import { MapMemo, mapKey, measure, sanityCheck, type TrustSubject } from './trust';
import type { SanityFigure, TrustFigures, TrustRequest } from '../shared/trust';
import type { ResultCheck } from '../shared/attribution';
import { BatchRunner } from './batch';
import type { BatchOutcome, BatchRequest, BatchRow } from '../shared/batch';
import type { MetadataPatch, ModelChange, ModelOrigin, TrainingImageInfo, TrainingOutcome, TrainingProgress, TrainingRequest, TrainingSettings, SyntheticVariant } from '../shared/training';
import { groundTruthRegion, type MapToScore, type PixelBox, type ReferenceRegion, type ReferenceScoring } from '../shared/region';
import { agreementOf, scoreAgainstRegion, type AgreementMatrix } from './reference';
import { layerGraph } from '../core/model/layerGraph';
import { firstConvFilters, layerActivations } from '../core/model/activations';
import type { FilterPatches, LayerActivations, ModelGraph } from '../shared/modelGraph';
import type { BaselineExplanation } from '../shared/baselines';
import { EnginePool, dropPoolOnExclusive, poolSize, portEndpoint, serverPortEndpoint, weightsBytesOf } from './pool';
import { servePool } from './poolServer';
import { setBatchPool } from '../core/explain/spread';
import { ChannelRanker, computeClassViews, type ClassViewInput, type Step } from './classViews';
import { classViewTransferables, type ChannelGallery, type ClassViews, type ClassViewsRequest } from '../shared/classViews';

export interface InitOptions {
  wasmPaths: Record<string, string>;
  /** Where the demo model's files are: absolute URLs by file name, else `base` + name. */
  demoModel: { base: string; files: Record<string, string> };
  /**
   * Backends to try, in ladder order. Absent: all of them. A restart after a failure passes those below
   * the backend that failed (supervisor.ts, backendsAfter), so the engine does not start on it again.
   */
  backends?: BackendName[];
  /** i18n: the page's language for the engine's messages (absent: English). A restarted engine gets it again. */
  language?: Language;
}

export interface InitResult {
  /** ms spent choosing the backend and loading the demo model. */
  timings: { backendMs: number; modelMs: number };
  backend: BackendReport;
  model: ModelSummary;
  methods: MethodDescriptor[];
}

export interface ExplainRequest {
  jobId: string;
  imageId: string;
  methodId: string;
  target: number;
  options?: OptionValues;
  /** Requests in one slot replace each other: a new one cancels the running one (default 'view'). */
  slot?: string;
  /** (honest) The class score methods that follow the choice explain: 'probability' (default) or 'logit'. */
  score?: import('../shared/types').ExplainScore;
}

/** What a queued explanation tells the person it waits for (the job ahead is not ending on its own). */
interface StoredImage {
  info: ImageInfo;
  /** What the model is fed: opaque (a transparent image composited over the chosen background; for a clinical image its current windowed frame). */
  pixels: RgbaImage;
  /** A transparent image's decoded pixels, alpha kept, to composite again when the background changes. */
  raw?: RgbaImage;
  /** DICOM, TIFF, 16-bit PNG: the stored values and display settings behind `pixels`. */
  clinical?: ClinicalView;
}

const DEMO_SIZE = 192;

export class Engine {
  private report: BackendReport | null = null;
  private model: LoadedModel | null = null;
  private images = new Map<string, StoredImage>();
  // One compute job at a time (jobs.ts): model swaps cancel and wait for explanations and predictions.
  private readonly jobs = new JobQueue({
    countTensors: () => tf.memory().numTensors,
    onLeak: (job, n) => console.warn(`[glassbox] ${job.label} left ${n} tensor${n === 1 ? '' : 's'} behind`),
  });
  private nextId = 1;

  async init(o: InitOptions): Promise<InitResult> {
    const t0 = performance.now();
    if (o.language) setLanguage(o.language); // i18n
    // The DICOM codecs' .wasm files travel with the tfjs ones (spawn.ts: WASM_URLS, under DICOM_WASM_FILES names).
    configureDicomCodecs(o.wasmPaths);
    this.report = leftOutOnRestart(await chooseBackend({ wasmPaths: o.wasmPaths, candidates: o.backends }), o.backends);
    const t1 = performance.now();
    const files = await fetchModelFiles((name) => o.demoModel.files[name] ?? o.demoModel.base + name);
    if (!files.metadata) throw new Error('The demo model has no metadata.json');
    this.model = new LoadedModel(await loadLayersModelFromFiles(files), { source: 'demo', ...files.metadata });
    this.demoSource = o.demoModel;
    const timings = { backendMs: Math.round(t1 - t0), modelMs: Math.round(performance.now() - t1) };
    return { timings, backend: this.report, model: this.model.summary(this.report.active), methods: describeMethods(this.model.info) };
  }

  private requireModel(): LoadedModel {
    if (!this.model) throw new Error('No model is loaded yet');
    return this.model;
  }

  /** Switches backend once running explanations and predictions have been cancelled and have ended. */
  async setBackend(name: BackendName): Promise<{ backend: BackendReport; model: ModelSummary }> {
    if (!this.report) throw new Error('The engine has not started');
    if (this.jobs.has('train')) throw new UserError(t('engine:training.running'), t('engine:training.backendBusy'), t('engine:training.backendAction'));
    return this.jobs.exclusive('swap', async () => {
      await this.changeBackend(name);
      return { backend: this.report!, model: this.requireModel().summary(this.report!.active) };
    });
  }

  /** The backend switch itself; only inside a job that holds the queue (a swap, or training). */
  private async changeBackend(name: BackendName): Promise<void> {
    if (!this.report) throw new Error('The engine has not started');
    const old = this.requireModel();
    // tfjs moves a tensor's data between backends lazily, and weights that went wasm -> webgpu -> wasm
    // came back wrong (uniform predictions). So serialise the weights on the old backend and build the
    // model afresh on the new one.
    const saved = await saveLayersModelToFiles(old.model);
    const previous = this.report.active;
    this.report = await switchBackend(name, this.report);
    if (this.report.active !== previous) {
      const fresh = await loadLayersModelFromFiles({ modelJson: saved.modelJson, shards: new Map([[saved.shardName, saved.weights]]) });
      this.model = new LoadedModel(fresh, old.meta);
      old.dispose();
    }
  }

  /** `id`: the page's id for an image it restores after a restart (otherwise a new one). */
  private store(pixels: RgbaImage, name: string, source: ImageInfo['source'], trueLabel?: string, id = `img${this.nextId++}`, clinical?: ClinicalView): ImageInfo {
    const n = /^img(\d+)$/.exec(id);
    if (n) this.nextId = Math.max(this.nextId, Number(n[1]) + 1);
    // Transparent pixels: composited over the chosen background, for the model and the previews alike
    // (clinical images are windowed into opaque pixels already).
    const raw = clinical || isOpaque(pixels) ? undefined : pixels;
    const fed = raw ? compositeOver(raw, BACKGROUND_RGB[this.background]) : pixels;
    const size = clinical ? { width: clinical.src.width, height: clinical.src.height } : { width: fed.width, height: fed.height };
    const info: ImageInfo = {
      id, name, ...size, ...previewAndThumb(fed), source, trueLabel,
      ...(raw ? { background: this.background } : {}),
      ...(clinical ? { clinical: clinical.info() } : {}),
    };
    this.images.set(id, { info, pixels: fed, raw, clinical });
    return info;
  }

  /** Built-in demo images: held-out synthetic samples the demo model never trained on. */
  demoImages(perClass = 3): ImageInfo[] {
    const out: ImageInfo[] = [];
    for (let k = 0; k < perClass * SYNTHETIC_LABELS.length; k++) out.push(this.demoImage(k));
    return out;
  }

  /** The k-th demo image (label k mod 3, copy k div 3 + 1), stored under `id` when given. */
  private demoImage(k: number, id?: string): ImageInfo {
    const label = k % SYNTHETIC_LABELS.length;
    const s = syntheticSample(SPLIT_SEEDS.gallery, k, { size: DEMO_SIZE, label });
    const info = this.store(s.image, `demo ${SYNTHETIC_LABELS[label]} ${Math.floor(k / SYNTHETIC_LABELS.length) + 1}`, 'demo', SYNTHETIC_LABELS[label], id);
    // Pointing game (issue 13): where the generator drew the lesion or cyst, the demo image's reference region.
    info.groundTruth = groundTruthRegion(s.mask, s.image.width, s.image.height) ?? undefined;
    return info;
  }

  /** The preview and thumbnail are transferred to the page, not copied (the engine keeps only `pixels`). */
  async addImage(blob: Blob, name: string): Promise<ImageInfo> {
    const { pixels, clinical } = await openForStudio(blob, name);
    return transferInfo(this.store(pixels, name, 'user', undefined, undefined, clinical));
  }

  removeImage(id: string): void {
    this.images.delete(id);
  }

  private image(id: string): StoredImage {
    const img = this.images.get(id);
    if (!img) throw new Error(`Image ${id} is no longer loaded`);
    return img;
  }

  /** Class probabilities of a stored image; waits for the job ahead (a model swap cancels it: JobCancelled). */
  predict(imageId: string): Promise<Prediction> {
    return this.jobs.compute({ kind: 'predict' }, async () => {
      const m = this.requireModel();
      const x = m.inputTensor(this.image(imageId).pixels);
      try {
        const probabilities = await m.probabilities(x);
        let top = 0;
        probabilities.forEach((p, i) => {
          if (p > probabilities[top]) top = i;
        });
        // (honest) Out of distribution: Mahalanobis distance on the penultimate features (Lee et al. 2018).
        const ood = await judgeInput(m, m.meta.ood, x);
        return { probabilities, labels: m.meta.labels, top, ood };
      } finally {
        x.dispose();
      }
    });
  }

  /**
   * Runs a method on a stored image, after the job ahead. A newer request in the same slot, or a model
   * swap, supersedes it (rejects with JobCancelled('superseded'), never a result); cancel(jobId) stops it
   * and it returns its partial result, marked cancelled with cancelReason 'stopped'.
   */
  explain(req: ExplainRequest, onProgress?: (p: Progress) => void): Promise<Attribution> {
    const wait = (behind: JobKind) => onProgress?.({ done: 0, total: 0, stage: t(`engine:waiting.${behind}`) });
    return this.jobs.compute({ id: req.jobId, kind: 'explain', slot: req.slot ?? 'view', label: req.methodId, onWait: wait }, async (signal) => {
      const m = this.requireModel();
      const method = getMethod(req.methodId);
      if (!method.isCompatible(m.info)) throw new Error(`${method.label} cannot run on this model`);
      const opts = validateOptions(method, req.options ?? {});
      const report = onProgress && ((p: Progress) => void (signal.aborted || onProgress(p)));
      const x = m.inputTensor(this.image(req.imageId).pixels);
      try {
        const batchSize = Math.min(batchSizeFor(tf.getBackend() as BackendName, x.size), m.maxBatch);
        // Big arrays move to the page (Comlink.transfer) instead of being copied: the map, the segments, and the running estimates.
        const progress = report && ((p: Progress) => report(Comlink.transfer(p, progressTransferables(p))));
        const display = this.image(req.imageId).clinical?.display;
        await this.poolBefore(m.model, batchSize * x.size * 4);
        const a = await method.explain({ model: m.model, info: m.info, preprocessing: m.meta.preprocessing, onProgress: progress, signal, batchSize, score: req.score }, x, req.target, opts);
        a.run.workers = this.pool.workersUsed();
        // (honest) Every run records the class score its values measure; gradient and CAM methods read the logit.
        if (!a.run.score) {
          const score = scoreOfUnits(a.units);
          if (score) a.run.score = score;
        }
        if (a.run.cancelled) a.run.cancelReason = signal.reason ?? 'stopped';
        this.maps.remember(mapKey(req.imageId, req.methodId, req.target, opts), m, a);
        const shown = this.image(req.imageId).info.background;
        if (shown) a.run.background = shown;
        // The window the model saw is a parameter of the explanation (read when its input was made).
        if (display) a.run.display = display;
        return Comlink.transfer(a, attributionTransferables(a));
      } finally {
        x.dispose();
      }
    });
  }

  /** Cancels an explanation: 'stopped' (the person's Stop, keeps the partial result) or 'superseded'. */
  cancel(jobId: string, reason: CancelReason = 'stopped'): void {
    this.jobs.cancel(jobId, reason);
  }

  // ── Trust figures (issue 13, "Measures of the explanation": the trust part; logic in trust.ts). Each runs
  // as a compute job in slot 'trust', so it never supersedes the view's explanation; the page supersedes it
  // (cancel(jobId, 'superseded')) when a new explanation starts, and a model swap does too.
  private readonly maps = new MapMemo();

  /** The subject of a trust request: the active model, the stored image as input, the method and its options. */
  private trustSubject(req: TrustRequest, signal: JobSignal) {
    const m = this.requireModel();
    const method = getMethod(req.methodId);
    if (!method.isCompatible(m.info)) throw new UserError(t('engine:incompatible.title', { method: methodText(method, 'label') }), t('engine:incompatible.trust'), t('engine:incompatible.action'));
    const options = validateOptions(method, req.options ?? {});
    const input = m.inputTensor(this.image(req.imageId).pixels);
    const batchSize = Math.min(batchSizeFor(tf.getBackend() as BackendName, input.size), m.maxBatch);
    const subject: TrustSubject = { ctx: { model: m.model, info: m.info, preprocessing: m.meta.preprocessing, batchSize, signal }, input, target: req.target, method, options };
    return { m, subject, kept: this.maps.get(mapKey(req.imageId, req.methodId, req.target, options), m) };
  }

  /**
   * Deletion and insertion curves (with a random ranking's) and, for sampled methods, seed stability of
   * the explanation `req` names, measured on the map the engine kept from explain() (made again if it is
   * gone). cancel(jobId) stops it and returns what was measured (partial: true); superseded: JobCancelled.
   */
  trust(req: TrustRequest & { jobId: string }, onProgress?: (p: Progress) => void): Promise<TrustFigures> {
    return this.jobs.compute({ id: req.jobId, kind: 'explain', slot: 'trust', label: `trust figures (${req.methodId})` }, async (signal) => {
      const { subject, kept } = this.trustSubject(req, signal);
      try {
        const r = await measure(subject, { map: kept, score: req.score, signal, onProgress: onProgress && ((p) => void (signal.aborted || onProgress(p))) });
        const { cancelled, ...figures } = r;
        return { key: req.key, ...figures, ...(cancelled ? { partial: true } : {}) };
      } finally {
        subject.input.dispose();
      }
    });
  }

  /** The cascading randomisation sanity check (trust.ts sanityCheck) of the explanation `req` names; cancellable like trust(). */
  sanityCheck(req: TrustRequest & { jobId: string }, onProgress?: (p: Progress) => void): Promise<{ key: string; randomisation: SanityFigure; check: ResultCheck; rule: string; partial: boolean }> {
    return this.jobs.compute({ id: req.jobId, kind: 'explain', slot: 'trust', label: `sanity check (${req.methodId})` }, async (signal) => {
      const { subject } = this.trustSubject(req, signal);
      try {
        const r = await sanityCheck(subject, { signal, onProgress: onProgress && ((p) => void (signal.aborted || onProgress(p))) });
        return { key: req.key, randomisation: r.randomisation, check: r.check, rule: r.rule, partial: r.cancelled };
      } catch (e) {
        if (e instanceof Error && /flat/.test(e.message)) throw new UserError(t('engine:sanityFlat.title'), t('engine:sanityFlat.detail'), t('engine:sanityFlat.action'));
        throw e;
      } finally {
        subject.input.dispose();
      }
    });
  }

  // ── Training and the model library (issue 3). The work lives in training.ts and library.ts; the
  // host below is the one door through which they read or replace the active model.
  private demoSource: InitOptions['demoModel'] | null = null;
  private origin: Pick<ModelOrigin, 'libraryId' | 'warnings'> = { libraryId: null, warnings: [] };
  private serial = 1;
  private readonly host: ModelHost = {
    report: () => {
      if (!this.report) throw new Error('The engine has not started');
      return this.report;
    },
    current: () => ({ model: this.requireModel(), origin: this.origin }),
    describe: () => this.currentModel(),
    demoUrl: (name) => (this.demoSource ? (this.demoSource.files[name] ?? this.demoSource.base + name) : null),
    // Training calls this from inside its own job, which already holds the queue.
    setBackend: (name) => this.changeBackend(name),
    store: (pixels, name, trueLabel) => this.store(pixels, name, 'user', trueLabel),
    adopt: (model, origin) => {
      const old = this.model;
      // Replacing the model frees the old one: only a swap or a training run may, as they hold the queue
      // and so no explanation or prediction is using it.
      const running = this.jobs.running;
      if (old && old.model !== model.model && running !== 'swap' && running !== 'train') throw new Error(`The active model was replaced outside a model swap (${running ?? 'no job'} running)`);
      this.model = model;
      this.origin = origin;
      if (old && old.model !== model.model) {
        old.dispose();
        this.serial++;
      }
      return this.currentModel();
    },
  };
  private readonly trainer = new Trainer(this.host);
  private readonly shelf = new ModelShelf(this.host);

  currentModel(): ModelChange {
    const m = this.requireModel();
    const backend = this.host.report();
    return { model: m.summary(backend.active), methods: describeMethods(m.info), origin: { ...this.origin, metadata: m.meta, serial: this.serial }, backend };
  }
  trainingDefaults(): TrainingSettings {
    return this.trainer.defaults();
  }
  async addTrainingImage(classId: string, blob: Blob, name: string): Promise<TrainingImageInfo> {
    const pixels = await decodeBlob(blob, name);
    return this.trainer.add(classId, isOpaque(pixels) ? pixels : compositeOver(pixels, BACKGROUND_RGB[this.background]), name);
  }
  addSyntheticTrainingSet(classIds: string[], perClass: number, size: number, variant?: SyntheticVariant): TrainingImageInfo[] {
    return this.trainer.addSynthetic(classIds, perClass, size, variant);
  }
  removeTrainingImages(ids: string[]): void {
    this.trainer.remove(ids);
  }
  removeTrainingClass(classId: string): void {
    this.trainer.removeClass(classId);
  }
  /** Trains once running explanations and predictions have been cancelled and have ended; they wait for it. */
  train(req: TrainingRequest, onProgress?: (p: TrainingProgress) => void): Promise<TrainingOutcome> {
    if (this.jobs.has('train')) return Promise.reject(new UserError(t('engine:training.already.title'), t('engine:training.already.detail'), t('engine:training.already.action')));
    return this.jobs.exclusive('train', () => this.trainer.train(req, onProgress));
  }
  /** A model swap: refused while training (it would wait minutes), else after cancelling running jobs. */
  /**
   * Cancels every explanation and prediction, running or queued, stops a training run, and resolves when
   * they have all ended: "Forget everything" calls it before removing what they read.
   */
  settle(): Promise<void> {
    if (this.jobs.has('train')) this.trainer.stop();
    this.batches.cancelAll();
    return this.jobs.exclusive('swap', async () => undefined);
  }

  private swap<T>(fn: () => Promise<T>): Promise<T> {
    if (this.jobs.has('train')) return Promise.reject(new UserError(t('engine:training.running'), t('engine:training.modelBusy'), t('engine:training.modelAction')));
    return this.jobs.exclusive('swap', fn);
  }
  stopTraining(): void {
    this.trainer.stop();
  }
  listModels() {
    return this.shelf.list();
  }
  saveModel(name?: string) {
    return this.shelf.saveCurrent(name);
  }
  loadSavedModel(id: string): Promise<ModelChange> {
    return this.swap(() => this.shelf.loadSaved(id));
  }
  deleteModel(id: string) {
    return this.shelf.remove(id);
  }
  renameModel(id: string, name: string) {
    return this.shelf.rename(id, name);
  }
  exportModel(id: string | null) {
    return this.shelf.exportFiles(id);
  }
  loadModelFiles(files: GivenFile[], nameHint?: string): Promise<ModelChange> {
    return this.swap(() => this.shelf.loadFiles(files, nameHint));
  }
  updateModel(patch: MetadataPatch) {
    return this.shelf.updateCurrent(patch);
  }
  loadDemoModel(): Promise<ModelChange> {
    return this.swap(() => this.shelf.loadDemo());
  }

  // ── export (issue 13 "Take it away"): the fingerprint of the active model's weights for the report.
  /** SHA-256 of the active model's weight data (worker/weightsHash.ts); waits its turn so no model swap disposes it meanwhile. */
  weightsSha256(): Promise<WeightsHash> {
    return this.jobs.compute({ kind: 'predict', slot: 'weights-hash', label: 'weights hash' }, () => modelWeightsSha256(this.requireModel().model));
  }

  // ── Intake (issue 14): the background transparent images are composited over.
  private background: ImageBackground = DEFAULT_IMAGE_BACKGROUND;

  /**
   * Composites every transparent image again over `bg` (and later ones too). Returns the changed images'
   * infos (new previews, transferred); predictions and maps of those images are out of date.
   */
  setImageBackground(bg: ImageBackground): ImageInfo[] {
    if (!(bg in BACKGROUND_RGB)) throw new Error(`Unknown background ${String(bg)}`);
    this.background = bg;
    const changed: ImageInfo[] = [];
    for (const img of this.images.values()) {
      if (!img.raw || img.info.background === bg) continue;
      img.pixels = compositeOver(img.raw, BACKGROUND_RGB[bg]);
      img.info = { ...img.info, ...previewAndThumb(img.pixels), background: bg };
      changed.push(img.info);
    }
    return Comlink.transfer(changed, changed.flatMap((i) => [i.preview.data.buffer, ...(i.thumb ? [i.thumb.data.buffer] : [])]));
  }

  // ── Batch (issue 13 "Batch"): one method over many images in the background. The work lives in
  // batch.ts: one compute job per image in its own slot, so the view's explanations go between images
  // and neither supersedes the other; settle() above cancels it too (cancelAll).
  private readonly batches = new BatchRunner({
    jobs: this.jobs,
    model: () => this.requireModel(),
    pixels: (id) => this.image(id).pixels,
    decode: (file, name) => decodeBlob(file, name),
  });
  /** Runs a batch; `onRow` (a comlink proxy) hears each image's row, its thumbnail transferred. See BatchRunner.run. */
  runBatch(req: BatchRequest, onRow: (row: BatchRow) => void): Promise<BatchOutcome> {
    return this.batches.run(req, (row) => onRow(row.thumb ? Comlink.transfer(row, [row.thumb.data.buffer]) : row));
  }
  /** The person's Stop for a batch: the image being computed gives no row; the rows done stay. */
  stopBatch(batchId: string): void {
    this.batches.stop(batchId);
  }

  // ── Pointing game and agreement (issue 13, "pointing" part): pure scoring in worker/reference.ts.
  /** Pointing game and energy-based pointing of each map against `region` (rasterised over `box` of the image). */
  referenceScores(maps: MapToScore[], region: ReferenceRegion, box: PixelBox): ReferenceScoring {
    return scoreAgainstRegion(maps, region, box);
  }
  /** Spearman ρ and top-`fraction` IoU between every pair of maps. */
  agreement(maps: { name: string; values: Float32Array }[], fraction: number): AgreementMatrix {
    return agreementOf(maps, fraction);
  }

  memory(): { numTensors: number; numBytes: number } {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  }

  // ── Health and recovery (the page supervises the worker: src/worker/supervisor.ts). The page restarts a
  // dead, hung or context-lost engine on the next backend down and hands back, through the methods below,
  // the images it had under their old ids; the model comes back through the ordinary loading calls.
  private readonly context = new ContextWatch();

  /** See health.ts: held until this worker ends, so the page learns of its end the moment it happens. */
  holdLifeLock(name: string): Promise<boolean> {
    return holdLifeLock(name);
  }

  /** The heartbeat: answered between two pieces of work, so a worker that stops answering is stuck or busy. */
  ping(): EngineVitals {
    return { backend: (tf.getBackend() as BackendName | null) ?? null, contextLost: this.context.check() };
  }

  /** `onLoss` (a comlink proxy) hears the moment the active backend's GPU context is lost. */
  watchContext(onLoss: (l: ContextLoss) => void): void {
    this.context.onLoss(onLoss);
  }

  /**
   * Decodes an image the page still has and keeps it under its old `id` (after a restart); a clinical image
   * is shown with `display` (the settings it had), so the model sees what it saw before.
   */
  async restoreImage(id: string, blob: Blob, name: string, display?: DisplaySettings): Promise<ImageInfo> {
    const { pixels, clinical } = await openForStudio(blob, name, display);
    return this.store(pixels, name, 'user', undefined, id, clinical);
  }

  /** An image the page has only as pixels (e.g. a validation image the engine made), kept under `id`. */
  restoreImagePixels(id: string, pixels: RgbaImage, name: string, trueLabel?: string): ImageInfo {
    return this.store(pixels, name, 'user', trueLabel, id);
  }

  /** The demo gallery again, each image under the id it had: ids[k] for demoImages()'s k-th image. */
  restoreDemoImages(ids: string[]): ImageInfo[] {
    return ids.map((id, k) => this.demoImage(k, id));
  }

  // ── Clinical images (issue 14, dicom-engine): window/level, invert and frame; values under the pointer;
  // identifying tags on request. The logic lives in core/image/clinical.ts and worker/clinicalImages.ts.
  private readonly displayLanes = new DisplayLanes();

  private clinicalOf(imageId: string): { stored: StoredImage; view: ClinicalView } {
    const stored = this.image(imageId);
    if (!stored.clinical) throw new UserError(t('engine:noDisplay.title', { name: stored.info.name }), t('engine:noDisplay.detail'), t('engine:noDisplay.action'));
    return { stored, view: stored.clinical };
  }

  /**
   * Changes how a clinical image is shown AND fed to the model (window, invert, frame); the next predict and
   * explain use the new 8-bit image. Changes to one image apply in the order asked.
   * @returns the image's new ImageInfo (preview, thumbnail and clinical replaced; id, name and size unchanged)
   * @throws UserError: not a clinical image; a frame that does not exist; a window that cannot be used
   */
  setDisplay(imageId: string, display: Partial<DisplaySettings>): Promise<ImageInfo> {
    return this.displayLanes.run(imageId, async () => {
      const { stored, view } = this.clinicalOf(imageId);
      await view.setDisplay(display);
      // Removed meanwhile: say so rather than bring it back.
      if (this.images.get(imageId) !== stored) throw new Error(`Image ${imageId} is no longer loaded`);
      const { info: old } = stored;
      const pixels = view.rgba();
      const info: ImageInfo = { ...old, ...previewAndThumb(pixels), clinical: view.info() };
      this.images.set(imageId, { ...stored, info, pixels });
      return transferInfo(info);
    });
  }

  /**
   * The stored value(s) under image pixel (x, y) of the current frame (0-based, the file's pixel grid: x < width,
   * y < height): [value in modality units (HU for CT)] for greyscale, [R, G, B] for colour; null outside the
   * image or for an ordinary 8-bit image.
   */
  pixelValue(imageId: string, x: number, y: number): number[] | null {
    const stored = this.images.get(imageId);
    return stored?.clinical?.valueAt(x, y) ?? null;
  }

  /**
   * The identifying tags of a DICOM image (patient name, ID, birth date, institution, accession, dates…): only
   * for the person's explicit request to see them; never part of ImageInfo, never stored or exported. [] when
   * the file has none or the image is not DICOM.
   */
  identifyingTags(imageId: string): ShownTag[] {
    return this.image(imageId).clinical?.identifyingTags() ?? [];
  }

  // ── i18n (issue 16 "Two languages", engine side)

  /**
   * The page's language for every message the engine makes from now on (UserErrors, refusals, method texts,
   * checks); messages already made keep theirs. Follow with currentModel() for the method list in it.
   */
  async setLanguage(lang: Language): Promise<void> {
    setLanguage(lang);
  }

  // ── pool (issue 15 §1, "Every core"; logic in pool.ts, poolServer.ts and core/explain/spread.ts). The page
  // starts helper engines (more engine workers, spawn.ts) and hands this primary a MessagePort to each;
  // the sampling methods' batches are spread over them, merged in batch order (same seed, same map).
  private readonly pool = new EnginePool({ onLost: (name, why) => console.warn(`[glassbox] ${name} left the engine pool: ${why}`) });
  private poolWasm: Record<string, string> | undefined;
  private poolChosen: number | 'auto' = 'auto';
  private poolCores = 2;
  private readonly poolHooked: void = dropPoolOnExclusive(this.jobs, this.pool, () => void this.poolWarm());

  /** Primary: adds helper engines (ports to engine workers serving servePool), warmed with the active model. */
  attachPool(ports: MessagePort[], o: { wasmPaths?: Record<string, string>; chosen: number | 'auto'; cores: number }): string[] {
    this.poolWasm = o.wasmPaths;
    this.poolChosen = o.chosen;
    this.poolCores = o.cores;
    const names = this.pool.add(ports.map((p) => portEndpoint(p)));
    setBatchPool(this.pool);
    void this.poolWarm();
    return names;
  }

  /** Helper: serves the primary's batches on `port` (this engine never init()s). */
  servePool(port: MessagePort): void {
    servePool(serverPortEndpoint(port));
  }

  /** Primary: the page saw the worker of helper `name` (attachPool's names) fail. */
  poolLost(name: string, why: string): void {
    this.pool.lose(name, why);
  }

  /** Primary: closes every helper (the page starts others when the setting changes). */
  closePool(): void {
    this.pool.close();
  }

  /** Helpers alive, helpers holding the active model, helpers lost. */
  poolStatus(): { helpers: number; ready: number; lost: number } {
    return { helpers: this.pool.size, ready: this.pool.readyCount, lost: this.pool.lostHelpers.length };
  }

  private poolLimit(model: tf.LayersModel, batchBytes: number): number {
    const deviceMemoryGb = (globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined)?.deviceMemory;
    return poolSize({ cores: this.poolCores, deviceMemoryGb, weightsBytes: weightsBytesOf(model), batchBytes, backend: tf.getBackend(), chosen: this.poolChosen });
  }

  /** Gives the helpers the active model (no-op when they hold it or are loading it); never waits for them. */
  private async poolBefore(model: tf.LayersModel, batchBytes: number): Promise<void> {
    this.pool.beginRun();
    if (this.pool.size === 0) return;
    const limit = this.poolLimit(model, batchBytes);
    // Not awaited: helpers take batches as soon as they hold the model; until then the primary computes alone.
    void this.pool.prepare(model, tf.getBackend(), limit, this.poolWasm);
  }

  private async poolWarm(): Promise<void> {
    const m = this.model;
    if (!m || this.pool.size === 0 || this.jobs.running === 'swap' || this.jobs.running === 'train') return;
    const [, H, W, C] = m.info.inputShape;
    const batch = Math.min(batchSizeFor(tf.getBackend() as BackendName, H * W * C), m.maxBatch);
    await this.pool.prepare(m.model, tf.getBackend(), this.poolLimit(m.model, batch * H * W * C * 4), this.poolWasm).catch(() => undefined);
  }

  /** Test hooks (client.ts: window.__glassboxTest). */
  testHang(ms: number): void {
    busyWait(ms);
  }
  testClose(): void {
    closeSoon();
  }
  testLoseContext(): boolean {
    return loseWebGlContext();
  }

  // ── insides (issue 17 "The model's insides"): the layer graph, a layer's activations, the first filters
  /** The active model's layer graph (core/model/layerGraph.ts). */
  modelGraph(): ModelGraph {
    return layerGraph(this.requireModel().model);
  }

  /**
   * A layer's feature maps for a stored image, sorted by mean activation, with each channel's Grad-CAM
   * weight for class `target` (null: none). Runs as a short compute job after the one ahead.
   */
  layerActivations(imageId: string, layer: string, target: number | null): Promise<LayerActivations> {
    return this.jobs.compute({ kind: 'predict' }, async () => {
      const m = this.requireModel();
      const x = m.inputTensor(this.image(imageId).pixels);
      try {
        const a = await layerActivations(m.model, x, layer, target);
        return Comlink.transfer(a, [a.maps.buffer]);
      } finally {
        x.dispose();
      }
    });
  }

  /** The first convolution's filters as RGB patches, or null when the model has none. */
  firstConvFilters(): FilterPatches | null {
    return firstConvFilters(this.requireModel().model);
  }

  // ── classviews (issue 17, "for any channel, the gallery images that excite it most" and the class-level
  // views over a studio run's validation set). The work lives in worker/classViews.ts; each batch runs as a
  // short compute job in its own slot, so explanations go between and a newer request supersedes.
  private readonly ranker = new ChannelRanker();

  private stepIn(slot: string, label: string): Step {
    return (fn) => this.jobs.compute({ kind: 'predict', slot, label }, (signal) => fn(this.requireModel(), signal));
  }

  /**
   * The `top` stored images (the gallery and any validation images) whose mean activation of `channel` in
   * `layer` is highest, with thumbnails; every channel's means are kept per (model, layer), so another
   * channel of the same layer answers at once. See ChannelRanker.rank.
   */
  async channelGallery(layer: string, channel: number, top: number, onProgress?: (p: Progress) => void, only?: readonly string[]): Promise<ChannelGallery> {
    // `only`: the images the page shows (its gallery and the current run's validation images); the store
    // also holds earlier runs' validation images, which would appear twice under the same names.
    const keep = only ? new Set(only) : null;
    const images = new Map([...this.images].filter(([id]) => !keep || keep.has(id)).map(([id, s]) => [id, { name: s.info.name, pixels: s.pixels }]));
    const g = await this.ranker.rank(this.stepIn('channel-gallery', `channel gallery (${layer})`), images, layer, channel, top, onProgress);
    return Comlink.transfer(g, classViewTransferables(g));
  }

  /**
   * Mean Grad-CAM per class and each class's prototypes and least typical images over the validation images
   * of the studio run that made the active model (req.serial must be the active model's). See computeClassViews.
   */
  async classViews(req: ClassViewsRequest, onProgress?: (p: Progress) => void): Promise<ClassViews> {
    if (req.serial !== this.serial) throw new UserError(t('classviews:errors.otherModel.title'), t('classviews:errors.otherModel.detail'), t('classviews:errors.otherModel.action'));
    const found: ClassViewInput[] = [];
    for (const it of req.items) {
      const s = this.images.get(it.imageId);
      if (s) found.push({ imageId: it.imageId, trueLabel: it.trueLabel, image: { name: s.info.name, pixels: s.pixels } });
    }
    if (!found.length) throw new UserError(t('classviews:errors.noImages.title'), t('classviews:errors.noImages.detail'), t('classviews:errors.noImages.action'));
    const v = await computeClassViews(this.stepIn('class-views', 'class views'), req.serial, found, req.items.length - found.length, onProgress);
    return Comlink.transfer(v, classViewTransferables(v));
  }

  // ── baselines (issue 17 "Models that explain themselves"): trained with a run that asks for them
  // (TrainingRequest.baselines; worker/baselines.ts), reported in TrainingOutcome.baselines.
  /**
   * A stored image explained by each baseline of the last training run for class `target`: logistic
   * weight × pixel, the tree's path in words, the MLP's gradient × input. Plain arrays, no tensors.
   * @throws UserError before any run trained baselines, or for a class they do not know
   */
  explainBaselines(imageId: string, target: number): BaselineExplanation {
    return this.trainer.baselines.explain(imageId, this.image(imageId).pixels, target);
  }
}

/** The preview and thumbnail move to the page (the engine keeps only the pixels and the clinical view). */
function transferInfo(info: ImageInfo): ImageInfo {
  return Comlink.transfer(info, [info.preview.data.buffer, ...(info.thumb ? [info.thumb.data.buffer] : [])]);
}

/** Backends left out of a restart's ladder are listed with the reason, so Settings can offer them again. */
export function leftOutOnRestart(report: BackendReport, candidates: BackendName[] | undefined): BackendReport {
  if (!candidates) return report;
  const probes = [...report.probes];
  for (const name of BACKEND_ORDER) {
    if (candidates.includes(name) || probes.some((p) => p.name === name)) continue;
    probes.push({ name, available: false, reason: 'not tried when the engine restarted after it failed on this backend or one below it; choose it to try it again' });
  }
  probes.sort((a, b) => BACKEND_ORDER.indexOf(a.name) - BACKEND_ORDER.indexOf(b.name));
  return { ...report, probes };
}
