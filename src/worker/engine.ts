// The engine that lives in the worker: backend, model, images, explanations. Everything it returns is
// plain data from src/shared; tensors never leave this file's module graph.

import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { attributionTransferables, progressTransferables } from '../shared/types';
import type {
  Attribution, BackendName, BackendReport, ImageInfo, MethodDescriptor, ModelSummary, OptionValues, Prediction, Progress, RgbaImage,
} from '../shared/types';
import { chooseBackend, switchBackend } from '../core/backend/ladder';
import { fetchModelFiles, loadLayersModelFromFiles, saveLayersModelToFiles } from '../core/model/io';
import { LoadedModel } from '../core/model/loaded';
import { describeMethods, getMethod } from '../core/explain/registry';
import { validateOptions } from '../core/explain/types';
import { batchSizeFor } from '../core/explain/batching';
import { SPLIT_SEEDS, SYNTHETIC_LABELS, syntheticSample } from '../core/data/synthetic';
import { previewAndThumb } from '../core/image/thumbnails';
import { decodeBlob } from '../core/image/decode';
import { Trainer, type ModelHost } from './training';
import { ModelShelf, type GivenFile } from './library';
import { UserError } from '../shared/errors';
import { BACKEND_ORDER } from '../shared/types';
import { ContextWatch, busyWait, closeSoon, holdLifeLock, loseWebGlContext, type ContextLoss, type EngineVitals } from './health';
import type { CancelReason } from '../shared/jobs';
import { JobQueue, type JobKind } from './jobs';
import type { MetadataPatch, ModelChange, ModelOrigin, TrainingImageInfo, TrainingOutcome, TrainingProgress, TrainingRequest, TrainingSettings } from '../shared/training';
import { groundTruthRegion, type MapToScore, type PixelBox, type ReferenceRegion, type ReferenceScoring } from '../shared/region';
import { agreementOf, scoreAgainstRegion, type AgreementMatrix } from './reference';

export interface InitOptions {
  wasmPaths: Record<string, string>;
  /** Where the demo model's files are: absolute URLs by file name, else `base` + name. */
  demoModel: { base: string; files: Record<string, string> };
  /**
   * Backends to try, in ladder order. Absent: all of them. A restart after a failure passes those below
   * the backend that failed (supervisor.ts, backendsAfter), so the engine does not start on it again.
   */
  backends?: BackendName[];
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
}

/** What a queued explanation tells the person it waits for (the job ahead is not ending on its own). */
const WAITING: Record<JobKind, string> = {
  explain: 'waiting for another explanation',
  predict: 'waiting for a prediction',
  swap: 'waiting for the model to change',
  train: 'waiting for training to finish',
};

interface StoredImage {
  info: ImageInfo;
  pixels: RgbaImage;
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
    if (this.jobs.has('train')) throw new UserError('Training is running', 'The backend cannot change while a model trains on it.', 'Wait for training to finish, or stop it, then switch.');
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
  private store(pixels: RgbaImage, name: string, source: ImageInfo['source'], trueLabel?: string, id = `img${this.nextId++}`): ImageInfo {
    const n = /^img(\d+)$/.exec(id);
    if (n) this.nextId = Math.max(this.nextId, Number(n[1]) + 1);
    const info: ImageInfo = { id, name, width: pixels.width, height: pixels.height, ...previewAndThumb(pixels), source, trueLabel };
    this.images.set(id, { info, pixels });
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
    const info = this.store(await decodeBlob(blob, name), name, 'user');
    return Comlink.transfer(info, [info.preview.data.buffer, ...(info.thumb ? [info.thumb.data.buffer] : [])]);
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
        return { probabilities, labels: m.meta.labels, top };
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
    const wait = (behind: JobKind) => onProgress?.({ done: 0, total: 0, stage: WAITING[behind] });
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
        const a = await method.explain({ model: m.model, info: m.info, preprocessing: m.meta.preprocessing, onProgress: progress, signal, batchSize }, x, req.target, opts);
        if (a.run.cancelled) a.run.cancelReason = signal.reason ?? 'stopped';
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
    return this.trainer.add(classId, await decodeBlob(blob, name), name);
  }
  addSyntheticTrainingSet(classIds: string[], perClass: number, size: number): TrainingImageInfo[] {
    return this.trainer.addSynthetic(classIds, perClass, size);
  }
  removeTrainingImages(ids: string[]): void {
    this.trainer.remove(ids);
  }
  removeTrainingClass(classId: string): void {
    this.trainer.removeClass(classId);
  }
  /** Trains once running explanations and predictions have been cancelled and have ended; they wait for it. */
  train(req: TrainingRequest, onProgress?: (p: TrainingProgress) => void): Promise<TrainingOutcome> {
    if (this.jobs.has('train')) return Promise.reject(new UserError('Training is already running', 'One model trains at a time.', 'Wait for it to finish, or press Stop.'));
    return this.jobs.exclusive('train', () => this.trainer.train(req, onProgress));
  }
  /** A model swap: refused while training (it would wait minutes), else after cancelling running jobs. */
  /**
   * Cancels every explanation and prediction, running or queued, stops a training run, and resolves when
   * they have all ended: "Forget everything" calls it before removing what they read.
   */
  settle(): Promise<void> {
    if (this.jobs.has('train')) this.trainer.stop();
    return this.jobs.exclusive('swap', async () => undefined);
  }

  private swap<T>(fn: () => Promise<T>): Promise<T> {
    if (this.jobs.has('train')) return Promise.reject(new UserError('Training is running', 'The active model cannot change while a model trains.', 'Wait for training to finish, or stop it, then load the model.'));
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

  /** Decodes an image the page still has and keeps it under its old `id` (after a restart). */
  async restoreImage(id: string, blob: Blob, name: string): Promise<ImageInfo> {
    return this.store(await decodeBlob(blob, name), name, 'user', undefined, id);
  }

  /** An image the page has only as pixels (e.g. a validation image the engine made), kept under `id`. */
  restoreImagePixels(id: string, pixels: RgbaImage, name: string, trueLabel?: string): ImageInfo {
    return this.store(pixels, name, 'user', trueLabel, id);
  }

  /** The demo gallery again, each image under the id it had: ids[k] for demoImages()'s k-th image. */
  restoreDemoImages(ids: string[]): ImageInfo[] {
    return ids.map((id, k) => this.demoImage(k, id));
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
