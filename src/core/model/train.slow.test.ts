// Training on the demo task (npm run test:slow; CI runs it too): the small CNN reaches 90% validation
// accuracy on synthetic images with a report that adds up, and training throughput is measured per backend.
// Minutes on 2 shared cores; train.test.ts keeps the fast behaviour (stopping, splits, tensors, metadata).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { measureTrainingThroughput, trainClassifier, type TrainProgress, type TrainSample } from './train';
import { disposeModel } from './graph';
import { saveLayersModelToFiles } from './io';
import { loadValidatedModel } from './validate';
import { useBackend } from '../testing/node';
import { accuracyOn, FAST, LABELS, SIZE, trainingSamples } from './trainFixture';

describe('training the small CNN to accuracy (wasm backend, slow)', () => {
  let samples: TrainSample[];

  beforeAll(async () => {
    await useBackend('wasm');
    samples = trainingSamples();
  });

  it('reaches >= 90% validation accuracy, reports consistently, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const progress: TrainProgress[] = [];
    const t0 = performance.now();
    const r = await trainClassifier({ labels: LABELS, samples, settings: FAST, onProgress: (p) => progress.push(p), name: 'synthetic' });
    const ms = performance.now() - t0;
    const rep = r.report;
    console.log(
      `[train] ${rep.trainIndices.length} train / ${rep.validationIndices.length} validation images at ${SIZE} px: validation accuracy ${(rep.validationAccuracy! * 100).toFixed(1)}% ` +
        `(best at epoch ${rep.bestEpoch}, ${rep.stoppedBy} after ${rep.epochsRun}), ${rep.imagesPerSec.toFixed(0)} training images/s on ${rep.backend}, ${(ms / 1000).toFixed(1)} s in all`,
    );
    expect(rep.backend).toBe('wasm');
    expect(rep.validationAccuracy).toBeGreaterThanOrEqual(0.9);

    // The kept weights are the best ones seen, and the model really scores that on the held-out images.
    expect(rep.validationAccuracy).toBe(Math.max(...rep.history.valAcc));
    const valSamples = rep.validationIndices.map((i) => samples[i]);
    expect(await accuracyOn(r.model, r.metadata, valSamples)).toBeCloseTo(rep.validationAccuracy!, 10);

    // Confusion matrix: rows are the true classes and sum to each class's validation count.
    const valCounts = LABELS.map((_, c) => valSamples.filter((s) => s.label === c).length);
    expect(rep.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(valCounts);
    const trace = rep.confusion.reduce((a, row, i) => a + row[i], 0);
    expect(trace / rep.validationIndices.length).toBeCloseTo(rep.validationAccuracy!, 10);
    rep.perClass.forEach((c, k) => {
      const colSum = rep.confusion.reduce((a, row) => a + row[k], 0);
      expect(c.support).toBe(valCounts[k]);
      expect(c.recall).toBeCloseTo(rep.confusion[k][k] / valCounts[k], 10);
      if (colSum) expect(c.precision).toBeCloseTo(rep.confusion[k][k] / colSum, 10);
      else expect(c.precision).toBeNull();
    });
    expect(rep.misclassified.length).toBe(rep.validationIndices.length - trace);
    for (const m of rep.misclassified) {
      expect(rep.validationIndices).toContain(m.index);
      expect(samples[m.index].label).toBe(m.trueLabel);
      expect(m.predicted).not.toBe(m.trueLabel);
    }

    // Progress: every batch, then each epoch, with numbers a progress bar can use.
    const batches = progress.filter((p) => p.phase === 'batch');
    const epochs = progress.filter((p) => p.phase === 'epoch');
    expect(batches.length).toBe(Math.ceil(rep.trainIndices.length / 16) * epochs.length);
    expect(epochs.length).toBe(rep.history.epoch.length);
    expect(batches[0]).toMatchObject({ epoch: 1, batch: 1, batches: 15, epochs: 6, valAcc: null });
    for (const p of progress) {
      expect(Number.isFinite(p.loss) && Number.isFinite(p.acc) && p.imagesPerSec > 0 && p.etaMs >= 0).toBe(true);
    }
    expect(epochs[epochs.length - 1].valAcc).toBe(rep.history.valAcc[rep.history.valAcc.length - 1]);
    expect(rep.history.loss[rep.history.loss.length - 1]).toBeLessThan(rep.history.loss[0]);

    // The metadata describes how to feed the model; a save/load round trip keeps it working.
    expect(r.metadata).toMatchObject({ name: 'synthetic', labels: LABELS, source: 'trained', validationAccuracy: rep.validationAccuracy });
    expect(r.metadata.preprocessing).toMatchObject({ width: SIZE, height: SIZE, channels: 3, scale: 'meanStd' });
    const saved = await saveLayersModelToFiles(r.model);
    const loaded = await loadValidatedModel({ modelJson: JSON.stringify(saved.modelJson), shards: new Map([[saved.shardName, saved.weights]]), metadataText: JSON.stringify(r.metadata) });
    if (!loaded.ok) throw new Error(loaded.error.title);
    expect(loaded.metadata.preprocessing).toEqual(r.metadata.preprocessing);
    expect(await accuracyOn(loaded.model, loaded.metadata, valSamples)).toBeCloseTo(rep.validationAccuracy!, 10);
    disposeModel(loaded.model);

    disposeModel(r.model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('measures training throughput per backend (wasm with Glassbox’s filter-gradient kernel, and cpu)', async () => {
    const before = tf.memory().numTensors;
    // Batch 8 and one timed step: the cpu backend takes seconds per batch even at this size.
    const shape = { inputSize: SIZE, width: 8, depth: 3, batchSize: 8 };
    const wasm = await measureTrainingThroughput({ ...shape, steps: 3 });
    await useBackend('cpu');
    const cpu = await measureTrainingThroughput({ ...shape, steps: 1 });
    await useBackend('wasm');
    console.log(`[train] small CNN ${SIZE} px width 8, batch 8: wasm ${wasm.imagesPerSec.toFixed(0)} images/s (${wasm.msPerBatch.toFixed(0)} ms/batch), cpu ${cpu.imagesPerSec.toFixed(0)} images/s (${cpu.msPerBatch.toFixed(0)} ms/batch)`);
    expect(wasm.backend).toBe('wasm');
    expect(cpu.backend).toBe('cpu');
    expect(wasm.imagesPerSec).toBeGreaterThan(0);
    expect(cpu.imagesPerSec).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
