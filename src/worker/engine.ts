// The engine that lives in the worker: backend, model, images, explanations. Everything it returns is
// plain data from src/shared; tensors never leave this file's module graph.

import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
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
import type { MetadataPatch, ModelChange, ModelOrigin, TrainingImageInfo, TrainingOutcome, TrainingProgress, TrainingRequest, TrainingSettings } from '../shared/training';

export interface InitOptions {
  wasmPaths: Record<string, string>;
  /** Where the demo model's files are: absolute URLs by file name, else `base` + name. */
  demoModel: { base: string; files: Record<string, string> };
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
}

interface StoredImage {
  info: ImageInfo;
  pixels: RgbaImage;
}

const DEMO_SIZE = 192;

export class Engine {
  private report: BackendReport | null = null;
  private model: LoadedModel | null = null;
  private images = new Map<string, StoredImage>();
  private jobs = new Map<string, { aborted: boolean }>();
  private nextId = 1;

  async init(o: InitOptions): Promise<InitResult> {
    const t0 = performance.now();
    this.report = await chooseBackend({ wasmPaths: o.wasmPaths });
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

  async setBackend(name: BackendName): Promise<{ backend: BackendReport; model: ModelSummary }> {
    if (!this.report) throw new Error('The engine has not started');
    if (this.trainer.training) throw new UserError('Training is running', 'The backend cannot change while a model trains on it.', 'Wait for training to finish, or stop it, then switch.');
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
    return { backend: this.report, model: this.requireModel().summary(this.report.active) };
  }

  private store(pixels: RgbaImage, name: string, source: ImageInfo['source'], trueLabel?: string): ImageInfo {
    const id = `img${this.nextId++}`;
    const info: ImageInfo = { id, name, width: pixels.width, height: pixels.height, ...previewAndThumb(pixels), source, trueLabel };
    this.images.set(id, { info, pixels });
    return info;
  }

  /** Built-in demo images: held-out synthetic samples the demo model never trained on. */
  demoImages(perClass = 3): ImageInfo[] {
    const out: ImageInfo[] = [];
    for (let i = 0; i < perClass; i++) {
      for (let label = 0; label < SYNTHETIC_LABELS.length; label++) {
        const s = syntheticSample(SPLIT_SEEDS.gallery, i * SYNTHETIC_LABELS.length + label, { size: DEMO_SIZE, label });
        out.push(this.store(s.image, `demo ${SYNTHETIC_LABELS[label]} ${i + 1}`, 'demo', SYNTHETIC_LABELS[label]));
      }
    }
    return out;
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

  async predict(imageId: string): Promise<Prediction> {
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
  }

  async explain(req: ExplainRequest, onProgress?: (p: Progress) => void): Promise<Attribution> {
    const m = this.requireModel();
    const method = getMethod(req.methodId);
    if (!method.isCompatible(m.info)) throw new Error(`${method.label} cannot run on this model`);
    const opts = validateOptions(method, req.options ?? {});
    const signal = { aborted: false };
    this.jobs.set(req.jobId, signal);
    const before = tf.memory().numTensors;
    const x = m.inputTensor(this.image(req.imageId).pixels);
    try {
      const t0 = performance.now();
      const batchSize = batchSizeFor(tf.getBackend() as BackendName, x.size);
      const a = await method.explain({ model: m.model, info: m.info, preprocessing: m.meta.preprocessing, onProgress, signal, batchSize }, x, req.target, opts);
      a.meta.batchSize = batchSize;
      a.meta.ms = Math.round(performance.now() - t0);
      a.meta.backend = tf.getBackend();
      return a;
    } finally {
      x.dispose();
      this.jobs.delete(req.jobId);
      const leaked = tf.memory().numTensors - before;
      if (leaked > 0) console.warn(`[glassbox] ${req.methodId} left ${leaked} tensors behind`);
    }
  }

  cancel(jobId: string): void {
    const j = this.jobs.get(jobId);
    if (j) j.aborted = true;
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
    setBackend: (name) => this.setBackend(name),
    store: (pixels, name, trueLabel) => this.store(pixels, name, 'user', trueLabel),
    adopt: (model, origin) => {
      const old = this.model;
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
  train(req: TrainingRequest, onProgress?: (p: TrainingProgress) => void): Promise<TrainingOutcome> {
    return this.trainer.train(req, onProgress);
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
    return this.shelf.loadSaved(id);
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
    return this.shelf.loadFiles(files, nameHint);
  }
  updateModel(patch: MetadataPatch) {
    return this.shelf.updateCurrent(patch);
  }
  loadDemoModel(): Promise<ModelChange> {
    return this.shelf.loadDemo();
  }

  memory(): { numTensors: number; numBytes: number } {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  }
}
