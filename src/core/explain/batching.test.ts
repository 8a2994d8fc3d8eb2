import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { batchSizeFor, batchedScores, yieldToEventLoop } from './batching';
import { smallCnn } from '../model/architectures';
import { useBackend } from '../testing/node';

describe('batchSizeFor', () => {
  it('uses big batches for small inputs, fewer for big ones, and never less than one', () => {
    expect(batchSizeFor('wasm', 64 * 64 * 3)).toBe(64);
    expect(batchSizeFor('webgl', 64 * 64 * 3)).toBe(32);
    const big = batchSizeFor('wasm', 224 * 224 * 3);
    expect(big).toBeLessThanOrEqual(64);
    expect(big * 224 * 224 * 3 * 4).toBeLessThanOrEqual(48 * 1024 * 1024);
    expect(batchSizeFor('wasm', 4096 * 4096 * 3)).toBe(1);
  });
});

describe('batchedScores', () => {
  let model: tf.Sequential;
  beforeAll(async () => {
    await useBackend('cpu');
    model = smallCnn({ inputSize: 8, classes: 3, width: 2 });
  });
  afterAll(() => model.dispose());

  const inputs = (start: number, size: number) => tf.tidy(() => tf.stack(Array.from({ length: size }, (_, i) => tf.fill([8, 8, 3], (start + i) / 10))) as tf.Tensor4D);

  it('gives the same scores whatever the batch size', async () => {
    const a = await batchedScores(model, { count: 10, makeBatch: inputs, target: 1, batchSize: 3 });
    const b = await batchedScores(model, { count: 10, makeBatch: inputs, target: 1, batchSize: 10 });
    expect(a.done).toBe(10);
    for (let i = 0; i < 10; i++) expect(a.scores[i]).toBeCloseTo(b.scores[i], 5);
  });

  it('lets a cancel arrive between batches (a macrotask runs) and returns what it did', async () => {
    const signal = { aborted: false };
    setTimeout(() => (signal.aborted = true), 0);
    const before = tf.memory().numTensors;
    const r = await batchedScores(model, { count: 1000, makeBatch: inputs, batchSize: 2, signal });
    expect(r.cancelled).toBe(true);
    expect(r.done).toBeLessThan(1000);
    expect(tf.memory().numTensors).toBe(before);
    await yieldToEventLoop();
  });
});
