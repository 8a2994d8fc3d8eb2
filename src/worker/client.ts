// THE boundary the UI calls. The UI never imports from src/core: it talks to the engine in the worker
// through this module, and gets plain data back.

import * as Comlink from 'comlink';
import type { Engine, ExplainRequest, InitResult } from './engine';
import type { Attribution, BackendName, BackendReport, ImageInfo, ModelSummary, Prediction, Progress } from '../shared/types';
import { DEMO_MODEL, WASM_URLS, spawnEngineWorker } from './spawn';
import { installUserErrorTransfer } from '../shared/errors';
import { reasonOfSignal } from '../shared/jobs';

installUserErrorTransfer();
import type { DownloadFile, MetadataPatch, ModelChange, SavedModelEntry, TrainingImageInfo, TrainingOutcome, TrainingProgress, TrainingRequest, TrainingSettings } from '../shared/training';

export type { ExplainRequest, InitResult };

/** Absolute URL (an inline worker has no base of its own to resolve relative ones against). */
function abs(u: string): string {
  return u.startsWith('data:') ? u : new URL(u, document.baseURI).href;
}

export class EngineClient {
  private worker: Worker;
  private api: Comlink.Remote<Engine>;
  private jobSeq = 0;

  constructor() {
    this.worker = spawnEngineWorker();
    this.api = Comlink.wrap<Engine>(this.worker);
  }

  init(): Promise<InitResult> {
    return this.api.init({
      wasmPaths: Object.fromEntries(Object.entries(WASM_URLS).map(([k, v]) => [k, abs(v)])),
      demoModel: { base: DEMO_MODEL.base ? abs(DEMO_MODEL.base) : '', files: Object.fromEntries(Object.entries(DEMO_MODEL.files).map(([k, v]) => [k, abs(v)])) },
    });
  }

  demoImages(perClass = 3): Promise<ImageInfo[]> {
    return this.api.demoImages(perClass);
  }

  /** The file's bytes are transferred to the worker, not copied. */
  addImage(file: Blob, name: string): Promise<ImageInfo> {
    return this.api.addImage(file, name);
  }

  removeImage(id: string): Promise<void> {
    return this.api.removeImage(id);
  }

  predict(imageId: string): Promise<Prediction> {
    return this.api.predict(imageId);
  }

  /**
   * Runs a method. `signal.abort()` is the person's Stop (the engine returns what it has so far, marked
   * cancelled); `abort('superseded')` drops the run (it rejects with JobCancelled, see shared/jobs.ts).
   */
  explain(req: Omit<ExplainRequest, 'jobId'>, opts: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<Attribution> {
    const jobId = `job${++this.jobSeq}`;
    const onAbort = () => void this.api.cancel(jobId, reasonOfSignal(opts.signal!));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const progress = opts.onProgress ? Comlink.proxy(opts.onProgress) : undefined;
    return this.api.explain({ ...req, jobId }, progress).finally(() => opts.signal?.removeEventListener('abort', onAbort));
  }

  setBackend(name: BackendName): Promise<{ backend: BackendReport; model: ModelSummary }> {
    return this.api.setBackend(name);
  }

  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.api.memory();
  }

  // ── Training and the model library. Errors the person can act on arrive as UserError (shared/errors.ts).

  currentModel(): Promise<ModelChange> {
    return this.api.currentModel();
  }

  trainingDefaults(): Promise<TrainingSettings> {
    return this.api.trainingDefaults();
  }

  /** Decodes an image in the worker and keeps it for training, in the class `classId`. */
  addTrainingImage(classId: string, file: Blob, name: string): Promise<TrainingImageInfo> {
    return this.api.addTrainingImage(classId, file, name);
  }

  addSyntheticTrainingSet(classIds: string[], perClass: number, size: number): Promise<TrainingImageInfo[]> {
    return this.api.addSyntheticTrainingSet(classIds, perClass, size);
  }

  removeTrainingImages(ids: string[]): Promise<void> {
    return this.api.removeTrainingImages(ids);
  }

  removeTrainingClass(classId: string): Promise<void> {
    return this.api.removeTrainingClass(classId);
  }

  /** Trains in the worker; `onProgress` hears every batch. stopTraining() ends it and keeps the best weights. */
  train(req: TrainingRequest, onProgress?: (p: TrainingProgress) => void): Promise<TrainingOutcome> {
    return this.api.train(req, onProgress ? Comlink.proxy(onProgress) : undefined);
  }

  stopTraining(): Promise<void> {
    return this.api.stopTraining();
  }

  listModels(): Promise<SavedModelEntry[]> {
    return this.api.listModels();
  }

  saveModel(name?: string): Promise<{ entries: SavedModelEntry[]; change: ModelChange }> {
    return this.api.saveModel(name);
  }

  loadSavedModel(id: string): Promise<ModelChange> {
    return this.api.loadSavedModel(id);
  }

  deleteModel(id: string): Promise<{ entries: SavedModelEntry[]; change: ModelChange | null }> {
    return this.api.deleteModel(id);
  }

  renameModel(id: string, name: string): Promise<{ entries: SavedModelEntry[]; change: ModelChange | null }> {
    return this.api.renameModel(id, name);
  }

  /** model.json, weights and metadata.json of a saved model (or the active one, id null); the bytes are transferred. */
  exportModel(id: string | null): Promise<DownloadFile[]> {
    return this.api.exportModel(id);
  }

  /** Validates and loads a model someone has; a broken one is refused with an EngineError and changes nothing. */
  loadModelFiles(files: { name: string; path?: string; blob: Blob }[], nameHint?: string): Promise<ModelChange> {
    return this.api.loadModelFiles(files, nameHint);
  }

  updateModel(patch: MetadataPatch): Promise<{ change: ModelChange; entries: SavedModelEntry[] | null }> {
    return this.api.updateModel(patch);
  }

  loadDemoModel(): Promise<ModelChange> {
    return this.api.loadDemoModel();
  }

  terminate(): void {
    this.worker.terminate();
  }
}
