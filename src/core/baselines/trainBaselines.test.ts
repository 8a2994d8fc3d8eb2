import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gaussian, mulberry32 } from '../data/rng';
import { stratifiedSplit } from '../data/split';
import { syntheticSample } from '../data/synthetic';
import { trainClassifier } from '../model/train';
import { useBackend } from '../testing/node';
import { trainLogistic, logisticLogits } from './logistic';
import { mlpGradientTimesInput, mlpLogits, trainMlp } from './mlp';
import { BASELINE_INPUT, COLOUR_FEATURES, baselineInputs, explainWithBaselines, scoreOf, trainBaselines, treeAsData, treeSteps } from './trainBaselines';
import { FEATURES } from './features';
import type { TreeNodeData } from './tree';
import { leafInWords, stepInWords } from '../../shared/baselines';
import { disposeModel } from '../model/graph';

const argmax = (v: ArrayLike<number>) => Array.from(v).reduce((k, x, i, a) => (x > a[k] ? i : k), 0);

/** A rule no linear model can express: class 1 when the first two inputs have the same sign (XOR of signs). */
function plantedXor(seed: number, n: number, d = 6): { x: number[][]; y: number[] } {
  const rng = mulberry32(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: d }, () => gaussian(rng)));
  return { x, y: x.map((r) => (r[0] * r[1] > 0 ? 1 : 0)) };
}

describe('the small MLP', () => {
  beforeAll(() => useBackend('cpu'));

  it('learns a planted non-linear rule (same sign of two inputs) that logistic regression cannot, identically twice, leaving no tensor', async () => {
    const train = plantedXor(11, 600);
    const test = plantedXor(12, 400);
    const before = tf.memory().numTensors;
    const m = await trainMlp(train.x, train.y, { classes: 2, seed: 5, steps: 400 });
    expect(tf.memory().numTensors).toBe(before);
    const acc = test.x.filter((r, k) => argmax(mlpLogits(m, r)) === test.y[k]).length / test.x.length;
    expect(acc).toBeGreaterThan(0.9);
    // the linear model stays near chance on the same rule: the hidden layer is what learns it
    const lin = await trainLogistic(train.x, train.y, { classes: 2 });
    const linAcc = test.x.filter((r, k) => argmax(logisticLogits(lin, r)) === test.y[k]).length / test.x.length;
    expect(linAcc).toBeLessThan(0.7);
    const again = await trainMlp(train.x, train.y, { classes: 2, seed: 5, steps: 400 });
    expect(Array.from(again.w1)).toEqual(Array.from(m.w1));
    expect(Array.from(again.w2)).toEqual(Array.from(m.w2));
    const other = await trainMlp(train.x, train.y, { classes: 2, seed: 6, steps: 400 });
    expect(Array.from(other.w1)).not.toEqual(Array.from(m.w1));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives gradient × input equal to a central finite difference of its logit times the standardised input', async () => {
    const train = plantedXor(13, 200, 4);
    const m = await trainMlp(train.x, train.y, { classes: 2, seed: 2, steps: 100 });
    const row = [0.3, -0.7, 1.1, 0.2];
    const gi = mlpGradientTimesInput(m, row, 1);
    const h = 1e-3;
    for (let i = 0; i < 4; i++) {
      const up = [...row];
      const down = [...row];
      up[i] += h * m.std[i];
      down[i] -= h * m.std[i];
      // derivative with respect to the standardised input z_i = (x_i - mean_i) / std_i
      const dz = (mlpLogits(m, up)[1] - mlpLogits(m, down)[1]) / (2 * h);
      const z = (row[i] - m.mean[i]) / m.std[i];
      expect(gi[i]).toBeCloseTo(dz * z, 2);
    }
  });

  it('refuses empty or ragged data', async () => {
    await expect(trainMlp([], [], { classes: 2 })).rejects.toThrow(/0 rows/);
    await expect(trainMlp([[1, 2], [3]], [0, 1], { classes: 2 })).rejects.toThrow(/differ/);
  });
});

describe('the three baselines beside a CNN run', () => {
  beforeAll(() => useBackend('cpu'));
  const N = 45;
  const samples = Array.from({ length: N }, (_, i) => syntheticSample(77, i, { size: 32 }));
  const images = samples.map((s) => s.image);
  const labels = samples.map((s) => s.label);
  const names = ['normal', 'lesion', 'cyst'];

  it('train on the CNN run’s own split (same seed → same indices), deterministically, with recall counted image by image', async () => {
    const seed = 3;
    const cnn = await trainClassifier({
      labels: names,
      samples: samples.map((s) => ({ image: s.image, label: s.label })),
      settings: { inputSize: 16, width: 2, depth: 1, epochs: 1, batchSize: 16, validationFraction: 0.2, seed, augmentation: null, earlyStopping: null },
    });
    const split = { train: cnn.report.trainIndices, validation: cnn.report.validationIndices };
    disposeModel(cnn.model);
    // the CNN's split is the stratified split of the labels with its seed and fraction
    expect(split).toEqual(stratifiedSplit(labels, 0.2, seed));
    expect(split.validation.length).toBe(9); // round(15 * 0.2) = 3 per class

    const before = tf.memory().numTensors;
    const b = await trainBaselines(images, labels, { classes: 3, split, seed });
    expect(tf.memory().numTensors).toBe(before);
    expect(b.split).toEqual(split);
    expect(b.scores.map((s) => s.id)).toEqual(['logistic', 'tree', 'mlp']);
    expect(b.tree.depth).toBeLessThanOrEqual(4);

    // each model's class for each validation image, asked image by image through explainWithBaselines,
    // and the recall counted here from those answers
    for (const [k, id] of (['logistic', 'tree', 'mlp'] as const).entries()) {
      const predicted = split.validation.map((i) => explainWithBaselines(b, images[i], 0, `v${i}`)[id].predicted);
      const score = b.scores[k];
      for (let c = 0; c < 3; c++) {
        const ofClass = split.validation.map((i, r) => [labels[i], predicted[r]]).filter(([t]) => t === c);
        expect(score.recall[c]).toBeCloseTo(ofClass.filter(([, p]) => p === c).length / ofClass.length, 10);
      }
      expect(score.validationAccuracy).toBeCloseTo(split.validation.filter((i, r) => predicted[r] === labels[i]).length / split.validation.length, 10);
      expect(score.trainMs).toBeGreaterThanOrEqual(0);
    }

    const again = await trainBaselines(images, labels, { classes: 3, split, seed });
    expect(Array.from(again.logistic.weights)).toEqual(Array.from(b.logistic.weights));
    expect(again.tree).toEqual(b.tree);
    expect(Array.from(again.mlp.w1)).toEqual(Array.from(b.mlp.w1));
    expect(again.predictions).toEqual(b.predictions);
    expect(again.scores.map(({ trainMs: _, ...s }) => s)).toEqual(b.scores.map(({ trainMs: _, ...s }) => s));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('explains an image (colour input): per-pixel logistic contributions add up to the logit minus the bias; the tree path ends at the leaf it predicts from', async () => {
    const split = stratifiedSplit(labels, 0.2, 1);
    const b = await trainBaselines(images, labels, { classes: 3, split, seed: 1, colour: true });
    expect(b.logistic.features).toBe(16 * 16 * 3);
    const e = explainWithBaselines(b, images[split.validation[0]], 1, 'x');
    expect(e.logistic.contributions).toHaveLength(BASELINE_INPUT * BASELINE_INPUT);
    expect(e.logistic.contributions.reduce((a, v) => a + v, 0) + e.logistic.bias).toBeCloseTo(e.logistic.logit, 3);
    expect(e.mlp.gradientInput).toHaveLength(BASELINE_INPUT * BASELINE_INPUT);
    // walk the plain tree with the steps' sides: the leaf reached is the leaf reported
    let node = treeAsData(b.tree.root);
    for (const s of e.tree.steps) {
      expect(node.feature).toBe(s.feature);
      expect(s.side === 'below' ? s.value < s.threshold : s.value >= s.threshold).toBe(true);
      node = s.side === 'below' ? node.left! : node.right!;
    }
    expect(node.left).toBeUndefined();
    expect(node.counts).toEqual(e.tree.leafCounts);
    expect(() => explainWithBaselines(b, images[0], 3, 'x')).toThrow(/0\.\.2/);
  });

  it('a grey CNN\'s tree reads no colour: two classes that differ only in hue are split on colour with colour inputs, never without', async () => {
    // 24x24 images: reddish (180, 80, 80) or greenish (80, 131, 80), equal luminance (0.299 R + 0.587 G + 0.114 B
    // = 109.9), with seeded noise.
    const rng = mulberry32(21);
    const imgs = Array.from({ length: 40 }, (_, k) => {
      const data = new Uint8ClampedArray(24 * 24 * 4);
      const base = k % 2 === 0 ? [180, 80, 80] : [80, 131, 80];
      for (let p = 0; p < 24 * 24; p++) {
        for (let c = 0; c < 3; c++) data[p * 4 + c] = base[c] + Math.round(20 * (rng() - 0.5));
        data[p * 4 + 3] = 255;
      }
      return { width: 24, height: 24, data };
    });
    const ys = imgs.map((_, k) => k % 2);
    const split = stratifiedSplit(ys, 0.25, 3);
    const colourIdx = new Set(FEATURES.flatMap((f, i) => (COLOUR_FEATURES.has(f.id) ? [i] : [])));
    const used = (n: TreeNodeData | undefined): number[] => (n?.feature === undefined ? [] : [n.feature, ...used(n.left), ...used(n.right)]);
    const grey = await trainBaselines(imgs, ys, { classes: 2, split, seed: 1, colour: false });
    expect(used(grey.tree.root).filter((f) => colourIdx.has(f))).toEqual([]);
    for (const img of imgs.slice(0, 3)) for (const i of colourIdx) expect(baselineInputs(img, false).features[i]).toBe(0);
    const colour = await trainBaselines(imgs, ys, { classes: 2, split, seed: 1, colour: true });
    expect(colourIdx.has(colour.tree.root.feature!)).toBe(true);
    expect(colour.scores.find((x) => x.id === 'tree')!.validationAccuracy).toBe(1);
  });

  it('stops between models when cancelled, and refuses a split without training images', async () => {
    await expect(trainBaselines(images, labels, { classes: 3, split: { train: [0, 1], validation: [] }, seed: 1, signal: { aborted: true } })).rejects.toThrow(/cancelled/);
    await expect(trainBaselines(images, labels, { classes: 3, split: { train: [], validation: [0] }, seed: 1 })).rejects.toThrow(/no training/);
  });
});

describe('scores', () => {
  it('count accuracy and recall by hand, null for a class without validation images', () => {
    // truth 0,0,0,1,1 predicted 0,1,0,1,0: class 0 2 of 3, class 1 1 of 2, class 2 has none; 3 of 5 right
    expect(scoreOf([0, 1, 0, 1, 0], [0, 0, 0, 1, 1], 3)).toEqual({ validationAccuracy: 3 / 5, recall: [2 / 3, 1 / 2, null] });
    expect(scoreOf([], [], 2)).toEqual({ validationAccuracy: null, recall: [null, null] });
  });
});

describe('the tree path in words', () => {
  // Hand-built: "dark area < 8%?" then, on the right, "mean brightness < 0.5?"; features by FEATURES index
  // (0 brightness, 9 darkArea).
  const tree = {
    classes: 2,
    depth: 2,
    root: {
      feature: 9,
      threshold: 0.08,
      counts: [20, 20],
      left: { counts: [15, 1] },
      right: { feature: 0, threshold: 0.5, counts: [5, 19], left: { counts: [1, 17] }, right: { counts: [4, 2] } },
    },
  };
  const row = new Float64Array(13);
  row[9] = 0.125;
  row[0] = 0.4;

  it('names each feature, the threshold and the image’s value with their units, in English and Chinese', () => {
    const steps = treeSteps(tree, row);
    expect(steps).toEqual([
      { feature: 'darkArea', unit: 'fraction', value: 0.125, threshold: 0.08, side: 'atOrAbove' },
      { feature: 'brightness', unit: 'level', value: 0.4, threshold: 0.5, side: 'below' },
    ]);
    expect(steps.map((s) => stepInWords(s, 'en'))).toEqual([
      'Dark area (share of the image) is at least 8% (this image: 12.5%)',
      'Mean brightness is below 128/255 (this image: 102/255)',
    ]);
    expect(steps.map((s) => stepInWords(s, 'zh'))).toEqual(['暗区面积（占图像比例）不低于 8%（本图像：12.5%）', '平均亮度低于 128/255（本图像：102/255）']);
    expect(leafInWords([1, 17], ['normal', 'lesion'], 'en')).toBe('Leaf: lesion (17 of 18 training images here: normal 1, lesion 17)');
  });
});
