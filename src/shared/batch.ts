// Batch (issue 13, "Take it away"): one method over every image of the gallery, or of a dropped folder,
// in the background. Plain data that crosses the worker boundary: what the page asks for (BatchRequest),
// one row per image (BatchRow: only figures, never the map, so memory stays flat over hundreds of
// images), and how the run ended (BatchOutcome).
//
// The trust figure per image is the deletion curve's AUC against a random order's (Petsiuk, Das & Saenko
// 2018, RISE), with the badge of src/core/metrics/checks.ts (TRUST_RULES.deletion).

import type { CheckStatus, ResultCheck } from './attribution';
import type { UserErrorInfo } from './errors';
import type { OptionValues, RgbaImage } from './types';

/** One image to explain: a gallery image (imageId) or a file the batch decodes, uses and drops (file). */
export interface BatchItem {
  /** Unique within the batch; the row carries it back. */
  key: string;
  /** File name, as shown. */
  name: string;
  imageId?: string;
  file?: Blob;
  trueLabel?: string;
}

/** How the deletion curve of each image is computed (src/core/metrics/deletion.ts). */
export interface BatchFigureOptions {
  /** Points on the curve minus one (default 20). */
  steps: number;
  /** Random orders averaged for the yardstick (default 3). */
  randomOrders: number;
  /** Seeds the random orders and tie-breaking (default 0). */
  seed: number;
  /**
   * What a deleted pixel becomes, in the model's input scale (default 'blur'). Not the paper's black: on
   * the demo model black pixels are themselves evidence (a cyst is a dark blob), so any order that blacks
   * out 5% of a lesion image drops it to 0 and map and random order tie; blurred pixels remove the
   * evidence without adding any (measured on the demo gallery: Grad-CAM 0.03 vs random 0.8 with blur,
   * 0.03 vs 0.03 with black).
   */
  baseline: 'blur' | 'mean' | 'black';
}

export const DEFAULT_BATCH_FIGURES: BatchFigureOptions = { steps: 20, randomOrders: 3, seed: 0, baseline: 'blur' };

/** How the table names each baseline ("blurred", …). */
export const BASELINE_WORDS: Record<BatchFigureOptions['baseline'], string> = { blur: 'blurred', mean: 'set to the image’s mean colour', black: 'blacked out' };

export interface BatchRequest {
  /** The id stopBatch() finds the run by. */
  batchId: string;
  methodId: string;
  /** The method's options the person changed (the rest are its defaults). */
  options?: OptionValues;
  items: BatchItem[];
  figures?: Partial<BatchFigureOptions>;
  /**
   * The class score to explain and to follow on the deletion curve, as the person chose it in Explain:
   * 'auto' (default) takes the logit for an image whose top class is saturated (within 1e-3 of 0 or 1), the
   * probability otherwise, image by image.
   */
  score?: 'auto' | import('./types').ExplainScore;
}

/** The result's own checks (IG completeness, LIME R², SHAP sum…) counted by badge, and named when not ok. */
export interface ChecksSummary {
  ok: number;
  warn: number;
  fail: number;
  /** Figures without a rule (a reference value, evaluations used). */
  unrated: number;
  /** One short line: "2 ok", "R² weak", "completeness fails; 1 ok", or "none". */
  text: string;
}

export interface BatchRow {
  key: string;
  name: string;
  imageId?: string;
  trueLabel?: string;
  /** For files the batch decoded itself (no gallery thumbnail to show): longest side <= BATCH_THUMB_SIDE. */
  thumb?: RgbaImage;
  status: 'done' | 'failed';
  /** Why the image could not be explained (status 'failed'). */
  error?: UserErrorInfo;
  /** The model's class labels and its probabilities for this image (through its output head). */
  labels: string[];
  probabilities: number[];
  /** The top class: the one explained. */
  top: number;
  /** What the map's numbers measure (the attribution's units). */
  units?: string;
  /** The class score explained and followed by the deletion curve (probability, or the logit of a saturated class). */
  score?: import('./types').ExplainScore;
  /** Deletion AUC of the map's ranking (lower is better), of a random ranking, the badge of the rule, and the baseline used. */
  deletion?: { auc: number; randomAuc: number; status?: CheckStatus; check: ResultCheck; baseline: BatchFigureOptions['baseline'] };
  checks?: ChecksSummary;
  /** Wall time for this image (prediction, method, deletion curve), ms. */
  ms: number;
}

/** 'finished': every image done; 'stopped': the person's Stop (done rows kept); 'cancelled': a model change or Forget everything ended it. */
export type BatchEnd = 'finished' | 'stopped' | 'cancelled';

export interface BatchOutcome {
  end: BatchEnd;
  /** Rows handed out (done or failed). */
  rows: number;
  total: number;
  /** Why it was cancelled, in one sentence. */
  reason?: string;
}

/** Longest side of a row's own thumbnail, pixels (the table shows them about 40 CSS px wide). */
export const BATCH_THUMB_SIDE = 48;

/**
 * A probability (0..1) as people should read it: one decimal place, but never "100.0%" or "0.0%":
 * "> 99.9%" and "< 0.1%" instead, also for a saturated 1 or 0 (issue 13: a model's output rounded to
 * certainty is not certainty). NaN reads "–".
 */
export function formatProbability(p: number): string {
  if (Number.isNaN(p)) return '–';
  if (p > 0.999) return '> 99.9%';
  if (p < 0.001) return '< 0.1%';
  // toFixed rounds 0.9994 to "99.9" and 0.0006 to "0.1": both within the limits above.
  return `${(p * 100).toFixed(1)}%`;
}

/** Counts a result's checks by badge and writes the short line the table shows (ChecksSummary). */
export function summariseChecks(checks: readonly ResultCheck[]): ChecksSummary {
  const s: ChecksSummary = { ok: 0, warn: 0, fail: 0, unrated: 0, text: '' };
  const named: string[] = [];
  for (const c of checks) {
    if (c.status === 'ok') s.ok++;
    else if (c.status === 'warn') {
      s.warn++;
      named.push(`${c.label} weak`);
    } else if (c.status === 'fail') {
      s.fail++;
      named.unshift(`${c.label} fails`);
    } else s.unrated++;
  }
  const parts = [...named, ...(s.ok ? [`${s.ok} ok`] : [])];
  s.text = parts.length ? parts.join('; ') : 'none';
  return s;
}
