import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { batchSizeFor, batchedScores, yieldToEventLoop } from './batching';
import { smallCnn } from '../model/architectures';
import { useBackend } from '../testing/node';

describe('batchSizeFor', () => {
  // The promise in its docstring: one batch of float32 inputs stays under about 48 MB of memory.
  const BUDGET_BYTES = 48 * 1024 * 1024;
  const CPU = ['wasm', 'cpu'];
  const GPU = ['webgl', 'webgpu'];
  // Inputs from a 28x28 greyscale digit to a 4096x4096 RGB scan, about 1.5x apart.
  const sizes: number[] = [];
  for (let n = 28 * 28; n <= 4096 * 4096 * 3; n = Math.ceil(n * 1.5)) sizes.push(n);

  it('keeps one batch of inputs under the memory budget, with at least one input per batch', () => {
    for (const backend of [...CPU, ...GPU]) {
      for (const n of sizes) {
        const b = batchSizeFor(backend, n);
        expect(Number.isInteger(b) && b >= 1, `${backend} ${n}`).toBe(true);
        if (b > 1) expect(b * n * 4, `${backend} ${n}`).toBeLessThanOrEqual(BUDGET_BYTES);
      }
    }
    // an input bigger than the budget on its own still runs, one at a time
    expect(batchSizeFor('wasm', BUDGET_BYTES)).toBe(1);
  });

  it('batches small inputs, and makes batches no larger as inputs grow', () => {
    for (const backend of [...CPU, ...GPU]) {
      expect(batchSizeFor(backend, 64 * 64 * 3), backend).toBeGreaterThan(1);
      for (let i = 1; i < sizes.length; i++) expect(batchSizeFor(backend, sizes[i]), `${backend} ${sizes[i]}`).toBeLessThanOrEqual(batchSizeFor(backend, sizes[i - 1]));
    }
  });

  it('gives the GPU backends no larger batches than the CPU ones (one long batch holds the GPU)', () => {
    for (const n of sizes) for (const g of GPU) for (const c of CPU) expect(batchSizeFor(g, n), `${g} vs ${c} at ${n}`).toBeLessThanOrEqual(batchSizeFor(c, n));
    expect(batchSizeFor('webgl', 64 * 64 * 3)).toBeLessThan(batchSizeFor('wasm', 64 * 64 * 3));
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
