// Test-only: the small training task train.test.ts and train.slow.test.ts share (labels, input size, the
// fast settings) and an accuracy measured independently of the trainer.
import * as tf from '@tensorflow/tfjs';
import type { TrainSample, TrainSettings } from './train';
import { SYNTHETIC_LABELS, syntheticDataset } from '../data/synthetic';
import { toInputArray } from '../image/preprocess';
import { argmax } from '../testing/node';
import type { ModelMetadata } from '../../shared/types';

export const LABELS = [...SYNTHETIC_LABELS];
export const SIZE = 32;
/** Small enough to train in seconds on 2 shared cores, large enough to learn the synthetic task. */
export const FAST: Partial<TrainSettings> = { inputSize: SIZE, width: 8, depth: 3, batchSize: 16, epochs: 6, seed: 3 };

/** 300 synthetic samples (seed 11) at SIZE x SIZE, labelled 0..2. */
export function trainingSamples(): TrainSample[] {
  return syntheticDataset(11, 300, { size: SIZE }).map((s) => ({ image: s.image, label: s.label }));
}

/** Accuracy of `model` on the given samples, preprocessed exactly as its metadata says. */
export async function accuracyOn(model: tf.LayersModel, meta: ModelMetadata, samples: TrainSample[]): Promise<number> {
  const p = meta.preprocessing;
  const stride = p.width * p.height * p.channels;
  const buf = new Float32Array(samples.length * stride);
  samples.forEach((s, i) => buf.set(toInputArray(s.image, p), i * stride));
  const probs = tf.tidy(() => model.predict(tf.tensor4d(buf, [samples.length, p.height, p.width, p.channels])) as tf.Tensor2D);
  const rows = (await probs.array()) as number[][];
  probs.dispose();
  return rows.filter((r, i) => argmax(r) === samples[i].label).length / samples.length;
}
