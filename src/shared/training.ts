// Plain data for training in the browser and for the model library, as it crosses the worker boundary.
// The UI builds its forms from these; the worker maps them onto src/core/model/train.ts. Like
// geometry.ts, the one function here is pure and shared so that the form and the worker agree on what
// is a valid setting.

import type { BackendName, BackendReport, ImageInfo, MethodDescriptor, ModelMetadata, ModelSummary, RgbaImage, UserErrorInfo } from './types';
import { t } from './i18n';
import type { BaselineReport } from './baselines';

/** Training settings as the training panel shows them: toggles rather than augmentation magnitudes. */
export interface TrainingSettings {
  /** Square input size in pixels. */
  inputSize: number;
  /** Train on grayscale images (1 channel) instead of colour. */
  grayscale: boolean;
  resize: 'stretch' | 'centerCrop';
  /** Filters of the first conv block (each next block doubles them). */
  width: number;
  /** Conv blocks. */
  depth: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Share of each class held out for validation. */
  validationFraction: number;
  seed: number;
  /** Mirror images left-right. */
  flip: boolean;
  /** Small rotations and shifts. */
  rotateShift: boolean;
  /** Small brightness and contrast changes. */
  brightnessContrast: boolean;
  earlyStopping: boolean;
  /** Epochs without improvement before early stopping ends training. */
  patience: number;
}

/** The limits the settings form enforces and the worker checks again. */
export const TRAINING_LIMITS = {
  inputSize: { min: 16, max: 224 },
  width: { min: 2, max: 64 },
  depth: { min: 1, max: 5 },
  epochs: { min: 1, max: 200 },
  batchSize: { min: 1, max: 256 },
  learningRate: { min: 1e-5, max: 1 },
  validationFraction: { min: 0.05, max: 0.5 },
  patience: { min: 1, max: 50 },
} as const;

/** What is wrong with the settings, in words the person can act on; null when they are usable. */
export function checkTrainingSettings(s: TrainingSettings): UserErrorInfo | null {
  const integers = new Set(['inputSize', 'width', 'depth', 'epochs', 'batchSize', 'patience']);
  for (const key of Object.keys(TRAINING_LIMITS) as (keyof typeof TRAINING_LIMITS)[]) {
    const v = s[key];
    const { min, max } = TRAINING_LIMITS[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integers.has(key) && !Number.isInteger(v))) {
      const setting = t(`engine:training.settings.names.${key}`);
      return {
        title: t(integers.has(key) ? 'engine:training.settings.rangeWhole' : 'engine:training.settings.range', { setting, min: String(min), max: String(max) }),
        detail: t('engine:training.settings.is', { value: String(v) }),
        action: t('engine:training.settings.action', { setting: setting.toLowerCase() }),
      };
    }
  }
  const smallest = 2 ** (s.depth - 1);
  if (s.inputSize < smallest * 2) {
    const values = { size: s.inputSize, depth: s.depth, pixels: Math.max(1, Math.floor(s.inputSize / smallest)), min: smallest * 2 };
    return {
      title: t('engine:training.settings.tooSmall.title', values),
      detail: t('engine:training.settings.tooSmall.detail', values),
      action: t('engine:training.settings.tooSmall.action', values),
    };
  }
  return null;
}

/** One image waiting in a class bucket of the training panel. */
export interface TrainingImageInfo {
  id: string;
  classId: string;
  name: string;
  width: number;
  height: number;
  /** Small preview (longest side <= 64). */
  thumb: RgbaImage;
}

/** A class as the person named it; `id` ties the worker's images to it. */
export interface TrainingClassRef {
  id: string;
  name: string;
}

export interface TrainingRequest {
  classes: TrainingClassRef[];
  settings: TrainingSettings;
  /** Name of the model to be. */
  name: string;
  /** baselines (issue 17): also train the interpretable baselines on the same split (absent: no). */
  baselines?: boolean;
}

export interface TrainingProgress {
  /**
   * 'batch' and 'epoch' while the CNN trains; 'wrapup' once, after its last epoch, while the engine measures the
   * trained model (validation predictions, training-set statistics) and fits the baselines: the other fields
   * repeat the last report's, with etaMs 0. Stop during 'wrapup' skips the baselines (baselinesStopped).
   */
  phase: 'batch' | 'epoch' | 'wrapup';
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** 1-based, within the epoch. */
  batch: number;
  batches: number;
  /** Means over this epoch's batches so far. */
  loss: number;
  acc: number;
  /** Of the latest validation pass (null before the first one). */
  valLoss: number | null;
  valAcc: number | null;
  /** Training throughput so far (validation passes excluded). */
  imagesPerSec: number;
  /** Estimated time to the end of the last epoch (early stopping may end sooner). */
  etaMs: number;
  elapsedMs: number;
  /** The optimizer's learning rate in force (read back from it; constant: the trainer has no schedule). */
  lr?: number;
  /** phase 'epoch': this epoch's training time in ms (validation excluded) and its validation pass's. */
  epochMs?: number;
  valMs?: number;
}

/** Where training runs, and why, when it is not where the studio was. */
export interface TrainingBackendChoice {
  backend: BackendName;
  /** Set when the engine switched backend to train. */
  switchedFrom?: BackendName;
  reason?: string;
}

export interface ValidationItem {
  image: ImageInfo;
  trueLabel: number;
  predicted: number;
  /** A synthetic teaching image: whether it carries the shortcut marker (teach). */
  marker?: boolean;
}

export interface ModelOrigin {
  /** Id in the model library when the model was saved there or loaded from it. */
  libraryId: string | null;
  metadata: ModelMetadata;
  /** Things to check about a loaded model (guessed labels or preprocessing, odd metadata). */
  warnings: string[];
  /** Changes whenever another model becomes active (not when the same one is renamed or corrected). */
  serial: number;
}

/** What the UI needs after the active model changed. */
export interface ModelChange {
  model: ModelSummary;
  methods: MethodDescriptor[];
  origin: ModelOrigin;
  backend: BackendReport;
}

export interface TrainHistory {
  /** Epochs done at each validation pass; fractional for the pass after a Stop in mid-epoch. */
  epoch: number[];
  loss: number[];
  acc: number[];
  /** NaN when there is no validation split. */
  valLoss: number[];
  valAcc: number[];
  /**
   * Adam's learning rate in force during the epoch of each pass, read back from the optimizer (its
   * getConfig()), not from the settings. The trainer has no schedule, so it is the same number every epoch;
   * it is recorded per epoch so that a schedule, if one is ever added, shows up here without a format change.
   */
  lr: number[];
  /**
   * Wall time of each pass's epoch of training in ms: its batches (augmentation, upload, forward and backward
   * pass, update), the validation pass excluded; their sum is the run's trainMs (before rounding).
   */
  epochMs: number[];
  /** Wall time of each validation pass in ms (0 without a validation split). */
  valMs: number[];
}

export interface ClassReport {
  label: string;
  /** null when the model never predicted this class. */
  precision: number | null;
  /** null when the class has no validation images. */
  recall: number | null;
  /** Validation images of this class. */
  support: number;
}

/** What a finished run reports: the core's TrainReport and the worker's TrainingOutcome both carry it. */
export interface TrainRunSummary {
  labels: string[];
  /** Of the returned (best) weights; null without a validation split. */
  validationAccuracy: number | null;
  validationLoss: number | null;
  /** Epochs done when the returned weights were current. */
  bestEpoch: number;
  epochsRun: number;
  /**
   * 'diverged': the loss became NaN or infinite (learning rate far too high, or non-finite inputs); the
   * best weights before it are kept, or the initial ones if there were none.
   */
  stoppedBy: 'completed' | 'cancelled' | 'early-stopping' | 'diverged';
  /** confusion[true][predicted], counts over the validation split. */
  confusion: number[][];
  perClass: ClassReport[];
  history: TrainHistory;
  /** Training images per second (validation passes excluded). */
  imagesPerSec: number;
  trainMs: number;
  totalMs: number;
}

export interface TrainingOutcome extends TrainRunSummary {
  /** Every validation image with what the model said; misclassified ones have predicted !== trueLabel. */
  validation: ValidationItem[];
  trainCount: number;
  /** ms from the start until validation accuracy first reached 90% (null if it never did). */
  msTo90: number | null;
  backendChoice: TrainingBackendChoice;
  change: ModelChange;
  /** baselines (issue 17): the interpretable baselines trained on the same split; null when asked for and they failed. */
  baselines?: BaselineReport | null;
  /** baselines (issue 17): true when Stop, pressed while they were fitting, skipped them (baselines is then null). */
  baselinesStopped?: boolean;
}

/** A model saved in the browser's model library (IndexedDB), as the list shows it. */
export interface SavedModelEntry {
  id: string;
  name: string;
  /** ms since the epoch. */
  savedAt: number;
  labels: string[];
  /** Validation accuracy of a model trained here, else a held-out accuracy from its metadata. */
  accuracy: number | null;
  source: ModelMetadata['source'];
  params: number;
  inputShape: number[];
  /** Bytes of the weights. */
  sizeBytes: number;
}

/** A file to hand to the person as a download. */
export interface DownloadFile {
  name: string;
  type: string;
  bytes: ArrayBuffer;
}

/** Corrections a person makes to a model's metadata. */
export interface MetadataPatch {
  name?: string;
  labels?: string[];
  preprocessing?: Partial<ModelMetadata['preprocessing']>;
  /** Layer CAM methods use unless a method's options pick another; null = the automatic choice. */
  camLayer?: string | null;
}

/** A teaching variant of the built-in synthetic set (teach; core/data/synthetic.ts draws it). */
export interface SyntheticVariant {
  difficulty: 'easy' | 'medium' | 'hard';
  /** A spurious marker follows one class in training only. */
  shortcut: boolean;
}
