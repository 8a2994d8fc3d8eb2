import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { checkTrainingData, trainClassifier, type TrainResult, type TrainSample } from './train';
import { disposeModel } from './graph';
import { smallCnn } from './architectures';
import { saveLayersModelToFiles } from './io';
import { loadValidatedModel } from './validate';
import { toInputArray } from '../image/preprocess';
import { useBackend } from '../testing/node';
import { accuracyOn, FAST, LABELS, SIZE, trainingSamples } from './trainFixture';

describe('training the small CNN (wasm backend)', () => {
  let samples: TrainSample[];

  beforeAll(async () => {
    await useBackend('wasm');
    samples = trainingSamples();
  });

  it('Stop after N batches: ends after that batch and returns the best weights so far', async () => {
    const before = tf.memory().numTensors;
    const signal = { aborted: false };
    // Two full epochs of 15 batches and 3 of the third. With this seed the pass after the Stop scores
    // lower than epoch 2 did (measured: 0.883, 0.983, then 0.967), so the restore is really exercised.
    const N = 33;
    let seen = 0;
    const r: TrainResult = await trainClassifier({
      labels: LABELS, samples, settings: FAST, signal,
      onProgress: (p) => {
        if (p.phase === 'batch' && ++seen === N) signal.aborted = true;
      },
    });
    const rep = r.report;
    console.log(`[train] stopped after ${N} batches: validation accuracy by pass ${rep.history.valAcc.map((a) => a.toFixed(3)).join(', ')}; kept ${rep.validationAccuracy?.toFixed(3)} from epoch ${rep.bestEpoch.toFixed(2)}`);
    expect(seen).toBe(N);
    expect(rep.stoppedBy).toBe('cancelled');
    expect(rep.history.epoch).toEqual([1, 2, 2 + 3 / 15]);
    expect(rep.epochsRun).toBeCloseTo(2 + 3 / 15, 10);
    expect(rep.validationAccuracy).toBe(Math.max(...rep.history.valAcc));
    expect(rep.history.valAcc[2]).toBeLessThan(rep.validationAccuracy!);
    expect(rep.bestEpoch).toBe(2);
    expect(rep.bestEpoch).toBe(rep.history.epoch[rep.history.valAcc.indexOf(rep.validationAccuracy!)]);
    // A usable model: it predicts, and scores what the report says.
    const valSamples = rep.validationIndices.map((i) => samples[i]);
    expect(await accuracyOn(r.model, r.metadata, valSamples)).toBeCloseTo(rep.validationAccuracy!, 10);
    disposeModel(r.model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Stop before the first batch still returns a model and an honest report', async () => {
    const r = await trainClassifier({ labels: LABELS, samples: samples.slice(0, 30), settings: FAST, signal: { aborted: true } });
    expect(r.report.stoppedBy).toBe('cancelled');
    expect(r.report.epochsRun).toBe(0);
    expect(r.report.history.epoch).toEqual([0]);
    expect(r.report.validationAccuracy).not.toBeNull();
    disposeModel(r.model);
  });

  it('early stopping ends training when validation stops improving', async () => {
    // With a learning rate of 0 nothing can improve after the first epoch.
    const r = await trainClassifier({ labels: LABELS, samples: samples.slice(0, 60), settings: { ...FAST, learningRate: 0, epochs: 10, earlyStopping: { patience: 2 } } });
    expect(r.report.stoppedBy).toBe('early-stopping');
    expect(r.report.history.epoch).toEqual([1, 2, 3]);
    expect(r.report.bestEpoch).toBe(1);
    disposeModel(r.model);
  });

  it('stops when the loss becomes NaN, keeping weights that still predict, and leaks nothing', async () => {
    // On the cpu backend: wasm's fused conv+ReLU clamps NaN to 0, so NaN inputs cannot poison it.
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const x = tf.tidy(() => tf.div(tf.zeros([30, SIZE, SIZE, 3]), tf.zeros([30, SIZE, SIZE, 3])) as tf.Tensor4D); // all NaN
    const r = await trainClassifier({ labels: LABELS, tensors: { x, labels: samples.slice(0, 30).map((s) => s.label) }, settings: { ...FAST, epochs: 3, batchSize: 8 } });
    expect(r.report.stoppedBy).toBe('diverged');
    expect(r.report.epochsRun).toBeLessThan(1);
    expect(r.report.bestEpoch).toBe(0);
    const probs = tf.tidy(() => (r.model.predict(tf.zeros([1, SIZE, SIZE, 3])) as tf.Tensor).dataSync());
    expect(Array.from(probs).every(Number.isFinite)).toBe(true);
    x.dispose();
    disposeModel(r.model);
    expect(tf.memory().numTensors).toBe(before);
    await useBackend('wasm');
  });

  it('splits the same way for the same seed, stratified by class', async () => {
    const settings = { ...FAST, epochs: 1, validationFraction: 0.25, augmentation: null };
    const a = await trainClassifier({ labels: LABELS, samples: samples.slice(0, 48), settings });
    const b = await trainClassifier({ labels: LABELS, samples: samples.slice(0, 48), settings });
    expect(b.report.validationIndices).toEqual(a.report.validationIndices);
    expect(a.report.validationIndices.map((i) => samples[i].label).sort()).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    disposeModel(a.model);
    disposeModel(b.model);
  });

  it('trains from prebuilt tensors, leaving the caller’s tensors alone', async () => {
    const few = samples.slice(0, 30);
    const prep = { width: SIZE, height: SIZE, channels: 3 as const, resize: 'stretch' as const, scale: 'zeroOne' as const };
    const x = tf.tensor4d(new Float32Array(few.flatMap((s) => Array.from(toInputArray(s.image, prep)))), [few.length, SIZE, SIZE, 3]);
    const r = await trainClassifier({ labels: LABELS, tensors: { x, labels: few.map((s) => s.label) }, settings: { ...FAST, epochs: 1 } });
    expect(x.isDisposed).toBe(false);
    expect(r.metadata.preprocessing).toMatchObject({ width: SIZE, scale: 'zeroOne' });
    expect(r.report.history.epoch).toEqual([1]);
    x.dispose();
    disposeModel(r.model);
  });

  it('trains a grayscale model whose metadata feeds it correctly after a save/load round trip', async () => {
    const few = samples.slice(0, 36);
    const r = await trainClassifier({ labels: LABELS, samples: few, settings: { ...FAST, channels: 1, epochs: 1 } });
    expect(r.model.inputs[0].shape).toEqual([null, SIZE, SIZE, 1]);
    expect(r.metadata.preprocessing).toMatchObject({ channels: 1, scale: 'meanStd' });
    const saved = await saveLayersModelToFiles(r.model);
    const loaded = await loadValidatedModel({ modelJson: saved.modelJson, shards: new Map([[saved.shardName, saved.weights]]), metadataText: JSON.stringify(r.metadata) });
    if (!loaded.ok) throw new Error(loaded.error.title);
    expect(loaded.metadata.needsReview).toBeFalsy();
    const val = r.report.validationIndices.map((i) => few[i]);
    expect(await accuracyOn(loaded.model, loaded.metadata, val)).toBeCloseTo(r.report.validationAccuracy!, 10);
    disposeModel(loaded.model);
    disposeModel(r.model);
  });

  it('records the learning rate Adam really used, per epoch, and each epoch’s time (curves)', async () => {
    const before = tf.memory().numTensors;
    const lr = 0.0042;
    const settings = { ...FAST, epochs: 3, learningRate: lr };
    const r = await trainClassifier({ labels: LABELS, samples: samples.slice(0, 60), settings });
    const h = r.report.history;
    expect(h.epoch).toEqual([1, 2, 3]);
    expect(h.lr).toEqual([lr, lr, lr]);
    expect(h.epochMs).toHaveLength(3);
    for (const ms of h.epochMs) expect(ms).toBeGreaterThan(0);
    for (const ms of h.valMs) expect(ms).toBeGreaterThan(0);
    // trainMs is the rounded sum of the batches' times; the epochs split exactly those batches.
    const sum = h.epochMs.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - r.report.trainMs)).toBeLessThanOrEqual(0.5);
    expect(sum + h.valMs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(r.report.totalMs + 0.5);
    console.log(`[train] epoch ms ${h.epochMs.map((m) => m.toFixed(0)).join(', ')}; validation ms ${h.valMs.map((m) => m.toFixed(0)).join(', ')}; trainMs ${r.report.trainMs}`);
    disposeModel(r.model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the recorded learning rate is the step Adam took: after one batch every moved weight moved by it (curves)', async () => {
    // Adam's first step is lr * m̂ / (sqrt(v̂) + ε) = lr * g / (|g| + ε): each weight with a gradient well
    // above ε moves by lr, whatever the gradient's size (Kingma & Ba 2015, section 2.1). So the weights after
    // one batch reveal the rate the optimizer used, independently of the settings object and of the history.
    const lr = 0.0037;
    const settings = { ...FAST, epochs: 1, learningRate: lr, augmentation: null };
    const signal = { aborted: false };
    const r = await trainClassifier({
      labels: LABELS, samples: samples.slice(0, 60), settings, signal,
      onProgress: (p) => {
        if (p.phase === 'batch') signal.aborted = true;
      },
    });
    expect(r.report.history.epoch).toEqual([1 / Math.ceil(48 / 16)]);
    expect(r.report.history.lr).toEqual([lr]);
    const initial = smallCnn({ inputSize: SIZE, channels: 3, classes: LABELS.length, width: 8, depth: 3, pooling: 'max', seed: FAST.seed });
    const a = initial.getWeights().map((w) => w.dataSync());
    const b = r.model.getWeights().map((w) => w.dataSync());
    const steps: number[] = [];
    a.forEach((w, i) => w.forEach((v, j) => steps.push(Math.abs(b[i][j] - v))));
    const moved = steps.filter((d) => d > lr / 2).sort((x, y) => x - y);
    expect(moved.length).toBeGreaterThan(100);
    expect(Math.max(...steps)).toBeLessThan(lr * 1.001);
    expect(moved[moved.length >> 1]).toBeCloseTo(lr, 5);
    initial.dispose();
    disposeModel(r.model);
  });

  it('says what is wrong with the data before training', async () => {
    expect(checkTrainingData([0, 0, 0], ['only'])?.title).toBe('Add at least two classes');
    expect(checkTrainingData([0, 0, 0], ['cats', 'dogs'])?.title).toBe('Class "dogs" has no images');
    expect(checkTrainingData([0, 0, 1], ['cats', 'dogs'])?.title).toBe('Class "dogs" has only one image');
    expect(checkTrainingData([0, 0, 3], ['cats', 'dogs'])?.title).toBe('An image has no valid class');
    expect(checkTrainingData([0, 1, 0, 1], ['cats', 'dogs'])).toBeNull();
    await expect(trainClassifier({ labels: ['a', 'b'], samples: samples.slice(0, 3).map((s) => ({ ...s, label: 0 })), settings: FAST })).rejects.toThrow(/Class "b" has no images/);
  });
});
