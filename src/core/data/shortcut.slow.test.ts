// The shortcut lesson, end to end in Node (npm run test:slow): a small CNN trained on the "shortcut"
// variant is right on training images and much less so on validation images, and Grad-CAM on training-like
// lesion images puts its mass on the corner marker, measured against the marker mask the generator knows.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { trainClassifier, type TrainSample } from '../model/train';
import { LoadedModel } from '../model/loaded';
import { useBackend } from '../testing/node';
import { accuracyOn } from '../model/trainFixture';
import { gradCam } from '../explain/methods/gradCam';
import { validateOptions } from '../explain/types';
import { SPLIT_SEEDS, SYNTHETIC_LABELS, SHORTCUT, syntheticVariantSample } from './synthetic';
import { teachingDataset } from './teachingSet';

const SIZE = 64;
const SETTINGS = { inputSize: SIZE, width: 8, depth: 3, batchSize: 16, epochs: 5, seed: 3, validationFraction: 0.3 };

/** Share of the map's positive mass inside `mask` (same grid). */
function massInside(values: Float32Array, mask: Uint8Array): number {
  let inside = 0, total = 0;
  values.forEach((v, i) => {
    if (v > 0) {
      total += v;
      if (mask[i]) inside += v;
    }
  });
  return total > 0 ? inside / total : 0;
}

describe('the shortcut variant teaches "right answer, wrong reason" (wasm, slow)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('validation accuracy drops against training accuracy, and Grad-CAM sits on the marker', async () => {
    const variant = { difficulty: 'hard', shortcut: true } as const;
    const ds = teachingDataset(SPLIT_SEEDS.train, 300, variant, { size: SIZE, validationFraction: SETTINGS.validationFraction, splitSeed: SETTINGS.seed });
    const samples: TrainSample[] = ds.map((s) => ({ image: s.image, label: s.label }));
    const r = await trainClassifier({ labels: [...SYNTHETIC_LABELS], samples, settings: SETTINGS, name: 'shortcut' });
    const rep = r.report;
    // the trainer's validation part is the one the images were drawn for
    expect(rep.validationIndices).toEqual(ds.flatMap((s, i) => (s.part === 'validation' ? [i] : [])));
    const trainAcc = await accuracyOn(r.model, r.metadata, rep.trainIndices.map((i) => samples[i]));
    const valAcc = await accuracyOn(r.model, r.metadata, rep.validationIndices.map((i) => samples[i]));

    // Fresh training-like lesion images (another seed) with the marker, as the training part draws them.
    const model = new LoadedModel(r.model, r.metadata);
    const shares: number[] = [];
    const lesionShares: number[] = [];
    const before = tf.memory().numTensors;
    for (let i = 0; shares.length < 8 && i < 200; i++) {
      const s = syntheticVariantSample(SPLIT_SEEDS.test, i, variant, { size: SIZE, label: SHORTCUT.label, part: 'train' });
      if (!s.marker) continue;
      const x = model.inputTensor(s.image);
      const a = await gradCam.explain({ model: model.model, info: model.info }, x, SHORTCUT.label, validateOptions(gradCam));
      x.dispose();
      expect(a.width).toBe(SIZE);
      shares.push(massInside(a.values, s.markerMask));
      lesionShares.push(massInside(a.values, s.mask));
    }
    expect(tf.memory().numTensors).toBe(before);
    const markerArea = syntheticVariantSample(0, 0, variant, { size: SIZE }).markerMask.reduce((a, b) => a + b, 0) / (SIZE * SIZE);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `[shortcut] train accuracy ${(trainAcc * 100).toFixed(1)}%, validation ${(valAcc * 100).toFixed(1)}%; Grad-CAM mass on the marker ${(mean(shares) * 100).toFixed(1)}% ` +
        `(its area ${(markerArea * 100).toFixed(1)}%), on the lesion ${(mean(lesionShares) * 100).toFixed(1)}%`,
    );
    expect(shares.length).toBe(8);
    expect(trainAcc).toBeGreaterThan(0.7);
    expect(trainAcc - valAcc).toBeGreaterThan(0.15);
    expect(mean(shares)).toBeGreaterThan(4 * markerArea);
    expect(mean(shares)).toBeGreaterThan(mean(lesionShares));
    model.dispose();
  }, 600_000);
});
