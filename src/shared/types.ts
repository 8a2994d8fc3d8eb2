// Plain-data types that cross the worker boundary. Nothing here may hold a tensor, a class instance
// or a function: everything must survive structured clone.

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** An RGBA image, laid out like ImageData. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface BackendProbe {
  name: BackendName;
  /** Started and ran the warm-up. */
  available: boolean;
  /** Why it did not start, or why it is not preferred (e.g. a software adapter). */
  reason?: string;
  /** Software rasteriser (SwiftShader, llvmpipe, a WebGPU fallback adapter). */
  software?: boolean;
  /** Adapter / renderer description, where the backend exposes one. */
  adapter?: string;
  /** Median ms of the warm-up workload after the first (compiling) run. */
  steadyMs?: number;
  /** ms of the first run, which includes shader compilation. */
  firstMs?: number;
  /** ms the probe took (start-up plus warm-up). */
  probeMs?: number;
  /** wasm only: which tfjs-wasm build runs (plain SIMD or threaded SIMD) and why (core/backend/wasmThreads.ts). */
  wasmBuild?: { variant: 'simd' | 'threaded-simd'; reason: string; plainMs?: number; threadedMs?: number; threads?: number };
  /** Can train (has every gradient kernel the demo architecture needs). */
  canTrain?: boolean;
}

export interface BackendReport {
  active: BackendName;
  /** How the active one was chosen. */
  chosenBy: 'measured' | 'user' | 'fallback';
  probes: BackendProbe[];
}

export interface LayerSummary {
  /** Path through nested models, joined by '/'. */
  path: string;
  name: string;
  className: string;
  outputShape: (number | null)[];
  params: number;
  isConv: boolean;
}

export type ScaleMode = 'zeroOne' | 'minusOneOne' | 'meanStd' | 'raw255';

export interface Preprocessing {
  /** Model input size (square models are typical but not required). */
  width: number;
  height: number;
  channels: 1 | 3;
  /** How the image is brought to the input size. */
  resize: 'stretch' | 'centerCrop';
  scale: ScaleMode;
  mean?: [number, number, number];
  std?: [number, number, number];
  /** Turn a colour image grey before feeding a 3-channel model (channels: 1 models are always grey). */
  grayscale?: boolean;
  /**
   * The order of the colour channels a 3-channel model reads. 'bgr' for models trained on OpenCV- or
   * Caffe-loaded images (Keras' "caffe" preprocessing: VGG, ResNet50). mean and std are given in the
   * model's own channel order. Absent means 'rgb'.
   */
  channelOrder?: 'rgb' | 'bgr';
}

export interface ModelMetadata {
  name: string;
  labels: string[];
  preprocessing: Preprocessing;
  description?: string;
  /** Accuracy on a held-out test set, when known. */
  testAccuracy?: number;
  trainedWith?: string;
  /** Labels or preprocessing were guessed (no usable metadata.json): ask the person to confirm them. */
  needsReview?: boolean;
  source?: 'demo' | 'trained' | 'uploaded' | 'teachable-machine';
  /** Accuracy on the validation split of a model trained in Glassbox. */
  validationAccuracy?: number;
  /** The layer CAM methods use by default, when the person chose one (else the last spatial conv layer). */
  camLayer?: string;
  /**
   * (honest) Statistics of the training images' penultimate features, for the out-of-distribution verdict
   * (shared/ood.ts). The demo model and models trained in Glassbox have them; other models do not.
   */
  ood?: import('./ood').OodStatistics;
}

/**
 * How the model's last layer turns per-class scores (logits) into probabilities: 'softmax' (one class per
 * image), 'sigmoid' (independent probabilities per class, multi-label; one sigmoid unit is shown as two
 * classes, p and 1 - p), 'linear' (no final activation: the studio applies softmax).
 */
export type OutputHead = 'softmax' | 'sigmoid' | 'linear';

export interface ModelSummary {
  name: string;
  labels: string[];
  inputShape: number[];
  preprocessing: Preprocessing;
  layers: LayerSummary[];
  convLayers: string[];
  /** Every layer with a spatial output (what a CAM method can use), by path. */
  camLayers: string[];
  /** The layer CAM methods use unless the person picks another. */
  defaultCamLayer: string | null;
  params: number;
  backend: BackendName;
  testAccuracy?: number;
  /** How the model turns its class scores into probabilities; absent means 'softmax'. */
  head?: OutputHead;
  /**
   * A sigmoid head with one unit per class (multi-label): each probability is independent of the others,
   * so they need not sum to 1. Absent for one-class-per-image heads (softmax, linear, one sigmoid unit).
   */
  multiLabel?: boolean;
}

export type OptionSpec =
  | { key: string; label: string; type: 'number'; min: number; max: number; step?: number; integer?: boolean; help?: string }
  | { key: string; label: string; type: 'select'; choices: { value: string; label: string }[]; help?: string }
  | { key: string; label: string; type: 'boolean'; help?: string }
  | { key: string; label: string; type: 'layer'; help?: string };

export type OptionValues = Record<string, number | string | boolean | null>;

export interface MethodDescriptor {
  id: string;
  label: string;
  summary: string;
  /** Plain-language "what am I looking at?" paragraph. */
  about: string;
  kind: 'gradient' | 'cam' | 'perturbation';
  signed: boolean;
  defaultOptions: OptionValues;
  options: OptionSpec[];
  compatible: boolean;
  /** The method the studio opens with (exactly one in the registry). */
  openByDefault: boolean;
  /** In the comparison grid until the person changes it. */
  compareByDefault: boolean;
  /** Measures the class score by forward passes and follows the "Explain: probability / logit" choice. */
  followsScoreChoice?: boolean;
}

export type { Attribution, AttributionUnits, BudgetChoice, CheckStatus, ExplainScore, RegionResult, ResultCheck, RunRecord, StoppingRecord } from './attribution';
export { UNITS, attributionTransferables, progressTransferables, scoreOfUnits, unitsLabel, unitsReading } from './attribution';

export interface Prediction {
  probabilities: number[];
  labels: string[];
  top: number;
  /**
   * Whether the image is like the ones the model was trained on (Mahalanobis distance on its penultimate
   * features, Lee et al. 2018): 'unknown' for a model Glassbox has no training statistics for.
   */
  ood?: import('./trust').OodVerdict;
}

export interface ImageInfo {
  id: string;
  name: string;
  width: number;
  height: number;
  /** Downscaled preview for the UI (longest side <= 512). */
  preview: RgbaImage;
  /** Gallery thumbnail (longest side <= 128); absent where only a preview was made. */
  thumb?: RgbaImage;
  source: 'demo' | 'user';
  /** Ground-truth label of a demo image. */
  trueLabel?: string;
  /** DICOM, 16-bit PNG or TIFF: how it is windowed and what the file says (see shared/clinical.ts). */
  clinical?: ClinicalInfo;
  /** The image has transparent pixels: what they are composited over, in the preview and for the model (shared/background.ts). */
  background?: import('./background').ImageBackground;
  /** Demo images: where the lesion or cyst was drawn (the synthetic set's ground truth), the default reference region. */
  groundTruth?: import('./region').ReferenceRegion;
}

export interface Progress {
  done: number;
  total: number;
  stage?: string;
  /**
   * Running estimate of a sampled method: per-region values (LIME weights, SHAP values) and their
   * standard errors. The arrays are handed over (transferred across the worker boundary): a method sends
   * fresh arrays and does not touch them again.
   */
  partial?: { values: Float64Array; stderr?: Float64Array };
}

export type { UserErrorInfo } from './errors';
import type { ClinicalInfo } from './clinical';
export type { ClinicalInfo, DisplaySettings, ShownTag, WindowLevel, WindowPreset } from './clinical';
export type { CurveFigure, OodVerdict, SanityFigure, TrustFigures } from './trust';
