// How far an explanation can be believed: the figures the trust panel shows, the report exports and the
// batch table lists. Plain data only (structured clone). Computed in the worker by src/core/metrics.
//
// Papers: deletion/insertion (Petsiuk, Das & Saenko 2018, RISE); cascading model-parameter randomisation
// (Adebayo et al. 2018, Sanity Checks for Saliency Maps); Mahalanobis out-of-distribution score (Lee et al. 2018).

import type { ResultCheck } from './attribution';

/** A deletion or insertion curve: the class score after removing (or revealing) the top x of the ranking. */
export interface CurveFigure {
  mode: 'deletion' | 'insertion';
  /** Fraction of pixels removed or revealed, 0..1, increasing. */
  x: number[];
  /** The class score (in `units`) at each x. */
  y: number[];
  /** The same curve for a random ranking (same x). */
  randomY: number[];
  /** Area under y over x in [0, 1] (trapezoid rule). */
  auc: number;
  randomAuc: number;
  units: 'probability' | 'logit';
  /** What a removed pixel became (deletion) / what the image started as (insertion), as core/explain/baselines.ts names it. */
  baseline?: 'black' | 'mean' | 'blur' | 'noise' | 'color' | 'regionMean';
}

/** Cascading randomisation: similarity of the map after randomising the model from the top layer down. */
export interface SanityFigure {
  /** Layers randomised so far, top first: step i has layers[0..i] randomised. */
  layers: string[];
  /** Spearman rank correlation between the original and randomised maps, one per step. */
  spearman: number[];
  /** SSIM between the min-max scaled maps, one per step. */
  ssim: number[];
}

/** Out of distribution: how unlike the training images this image is, by the model's own features. */
export interface OodVerdict {
  /** 'in': within the validation images' 99th percentile; 'out': beyond it; 'unknown': no training data to judge. */
  status: 'in' | 'out' | 'unknown';
  distance?: number;
  threshold?: number;
  /** The one plain sentence the studio shows. */
  sentence: string;
}

/** Everything the trust panel shows for one explanation (key = the attributionKey it belongs to). */
export interface TrustFigures {
  key: string;
  /** The badges: each with its figure, good/weak/fails status and a plain sentence naming the rule. */
  checks: ResultCheck[];
  deletion?: CurveFigure;
  insertion?: CurveFigure;
  randomisation?: SanityFigure;
  /** Rank correlation of the map between two seeds (sampled methods only). */
  stability?: { rho: number; seeds: [number, number] };
  ood?: OodVerdict;
  /** Some figure was stopped before it was complete (its badge says which and why). */
  partial?: boolean;
  /** The sanity check was stopped before every cascade ended (its curve averages those that did). */
  sanityPartial?: boolean;
  /** The rule behind each badge, by check id (also quoted at the end of the check's detail). */
  rules?: Record<string, string>;
  /** The figures could not be computed: why, and what to do. */
  error?: import('./errors').UserErrorInfo;
}

/** What the trust figures are asked for: the explanation the page shows (the engine keeps its map). */
export interface TrustRequest {
  imageId: string;
  methodId: string;
  target: number;
  /** The options the explanation was asked with (the engine fills in the defaults). */
  options?: import('./types').OptionValues;
  /** The page's key of that explanation (its attributionKey): copied into TrustFigures.key. */
  key: string;
  /**
   * The class score the deletion/insertion curves follow: the logit for a saturated class (a probability
   * stuck at 1 makes every curve flat), else the probability (the default).
   */
  score?: 'probability' | 'logit';
}
