// Plain data for the interpretable baselines beside the CNN (issue 17 "Models that explain themselves"):
// what the Train view's table shows, the logistic regression's weight maps, the decision tree, and one
// image's explanation by each baseline. Crosses the worker boundary; the words of a tree's path are made
// here (stepInWords) so the worker and the page say the same thing in the current language.

import { LANGUAGE_TAGS, currentLanguage, t, type Language } from './i18n';
import { formatNumber } from './readable';

export type BaselineId = 'logistic' | 'tree' | 'mlp';

/** The baselines in the order the table lists them (after the CNN). */
export const BASELINE_IDS: readonly BaselineId[] = ['logistic', 'tree', 'mlp'];

/** The named image features the tree splits on (core/baselines/features.ts FEATURES). */
export type BaselineFeatureId =
  | 'brightness' | 'brightnessSpread' | 'red' | 'green' | 'blue' | 'redSpread' | 'greenSpread' | 'blueSpread'
  | 'edgeDensity' | 'darkArea' | 'darkContrast' | 'brightArea' | 'brightContrast';

/** 'level': a brightness or colour level on 0..1 (shown as 0-255); 'fraction': a share of the image (shown as a percentage). */
export type BaselineFeatureUnit = 'level' | 'fraction';

/** One row of the table "How much accuracy does transparency cost?". */
export interface BaselineScore {
  id: BaselineId;
  /** Share of validation images classified right; null without validation images. */
  validationAccuracy: number | null;
  /** Per class (label order): right / validation images of the class; null where a class has none. */
  recall: (number | null)[];
  /** Fitting time in ms (after the inputs were made; the inputs' time is `prepareMs` of the report). */
  trainMs: number;
}

/** A node of the trained tree: internal nodes split (value < threshold goes left), every node counts its training images per class. */
export interface BaselineTreeNode {
  feature?: BaselineFeatureId;
  unit?: BaselineFeatureUnit;
  threshold?: number;
  left?: BaselineTreeNode;
  right?: BaselineTreeNode;
  counts: number[];
}

/** What the baselines trained beside a CNN run report (TrainingOutcome.baselines). */
export interface BaselineReport {
  labels: string[];
  /** Same images as the CNN's split (same seed, same indices). */
  trainCount: number;
  validationCount: number;
  /** logistic, tree, mlp: in BASELINE_IDS order. */
  scores: BaselineScore[];
  /** ms spent making the inputs (16x16 downsampled images and the named features). */
  prepareMs: number;
  /** Side of the square downsampled image the logistic regression and the MLP read (16). */
  inputSize: number;
  /** They read it in colour (RGB, as a colour CNN) rather than grey. */
  colour: boolean;
  /** Logistic regression weights per class, inputSize² each (row-major), in logit per standard deviation of the pixel (RGB: the sum of its three channels). */
  weightMaps: Float32Array[];
  /** The decision tree on the named features (depth <= 4). */
  tree: BaselineTreeNode;
  treeDepth: number;
  /** The training run's serial (ModelOrigin.serial of the CNN trained with them). */
  serial: number;
}

/** One step of an image's path down the tree. */
export interface BaselineTreeStep {
  feature: BaselineFeatureId;
  unit: BaselineFeatureUnit;
  /** The image's value of the feature, and the node's threshold, in the feature's unit (0..1). */
  value: number;
  threshold: number;
  /** 'below' (value < threshold: the left branch) or 'atOrAbove' (the right branch). */
  side: 'below' | 'atOrAbove';
}

/** One image explained by each baseline, for class `target`. */
export interface BaselineExplanation {
  imageId: string;
  target: number;
  inputSize: number;
  logistic: {
    probabilities: number[];
    predicted: number;
    /** w_target,i · z_i per pixel (inputSize², logit units; RGB: summed over the channels): adds up to logit − bias exactly. */
    contributions: Float32Array;
    /** The target class's weight map (inputSize²). */
    weights: Float32Array;
    logit: number;
    bias: number;
  };
  tree: {
    predicted: number;
    /** Share of the leaf's training images in the predicted class. */
    confidence: number;
    steps: BaselineTreeStep[];
    /** The path as sentences, in the engine's language (the page remakes them with stepInWords). */
    words: string[];
    leafCounts: number[];
  };
  mlp: {
    probabilities: number[];
    predicted: number;
    /** Gradient × input of the target's logit on the standardised 16x16 input (inputSize²; RGB: summed over the channels). */
    gradientInput: Float32Array;
  };
}

/** A feature value in its unit: a level as 0-255 grey levels, a fraction as a percentage of the image. */
export function featureValueText(v: number, unit: BaselineFeatureUnit, lang: Language = currentLanguage()): string {
  if (unit === 'fraction') return new Intl.NumberFormat(LANGUAGE_TAGS[lang], { style: 'percent', maximumFractionDigits: 1 }).format(v);
  return t('baselines:units.level', { value: formatNumber(v * 255, 3, lang), lng: lang });
}

/** The feature's name in words (baselines:features.*). */
export function featureName(id: BaselineFeatureId, lang: Language = currentLanguage()): string {
  return t(`baselines:features.${id}`, { lng: lang });
}

/**
 * One step of a tree path as a sentence in `lang`: the feature's name, the side, the threshold and the
 * image's value with their units, e.g. "Dark area is at least 8.2% of the image (this image: 12.5%)".
 */
export function stepInWords(s: BaselineTreeStep, lang: Language = currentLanguage()): string {
  return t(s.side === 'below' ? 'baselines:tree.below' : 'baselines:tree.atOrAbove', {
    feature: featureName(s.feature, lang),
    threshold: featureValueText(s.threshold, s.unit, lang),
    value: featureValueText(s.value, s.unit, lang),
    lng: lang,
  });
}

/** The leaf as a sentence: the class it gives and how many training images of each class reached it. */
export function leafInWords(counts: readonly number[], labels: readonly string[], lang: Language = currentLanguage()): string {
  let top = 0;
  counts.forEach((n, c) => {
    if (n > counts[top]) top = c;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  const parts = counts.map((n, c) => t('baselines:tree.count', { label: labels[c] ?? String(c), count: n, lng: lang })).join(lang === 'zh' ? '，' : ', ');
  return t('baselines:tree.leaf', { label: labels[top] ?? String(top), count: counts[top], total, parts, lng: lang });
}
