// The three interpretable baselines trained beside a CNN run (issue 17 "Models that explain themselves"),
// on the SAME images, split the same way (the CNN's train and validation indices): logistic regression on
// the standardised 16x16 image (grey, or RGB like a colour CNN), a decision tree of depth <= 4 on the named
// features, and a small MLP on the same 16x16 input. Per-pixel maps of RGB input sum the three channels
// (contributions stay exact: they still add up to the logit minus the bias). Returns each model's validation accuracy, per-class recall and fitting time,
// and the models themselves, which explain any image afterwards (explainWithBaselines).

import type { RgbaImage } from '../../shared/types';
import type { BaselineExplanation, BaselineFeatureId, BaselineFeatureUnit, BaselineId, BaselineScore, BaselineTreeNode, BaselineTreeStep } from '../../shared/baselines';
import { resizeRgba } from '../image/preprocess';
import { yieldToEventLoop } from '../explain/batching';
import type { Split } from '../data/split';
import { FEATURES, featureVector, type FeatureId } from './features';
import { downsample, logisticContributions, logisticLogits, trainLogistic, type LinearModel } from './logistic';
import { mlpGradientTimesInput, mlpLogits, softmax, trainMlp, type MlpModel } from './mlp';
import { trainTree, treePath, treePredict, type TreeModel, type TreeNodeData } from './tree';

/** Side of the grey image the logistic regression and the MLP read. */
export const BASELINE_INPUT = 16;
/** The named features are measured on the image resized to this square, so edge density means the same at any size. */
export const FEATURE_SIDE = 64;
/** The MLP's full-batch Adam steps: on the synthetic set 150 reach the accuracy of 300 (80% in colour) in half the time. */
export const MLP_STEPS = 150;
/** The tree's greatest depth (issue 17: shallow enough to read). */
export const TREE_DEPTH = 4;

/** L2 penalty of the logistic regression on pixels (smoother weight maps than 1e-3, same accuracy on the synthetic set). */
export const LOGISTIC_L2 = 0.01;

/** One image as the baselines read it. */
export interface BaselineInputs {
  /** BASELINE_INPUT² pixels, 0..1, row-major (area averages): grey (Rec. 601 luma) or RGB (3 values per pixel). */
  pixels: Float32Array;
  /** FEATURES of the image resized to FEATURE_SIDE². */
  features: Float64Array;
}

/** Features that read colour: zero (constant, so the tree never splits on them) when the CNN sees grey. */
export const COLOUR_FEATURES: ReadonlySet<FeatureId> = new Set<FeatureId>(['red', 'green', 'blue', 'redSpread', 'greenSpread', 'blueSpread']);

/**
 * The downsampled image (grey, or RGB when `colour`) and the named features of one RGBA image (any size, at
 * least 1x1). Without `colour` the colour features are 0 for every image, so a grey CNN and its baselines see
 * the same information (the tree cannot split on a constant).
 */
export function baselineInputs(img: RgbaImage, colour = false): BaselineInputs {
  const big = img.width >= BASELINE_INPUT && img.height >= BASELINE_INPUT ? img : resizeRgba(img, Math.max(BASELINE_INPUT, img.width), Math.max(BASELINE_INPUT, img.height));
  const pixels = downsample(big.data, big.width, big.height, BASELINE_INPUT, colour);
  const small = img.width === FEATURE_SIDE && img.height === FEATURE_SIDE ? img : resizeRgba(img, FEATURE_SIDE, FEATURE_SIDE);
  const features = featureVector(small.data, FEATURE_SIDE, FEATURE_SIDE);
  if (!colour) FEATURES.forEach((f, i) => COLOUR_FEATURES.has(f.id) && (features[i] = 0));
  return { pixels, features };
}

export interface TrainedBaselines {
  classes: number;
  /** The pixel models read RGB (3 values per pixel) rather than grey. */
  colour: boolean;
  logistic: LinearModel;
  tree: TreeModel;
  mlp: MlpModel;
  /** logistic, tree, mlp. */
  scores: BaselineScore[];
  /** Each model's class for each validation image, in split.validation order. */
  predictions: Record<BaselineId, number[]>;
  split: Split;
  prepareMs: number;
}

export interface BaselineTrainOptions {
  classes: number;
  /** The CNN run's split (its trainIndices and validationIndices). */
  split: Split;
  /** Seeds the MLP's initial weights (the CNN run's seed). */
  seed: number;
  /** Pixel models on RGB rather than grey (default false; the studio follows the CNN's grayscale setting). */
  colour?: boolean;
  /** Checked between models: when set, training stops with an Error('cancelled'). */
  signal?: { aborted: boolean };
  /** Inputs made earlier for these images (by index), to skip making them again. */
  inputs?: BaselineInputs[];
}

function argmax(v: ArrayLike<number>): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[k]) k = i;
  return k;
}

/** Accuracy and per-class recall of `predicted` against `truth` (null where nothing to count). */
export function scoreOf(predicted: readonly number[], truth: readonly number[], classes: number): Pick<BaselineScore, 'validationAccuracy' | 'recall'> {
  const support = new Array<number>(classes).fill(0);
  const right = new Array<number>(classes).fill(0);
  truth.forEach((c, k) => {
    support[c]++;
    if (predicted[k] === c) right[c]++;
  });
  const total = right.reduce((a, b) => a + b, 0);
  return {
    validationAccuracy: truth.length ? total / truth.length : null,
    recall: support.map((n, c) => (n ? right[c] / n : null)),
  };
}

/**
 * Trains logistic regression (softmax, l2 LOGISTIC_L2, 300 full-batch Adam steps), a CART tree (Gini, depth
 * <= TREE_DEPTH) and an MLP (32 ReLU units, MLP_STEPS steps, seeded) on `images[split.train]` with classes `labels`, and
 * scores each on `images[split.validation]`. Deterministic for a split and seed (fitting times aside).
 * Throws when the split has no training image, or an Error('cancelled') when `signal` is set between models.
 * Leaves no tensor behind.
 */
export async function trainBaselines(images: readonly RgbaImage[], labels: readonly number[], o: BaselineTrainOptions): Promise<TrainedBaselines> {
  if (images.length !== labels.length) throw new Error(`trainBaselines: ${images.length} images and ${labels.length} labels`);
  if (!o.split.train.length) throw new Error('trainBaselines: no training images');
  // Between models the worker reads its messages (a Stop arrives as one; the fitting itself never yields).
  const check = async () => {
    if (o.signal) await yieldToEventLoop();
    if (o.signal?.aborted) throw new Error('cancelled');
  };
  const t0 = performance.now();
  const colour = o.colour ?? false;
  const inputs = o.inputs ?? images.map((img) => baselineInputs(img, colour));
  const prepareMs = performance.now() - t0;
  const tr = o.split.train;
  const va = o.split.validation;
  const yTrain = tr.map((i) => labels[i]);
  const yVal = va.map((i) => labels[i]);

  await check();
  let t = performance.now();
  const logistic = await trainLogistic(tr.map((i) => inputs[i].pixels), yTrain, { classes: o.classes, l2: LOGISTIC_L2 });
  const logisticMs = performance.now() - t;
  await check();
  t = performance.now();
  const tree = trainTree(tr.map((i) => inputs[i].features), yTrain, { classes: o.classes, maxDepth: TREE_DEPTH });
  const treeMs = performance.now() - t;
  await check();
  t = performance.now();
  const mlp = await trainMlp(tr.map((i) => inputs[i].pixels), yTrain, { classes: o.classes, seed: o.seed, steps: MLP_STEPS });
  const mlpMs = performance.now() - t;

  const predictions: Record<BaselineId, number[]> = {
    logistic: va.map((i) => argmax(logisticLogits(logistic, inputs[i].pixels))),
    tree: va.map((i) => treePredict(tree, inputs[i].features).label),
    mlp: va.map((i) => argmax(mlpLogits(mlp, inputs[i].pixels))),
  };
  const ms: Record<BaselineId, number> = { logistic: logisticMs, tree: treeMs, mlp: mlpMs };
  const scores = (['logistic', 'tree', 'mlp'] as const).map((id) => ({ id, ...scoreOf(predictions[id], yVal, o.classes), trainMs: Math.round(ms[id]) }));
  return { classes: o.classes, colour, logistic, tree, mlp, scores, predictions, split: o.split, prepareMs: Math.round(prepareMs) };
}

const featureOf = (i: number): { feature: BaselineFeatureId; unit: BaselineFeatureUnit } => ({ feature: FEATURES[i].id, unit: FEATURES[i].unit });

/** The steps of `row`'s path down the tree (root first), with feature names and units. */
export function treeSteps(tree: TreeModel, row: ArrayLike<number>): BaselineTreeStep[] {
  return treePath(tree, row).steps.map((s) => ({ ...featureOf(s.feature), value: s.value, threshold: s.threshold, side: s.side }));
}

/** The tree as plain data with feature names (for drawing). */
export function treeAsData(n: TreeNodeData): BaselineTreeNode {
  if (n.feature === undefined || !n.left || !n.right) return { counts: [...n.counts] };
  return { ...featureOf(n.feature), threshold: n.threshold, left: treeAsData(n.left), right: treeAsData(n.right), counts: [...n.counts] };
}

/** Sums every `channels` consecutive values: one value per pixel. */
function perPixel(v: Float32Array, channels: number): Float32Array {
  if (channels === 1) return v;
  const out = new Float32Array(v.length / channels);
  for (let i = 0; i < v.length; i++) out[Math.floor(i / channels)] += v[i];
  return out;
}

/**
 * Class `c`'s logistic weight map, one value per input pixel (row-major): its weight, or for RGB input the
 * sum of its three channels' weights (the logit's change when the pixel brightens by one standard deviation in each).
 */
export function weightMap(m: LinearModel, c: number, channels = 1): Float32Array {
  const out = new Float32Array(m.features);
  for (let i = 0; i < m.features; i++) out[i] = m.weights[i * m.classes + c];
  return perPixel(out, channels);
}

/**
 * One image explained by each baseline for class `target` (0..classes-1): the logistic regression's
 * contributions w·z per pixel with its weight map, the tree's path and leaf, and the MLP's probabilities
 * with gradient × input. Words are left empty (the worker adds them in its language). Throws on a target out of range.
 */
export function explainWithBaselines(b: TrainedBaselines, img: RgbaImage, target: number, imageId: string): BaselineExplanation {
  if (!Number.isInteger(target) || target < 0 || target >= b.classes) throw new Error(`explainWithBaselines: class ${target} is not one of 0..${b.classes - 1}`);
  const x = baselineInputs(img, b.colour);
  const C = b.colour ? 3 : 1;
  const ll = logisticLogits(b.logistic, x.pixels);
  const lp = softmax(ll);
  const path = treePath(b.tree, x.features);
  const tp = treePredict(b.tree, x.features);
  const ml = mlpLogits(b.mlp, x.pixels);
  const steps = treeSteps(b.tree, x.features);
  return {
    imageId,
    target,
    inputSize: BASELINE_INPUT,
    logistic: {
      probabilities: lp,
      predicted: argmax(ll),
      contributions: perPixel(logisticContributions(b.logistic, x.pixels, target), C),
      weights: weightMap(b.logistic, target, C),
      logit: ll[target],
      bias: b.logistic.bias[target],
    },
    tree: { predicted: tp.label, confidence: tp.confidence, steps, words: [], leafCounts: [...path.leaf.counts] },
    mlp: { probabilities: softmax(ml), predicted: argmax(ml), gradientInput: perPixel(mlpGradientTimesInput(b.mlp, x.pixels, target), C) },
  };
}
