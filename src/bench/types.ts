// Plain-data shapes of the benchmark: what the CLI asks a backend to measure (plans) and what comes
// back (runs). They cross the bench worker boundary and end up in bench/results.json, so nothing here
// holds a tensor or a function.

import type { BackendName, BackendProbe, OptionValues } from '../shared/types';

/** Milliseconds (or any other unit named beside it): median of the timed runs after warm-up, with min and max. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  /** Timed runs (warm-up runs excluded). */
  runs: number;
  /** ms of the warm-up (first, cold) run(s): shader compilation, allocation, JIT. */
  firstMs?: number;
}

export type Status = 'ok' | 'skipped' | 'failed';

export type ModelId = 'demo' | 'mobilenet';

export interface MethodPlan {
  /** Registry id (gradcam, intgrad, smoothgrad, occlusion, rise, lime, shap). */
  id: string;
  /** Options on top of the method's defaults. */
  options?: OptionValues;
  /** Options of the (untimed) warm-up run; the timed options when omitted. Smaller, so warm-up is cheap. */
  warmupOptions?: OptionValues;
  /** Why the options differ from the (e.g. fewer samples on a software backend). */
  reduced?: string;
}

export interface ModelPlan {
  model: ModelId;
  /** Timed runs after warm-up for each figure (fewer when one run exceeds budgetMs). */
  reps: number;
  minReps: number;
  /** Soft time budget per measured quantity, ms. */
  budgetMs: number;
  forwardBatches: number[];
  gradientBatches: number[];
  methods: MethodPlan[];
  /** LIME with ctx.batchSize = 1 (the naive port), same options as the LIME entry in `methods`. */
  naiveLime: boolean;
  /** Figures left out for this model on this backend, with the reason. */
  skipped: { what: string; reason: string }[];
}

export interface TrainingPlan {
  /** Synthetic images handed to the trainer (it holds out 20% for validation). */
  samples: number;
  epochs: number;
  /** Per-batch timings of the first `warmupBatches` batches are left out. */
  warmupBatches: number;
  note?: string;
}

export interface BackendPlan {
  backend: BackendName;
  models: ModelPlan[];
  /** Grad-CAM explanations on the demo model for the memory figure; 0 = skip. */
  memoryExplanations: number;
  memoryNote?: string;
  training: TrainingPlan | null;
  trainingSkipReason?: string;
  /** Batch memory row (issue 13): synthetic images through the batch's per-image work; 0 or absent = skip. */
  batchImages?: number;
  /** Free-form notes carried into the results (why this backend got a reduced plan). */
  notes: string[];
}

export interface BatchTiming {
  batch: number;
  ms: Stat;
  /** Images per second at the median. */
  imagesPerSec: number;
  msPerImage: number;
}

export interface PassFigure {
  status: Status;
  reason?: string;
  byBatch: BatchTiming[];
  /** Best (lowest) median ms per image over the batch sizes tried, and where. */
  best?: { batch: number; msPerImage: number; imagesPerSec: number };
}

export interface MethodRun {
  id: string;
  label: string;
  status: Status;
  reason?: string;
  /** Options given on top of the defaults. */
  options: OptionValues;
  reduced?: string;
  /** ctx.batchSize the method ran with: the engine's choice for this backend and input size (batchSizeFor). */
  batchSize: number;
  /** The batch size with the lowest per-image cost measured for the passes this method makes. */
  bestBatch?: number;
  ms?: Stat;
  /** Images the method had to push through the model: forward only, and forward+backward to the input (or to a layer, for CAM). */
  passes?: { forward: number; gradient: number; how: string };
  /** passes x the best per-image cost measured in the same run. */
  idealMs?: number;
  overhead?: number;
  target: number;
}

export interface NaiveLimeRun {
  status: Status;
  reason?: string;
  samples: number;
  naiveMs?: Stat;
  batchedMs?: Stat;
  batchSize?: number;
  speedup?: number;
}

export interface ModelRun {
  model: ModelId;
  name: string;
  inputShape: number[];
  params: number;
  forward: PassFigure;
  gradient: PassFigure;
  methods: MethodRun[];
  naiveLime: NaiveLimeRun;
  skipped: { what: string; reason: string }[];
}

export interface MemorySnapshot {
  numTensors: number;
  numBytes: number;
  gpuBytes?: number;
  gpuAllocatedBytes?: number;
}

export interface MemoryRun {
  status: Status;
  reason?: string;
  explanations: number;
  method: string;
  /** numBytesInGPU / allocated: what WebGL and WebGPU hold in textures and buffers (in use, and pooled). */
  before?: MemorySnapshot;
  after?: MemorySnapshot;
  /** Highest total bytes seen by tf.profile during one explanation, and sampled after each of them. */
  peakBytes?: number;
  peakTensors?: number;
  note?: string;
}

/**
 * Memory over a batch (issue 13 "Batch"): N synthetic images through the batch's per-image work
 * (core/metrics/imageFigures.ts: predict, explain the top class, deletion curve), keeping only each
 * image's figures as the app does. Snapshots after a warm-up image, after N/2 images and after N.
 */
export interface BatchMemoryRun {
  status: Status;
  reason?: string;
  images: number;
  method: string;
  before?: MemorySnapshot & { heapBytes?: number };
  half?: MemorySnapshot & { heapBytes?: number };
  after?: MemorySnapshot & { heapBytes?: number };
  /** Growth per image over the second half (after - half) / (N - N/2): past any warm-up allocation. */
  perImage?: { tensors: number; bytes: number; heapBytes?: number };
  /** Where the JS heap figure comes from (process.memoryUsage, performance.memory) and whether gc() ran before each snapshot. */
  heapSource?: string;
  ms?: number;
}

export interface TrainingRun {
  status: Status;
  reason?: string;
  note?: string;
  /** Per-batch images/s: median over the batches after warm-up, min and max. */
  imagesPerSec?: Stat;
  /** The trainer's own figure over the whole run (validation passes excluded). */
  overallImagesPerSec?: number;
  batches?: number;
  batchSize?: number;
  epochs?: number;
  samples?: number;
  trainer: string;
}

/**
 * The DICOM files the benchmark times (issue 14), from ../shared/fixtures/dicom: a 512x512 CT (uncompressed,
 * 16-bit signed) and a multi-frame YBR ultrasound (8 frames of JPEG baseline in 44 fragments, no offset table).
 */
export const DICOM_BENCH_FILES = ['CT1_UNC.explicit_little_endian.dcm', 'IM00001.fragmented_no_bot_jpeg_baseline.50.dcm'];

/** Opening one DICOM file as the engine does (header, frame 1 decoded, windowed to 8-bit RGBA), and all its frames. */
export interface DicomDecodeFigure {
  file: string;
  width: number;
  height: number;
  frames: number;
  transferSyntax: string;
  /** ms from the file's bytes to the windowed first frame (what adding the image costs before the preview is made). */
  openMs: Stat;
  /** ms to decode every frame after opening (multi-frame files only). */
  allFramesMs?: Stat;
}

export interface DicomDecodeRun {
  status: Status;
  reason?: string;
  files: DicomDecodeFigure[];
}

export interface BackendRun {
  env: 'browser' | 'node';
  backend: BackendName;
  status: Status;
  reason?: string;
  probe?: BackendProbe;
  /** tf.getBackend() while measuring. */
  active?: string;
  models: ModelRun[];
  memory: MemoryRun;
  /** Absent in results written before the batch row existed. */
  batchMemory?: BatchMemoryRun;
  training: TrainingRun;
  /** DICOM decode times (issue 14); measured in one run per environment, as decoding does not use tfjs. */
  dicomDecode?: DicomDecodeRun;
  notes: string[];
  wallMs: number;
}
