// Test-only: an engine worker without TensorFlow.js, for Node tests of supervision and recovery. Each
// "worker" is a fake engine exposed over comlink on a MessageChannel, with a Web Lock manager that
// releases a worker's locks when it ends, as browsers do. The engine's answers are computed from what it
// was given (an image's "pixels" are its bytes, the prediction's top class is read from them), so a test
// can tell whether an image really came back under its old id.

import * as Comlink from 'comlink';
import type { LocksLike, WorkerLike } from './supervisor';
import type { Attribution, BackendName, BackendReport, ImageInfo, MethodDescriptor, ModelSummary, Prediction, RgbaImage } from '../shared/types';
import type { DownloadFile, ModelChange, TrainingImageInfo } from '../shared/training';
import { BACKEND_ORDER } from '../shared/types';
import type { ContextLoss, EngineVitals } from './health';

/** An exclusive Web Lock manager whose locks are freed when the holder's callback promise settles. */
export class FakeLocks implements LocksLike {
  private held = new Set<string>();
  private queues = new Map<string, (() => void)[]>();

  request(name: string, callback: () => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const run = () => {
        this.held.add(name);
        let r: unknown;
        try {
          r = callback();
        } catch (e) {
          this.release(name);
          reject(e);
          return;
        }
        Promise.resolve(r).then(
          (v) => {
            this.release(name);
            resolve(v);
          },
          (e) => {
            this.release(name);
            reject(e);
          },
        );
      };
      if (this.held.has(name)) {
        const q = this.queues.get(name) ?? [];
        q.push(run);
        this.queues.set(name, q);
      } else run();
    });
  }

  private release(name: string): void {
    this.held.delete(name);
    this.queues.get(name)?.shift()?.();
  }
}

const LABELS = ['normal', 'lesion', 'cyst'];
const METHODS: MethodDescriptor[] = [
  { id: 'gradcam', label: 'Grad-CAM', summary: '', about: '', kind: 'cam', signed: false, defaultOptions: {}, options: [], compatible: true, openByDefault: true, compareByDefault: true },
  { id: 'lime', label: 'LIME', summary: '', about: '', kind: 'perturbation', signed: true, defaultOptions: {}, options: [], compatible: true, openByDefault: false, compareByDefault: true },
];

/** What every fake engine of one test shares: the "IndexedDB" library, and switches that break workers. */
export interface FakeWorld {
  locks: FakeLocks;
  /** Saved models by id (survives workers, as IndexedDB does). */
  library: Map<string, string>;
  /** Every engine started, in order (engines[0] is the first worker). */
  engines: FakeEngine[];
  /** The backend the ladder picks among the candidates it is given (default: the first). */
  pick?: (candidates: BackendName[]) => BackendName;
  /** ms each explain runs (progress every 10 ms); Infinity: until cancelled or the worker dies. */
  explainMs: number;
  /** ms an image takes to decode. */
  decodeMs: number;
  /** Makes the next engines' init fail (no backend could start). */
  initFails?: boolean;
  /** The next worker's script does not load: it never answers and fires 'error' (then the flag clears). */
  brokenScript?: boolean;
  /** Called as an engine restores an image (a test can kill that engine mid-restore). */
  onRestoreImage?: (engine: FakeEngine) => void;
}

export function fakeWorld(o: Partial<FakeWorld> = {}): FakeWorld {
  return { locks: new FakeLocks(), library: new Map(), engines: [], explainMs: 30, decodeMs: 0, ...o };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The text an image's "pixels" hold: the top class is the label named in it ("a lesion"). */
function classOf(text: string): number {
  const i = LABELS.findIndex((l) => text.includes(l));
  return i < 0 ? 0 : i;
}

export class FakeEngine {
  backend: BackendName | null = null;
  initBackends: BackendName[] | undefined;
  images = new Map<string, { info: ImageInfo; text: string }>();
  training = new Map<string, TrainingImageInfo>();
  model = { name: 'Demo', libraryId: null as string | null, serial: 1 };
  /** Pings (and everything else) go unanswered. */
  hung = false;
  contextLost: ContextLoss | null = null;
  alive = true;
  private onLoss: ((l: ContextLoss) => void) | null = null;
  private releaseLife: (() => void) | null = null;
  private nextId = 1;
  private tseq = 1;
  private jobs = new Map<string, { aborted: boolean }>();

  constructor(private readonly world: FakeWorld) {}

  private async gate(): Promise<void> {
    while (this.hung) await sleep(5);
  }

  holdLifeLock(name: string): Promise<boolean> {
    return new Promise((resolve) => {
      void this.world.locks.request(name, () => {
        resolve(true);
        return new Promise<void>((r) => (this.releaseLife = r));
      });
    });
  }

  /** The worker ends: its lock goes, as a browser frees a terminated worker's locks. */
  end(): void {
    this.alive = false;
    this.releaseLife?.();
  }

  async ping(): Promise<EngineVitals> {
    await this.gate();
    return { backend: this.backend, contextLost: this.contextLost };
  }

  watchContext(cb: (l: ContextLoss) => void): void {
    this.onLoss = cb;
  }

  /** Test switch: the GPU context goes (reported through the callback, as webglcontextlost is). */
  loseContext(report = true): void {
    this.contextLost = { backend: this.backend ?? 'webgl', detail: 'the browser dropped the WebGL context (webglcontextlost)' };
    if (report) this.onLoss?.(this.contextLost);
  }

  private report(): BackendReport {
    return { active: this.backend!, chosenBy: 'measured', probes: (this.initBackends ?? [...BACKEND_ORDER]).map((name) => ({ name, available: true })) };
  }

  private summary(): ModelSummary {
    return { name: this.model.name, labels: LABELS, inputShape: [1, 64, 64, 3], preprocessing: { width: 64, height: 64, channels: 3, resize: 'stretch', scale: 'zeroOne' }, layers: [], convLayers: [], camLayers: [], defaultCamLayer: null, params: 1, backend: this.backend! };
  }

  currentModel(): ModelChange {
    const s = this.summary();
    return { model: s, methods: METHODS, origin: { libraryId: this.model.libraryId, metadata: { name: this.model.name, labels: LABELS, preprocessing: s.preprocessing }, warnings: [], serial: this.model.serial }, backend: this.report() };
  }

  /** i18n: the fake engine's messages are English only; it records the language it was told. */
  language = 'en';
  async setLanguage(lang: string): Promise<void> {
    this.language = lang;
  }

  async init(o: { backends?: BackendName[]; language?: string }): Promise<unknown> {
    if (o.language) this.language = o.language;
    await this.gate();
    await sleep(5);
    if (this.world.initFails) throw new Error('No TensorFlow.js backend could start: every one failed');
    this.initBackends = o.backends;
    const candidates = o.backends ?? [...BACKEND_ORDER];
    this.backend = this.world.pick ? this.world.pick(candidates) : candidates[0];
    return { timings: { backendMs: 1, modelMs: 1 }, backend: this.report(), model: this.summary(), methods: METHODS };
  }

  private store(text: string, name: string, source: ImageInfo['source'], id = `img${this.nextId++}`): ImageInfo {
    const n = /^img(\d+)$/.exec(id);
    if (n) this.nextId = Math.max(this.nextId, Number(n[1]) + 1);
    const preview: RgbaImage = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
    const info: ImageInfo = { id, name, width: 1, height: 1, preview, source, ...(source === 'demo' ? { trueLabel: text } : {}) };
    this.images.set(id, { info, text });
    return info;
  }

  demoImages(perClass = 3): ImageInfo[] {
    const out: ImageInfo[] = [];
    for (let k = 0; k < perClass * 3; k++) out.push(this.store(LABELS[k % 3], `demo ${LABELS[k % 3]} ${Math.floor(k / 3) + 1}`, 'demo'));
    return out;
  }

  restoreDemoImages(ids: string[]): ImageInfo[] {
    return ids.map((id, k) => this.store(LABELS[k % 3], `demo ${LABELS[k % 3]} ${Math.floor(k / 3) + 1}`, 'demo', id));
  }

  async addImage(blob: Blob, name: string): Promise<ImageInfo> {
    await this.gate();
    if (this.world.decodeMs) await sleep(this.world.decodeMs);
    return this.store(await blob.text(), name, 'user');
  }

  async restoreImage(id: string, blob: Blob, name: string): Promise<ImageInfo> {
    this.world.onRestoreImage?.(this);
    await sleep(1);
    return this.store(await blob.text(), name, 'user', id);
  }

  restoreImagePixels(id: string, pixels: RgbaImage, name: string): ImageInfo {
    return this.store(`pixels ${pixels.width}x${pixels.height}`, name, 'user', id);
  }

  removeImage(id: string): void {
    this.images.delete(id);
  }

  async predict(id: string): Promise<Prediction> {
    await this.gate();
    const img = this.images.get(id);
    if (!img) throw new Error(`Image ${id} is no longer loaded`);
    const top = classOf(img.text);
    return { probabilities: LABELS.map((_, i) => (i === top ? 0.8 : 0.1)), labels: LABELS, top };
  }

  async explain(req: { jobId: string; imageId: string; methodId: string; target: number }, onProgress?: (p: { done: number; total: number }) => void): Promise<unknown> {
    await this.gate();
    if (!this.images.has(req.imageId)) throw new Error(`Image ${req.imageId} is no longer loaded`);
    const job = { aborted: false };
    this.jobs.set(req.jobId, job);
    const t0 = Date.now();
    let done = 0;
    while (!job.aborted && Date.now() - t0 < this.world.explainMs) {
      await sleep(10);
      onProgress?.({ done: ++done, total: 1000 });
    }
    this.jobs.delete(req.jobId);
    const a: Attribution = {
      values: new Float32Array([1, 2, 3, 4]), width: 2, height: 2, signed: false, units: 'activation-x-logit-gradient', checks: [],
      run: { method: req.methodId, options: {}, target: req.target, seed: null, evaluations: { done, total: 1000, unit: 'passes' }, batchSize: null, ms: Date.now() - t0, backend: this.backend!, cancelled: job.aborted },
    };
    return a;
  }

  cancel(jobId: string): void {
    const j = this.jobs.get(jobId);
    if (j) j.aborted = true;
  }

  async setBackend(name: BackendName): Promise<unknown> {
    await this.gate();
    this.backend = name;
    return { backend: { ...this.report(), chosenBy: 'user' }, model: this.summary() };
  }

  memory() {
    return { numTensors: 0, numBytes: 0 };
  }

  private adopt(name: string, libraryId: string | null): ModelChange {
    this.model = { name, libraryId, serial: this.model.serial + 1 };
    return this.currentModel();
  }

  async loadModelFiles(files: { name: string; blob: Blob }[]): Promise<ModelChange> {
    const meta = files.find((f) => f.name === 'metadata.json');
    const name = meta ? (JSON.parse(await meta.blob.text()) as { name: string }).name : 'Uploaded model';
    return this.adopt(name, null);
  }

  exportModel(id: string | null): DownloadFile[] {
    const name = id ? this.world.library.get(id)! : this.model.name;
    const bytes = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;
    const files = [
      { name: 'model.json', type: 'application/json', bytes: bytes('{}') },
      { name: 'metadata.json', type: 'application/json', bytes: bytes(JSON.stringify({ name })) },
    ];
    return Comlink.transfer(files, files.map((f) => f.bytes));
  }

  loadSavedModel(id: string): ModelChange {
    const name = this.world.library.get(id);
    if (!name) throw new Error('This model is no longer in the library');
    return this.adopt(name, id);
  }

  saveModel(name?: string) {
    const id = `m${this.world.library.size + 1}`;
    this.world.library.set(id, name ?? this.model.name);
    this.model = { ...this.model, name: name ?? this.model.name, libraryId: id };
    return { entries: [], change: this.currentModel() };
  }

  loadDemoModel(): ModelChange {
    return this.adopt('Demo', null);
  }

  /** Training as far as recovery cares: the model it produces becomes active. */
  async train(req: { name: string }): Promise<unknown> {
    await this.gate();
    return { change: this.adopt(req.name, null), validation: [] };
  }

  addTrainingImage(classId: string, blob: Blob, name: string): TrainingImageInfo {
    const info: TrainingImageInfo = { id: `t${this.tseq++}`, classId, name, width: 1, height: 1, thumb: { width: 1, height: 1, data: new Uint8ClampedArray(4) } };
    this.training.set(info.id, info);
    return info;
  }

  addSyntheticTrainingSet(classIds: string[], perClass: number): TrainingImageInfo[] {
    const out: TrainingImageInfo[] = [];
    for (let k = 0; k < perClass * 3; k++) out.push(this.addTrainingImage(classIds[k % 3], new Blob([]), `${LABELS[k % 3]} ${Math.floor(k / 3) + 1}`));
    return out;
  }

  removeTrainingImages(ids: string[]): void {
    for (const id of ids) this.training.delete(id);
  }

  removeTrainingClass(classId: string): void {
    for (const [id, t] of this.training) if (t.classId === classId) this.training.delete(id);
  }

  testClose(): void {
    setTimeout(() => fakeWorkers.get(this)?.closeFromInside(), 0);
  }
}

const fakeWorkers = new WeakMap<FakeEngine, { closeFromInside(): void }>();

/**
 * A spawn() for the Supervisor/EngineClient: each call starts a fresh FakeEngine behind a MessageChannel.
 * terminate() ends it the way a browser ends a worker (its port goes quiet, its locks are released).
 */
export function fakeSpawn(world: FakeWorld): () => WorkerLike {
  return () => {
    const engine = new FakeEngine(world);
    world.engines.push(engine);
    const { port1, port2 } = new MessageChannel();
    if (world.brokenScript) {
      world.brokenScript = false;
      setTimeout(() => port1.dispatchEvent(Object.assign(new Event('error'), { message: 'Failed to fetch a worker script' })), 5);
    } else Comlink.expose(engine, port2 as unknown as Comlink.Endpoint);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      engine.end();
      port2.close();
      port1.close();
    };
    fakeWorkers.set(engine, { closeFromInside: end });
    const w: WorkerLike = {
      postMessage: (m: unknown, t?: Transferable[]) => {
        if (!ended) port1.postMessage(m, (t ?? []) as never);
      },
      addEventListener: (type: string, l: EventListenerOrEventListenerObject) => port1.addEventListener(type, l as never),
      removeEventListener: (type: string, l: EventListenerOrEventListenerObject) => port1.removeEventListener(type, l as never),
      start: () => port1.start(),
      terminate: end,
    };
    return w;
  };
}
