// An explanation's result and its result spec (as LIT's meta_spec): what the numbers mean (units), the
// trust figures that came with them (checks), per-region values for superpixel methods (regions), and
// how it was made (run). Plain data that crosses the worker boundary; the UI renders it without knowing
// which method made it.

import type { OptionValues, Progress } from './types';
import { t } from './i18n';
import viewer from './i18n/viewer';

/** The class score an explanation measures: the probability, or the logit (log-odds) before the output head. */
export type ExplainScore = 'probability' | 'logit';

/**
 * What an attribution's values measure. The class score is the logit (before the output head) or the
 * probability (after softmax/sigmoid).
 */
export type AttributionUnits =
  /** |d logit / d input| per pixel: how sensitive the logit is (vanilla gradient, SmoothGrad). */
  | 'logit-gradient'
  /** d logit / d input x input, summed over channels (Gradient x Input). */
  | 'logit-x-input'
  /** A share of the change in logit from the baseline to the image (Integrated Gradients). */
  | 'logit-change'
  /** A probability of the class (RISE: its expected value when the pixel is visible). */
  | 'probability'
  /** The class logit, log-odds (RISE explaining the logit: its expected value when the pixel is visible). */
  | 'logit'
  /** A change in the class probability (occlusion: the drop when hidden; LIME, SHAP: per region). */
  | 'probability-change'
  /** Layer activations weighted by logit gradients (Grad-CAM family): relative, not a score. */
  | 'activation-x-logit-gradient'
  /** Layer activations weighted by the class probability under each channel's mask (Score-CAM). */
  | 'activation-x-probability'
  /** Layer activations projected on their first principal component, class-agnostic (Eigen-CAM). */
  | 'activation';

/**
 * A short name for each unit and one plain sentence on how to read it, in English: the viewer catalogue's (one
 * source), for data files (CSV, JSON). On screen and in the report use unitsLabel/unitsReading (the studio's language).
 */
export const UNITS: Record<AttributionUnits, { label: string; reading: string }> = viewer.en.units;

/** The short name of `units` in the studio's language (legends, captions, the report); UNITS stays English for data files. */
export function unitsLabel(units: AttributionUnits): string {
  return t(`viewer:units.${units}.label`, { defaultValue: UNITS[units].label });
}

/** The plain sentence on how to read `units`, in the studio's language. */
export function unitsReading(units: AttributionUnits): string {
  return t(`viewer:units.${units}.reading`, { defaultValue: UNITS[units].reading });
}

/** The class score a result in `units` measures: the logit, the probability, or neither (class-agnostic activations). */
export function scoreOfUnits(units: AttributionUnits): ExplainScore | null {
  if (units === 'activation') return null;
  return units === 'probability' || units === 'probability-change' || units === 'activation-x-probability' ? 'probability' : 'logit';
}

/** How a check came out, where a rule exists: ok, worth a look (warn), or not to be trusted (fail). */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** A named figure that came with the result: a trust figure (R², completeness gap) or a reference value (f(x)). */
export interface ResultCheck {
  /** Stable key, unique within the result (also the element's test id). */
  id: string;
  /** Plain label, shown as "label = value". */
  label: string;
  value: number;
  /**
   * How to show the value: 'percent' (0.012 as 1.2%), 'count' (a whole number), 'number' (3 significant digits),
   * 'probability' (a class probability as a percentage that never reads 100.0%: "> 99.9%").
   */
  format: 'percent' | 'count' | 'number' | 'probability';
  /** For counts: out of how many ("32 of 2000"). */
  of?: number;
  /** The verdict of the check's rule, when it has one. */
  status?: CheckStatus;
  /** One plain sentence: what the figure means here, or what to do about it. */
  detail?: string;
}

/** Per-region results of a superpixel method; region i is the pixels whose segment label is i. */
export interface RegionResult {
  /** Value of each region, in the attribution's units. */
  values: number[];
  /** Standard error of each value (0 where exact); absent when the method gives none. */
  stderr?: number[];
  /** Where the additive story starts (SHAP's base value, LIME's intercept) and where it ends (f(x), the local fit at x). */
  start?: { value: number; label: string };
  end?: { value: number; label: string };
  /** Every combination of regions was evaluated: the values are exact, not estimated. */
  exact?: boolean;
  /** Title of the per-region chart, e.g. 'SHAP value per region'. */
  title: string;
}

/** The budget choice of LIME, SHAP and RISE: stop once the top k is settled ('stable'), or always spend the whole budget. */
export type BudgetChoice = 'stable' | 'fixed';

/** How a LIME, SHAP or RISE run used its budget (core/explain/stopping.ts): the run record's `stopping`. */
export interface StoppingRecord {
  /** The budget choice. */
  budget: BudgetChoice;
  /** The fixed budget (evaluations) the run was allowed; an early stop replaced it. */
  fixedBudget: number;
  /** Evaluations the answer rests on. */
  used: number;
  /** How many top regions (LIME, SHAP) or top cells (RISE) had to be settled. */
  k: number;
  /** Confidence required. */
  required: number;
  /** Confidence reached by the answer returned (Bonferroni bound as in topKSettled). */
  confidence: number;
  /** Stopped before the budget because the top k was settled. */
  stoppedEarly: boolean;
}

/** How the result was made. */
export interface RunRecord {
  /** Registry id of the method. */
  method: string;
  /** The options used (defaults filled in). */
  options: OptionValues;
  target: number;
  /** The random seed, for sampled methods; null otherwise. */
  seed: number | null;
  /** The layer a CAM method read. */
  layer?: string;
  /**
   * The class score the values measure: the probability (after the output head) or the logit (log-odds,
   * before it). Methods that measure it by forward passes follow the person's choice (ExplainRequest.score);
   * gradient and CAM methods differentiate the logit.
   */
  score?: ExplainScore;
  /** Model evaluations (forward or gradient passes, windows, masks, coalitions) done of those planned. */
  evaluations: { done: number; total: number; unit: string };
  /** Largest batch of model evaluations; null for methods that run one pass. */
  batchSize: number | null;
  /** Wall time of the method, ms. */
  ms: number;
  /** TensorFlow.js backend it ran on. */
  backend: string;
  /**
   * (pool) Engines that computed its model evaluations: 1 (the engine alone) or 1 + the pool's helpers that
   * took batches (worker/pool.ts). The values do not depend on it: the same seed gives the same map.
   */
  workers?: number;
  /** Stopped before the end: the values come from the evaluations done. */
  cancelled: boolean;
  /** Why a cancelled run stopped: the person's Stop ('stopped'); a superseded run never returns a result. */
  cancelReason?: import('./jobs').CancelReason;
  /** A transparent image's: the background its transparent pixels were composited over for the model. */
  background?: import('./background').ImageBackground;
  /**
   * A clinical image (DICOM, 16-bit PNG, TIFF): the window, inversion and frame of the 8-bit image the model
   * was given, a parameter of the explanation like its options. Absent for ordinary images.
   */
  display?: import('./clinical').DisplaySettings;
  /** LIME, SHAP, RISE: the budget choice, where an "until stable" run stopped, and the confidence its top k reached. */
  stopping?: StoppingRecord;
}

export interface Attribution {
  /** Row-major, height x width, in `units`. */
  values: Float32Array;
  width: number;
  height: number;
  /** Whether values can be negative (drawn with a diverging colormap centred on zero). */
  signed: boolean;
  /** Optional per-pixel segment ids (for superpixel methods). */
  segments?: Int32Array;
  units: AttributionUnits;
  checks: ResultCheck[];
  /** Superpixel methods: the value (and standard error) of each region. */
  regions?: RegionResult;
  run: RunRecord;
}

/** The distinct, transferable ArrayBuffers behind some typed arrays (a SharedArrayBuffer cannot be transferred). */
function distinctBuffers(views: readonly (ArrayBufferView | undefined)[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of views) {
    if (!v || v.byteLength === 0) continue;
    const b = v.buffer;
    if (typeof SharedArrayBuffer !== 'undefined' && b instanceof SharedArrayBuffer) continue;
    out.add(b as ArrayBuffer);
  }
  return [...out];
}

/**
 * The buffers of an attribution's big arrays (values, segments), for Comlink.transfer: they move to the
 * page instead of being copied, and are unusable in the worker afterwards. Each buffer is listed once.
 */
export function attributionTransferables(a: Attribution): ArrayBuffer[] {
  return distinctBuffers([a.values, a.segments]);
}

/** The buffers of a progress report's running estimate (partial values and standard errors), for Comlink.transfer. */
export function progressTransferables(p: Progress): ArrayBuffer[] {
  return distinctBuffers([p.partial?.values, p.partial?.stderr]);
}
