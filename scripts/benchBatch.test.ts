// A tiny smoke of the bench's batch memory row (issue 13 "Batch"; `npm run bench` runs it with 500
// images): 6 synthetic images through the batch's per-image work on the demo model in Node (wasm), then
// the row figure 7 prints. Asserts what must hold at any N: no tensor and no tensor byte grows.

import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadDemoModel, useBackend } from '../src/core/testing/node';
import { batchMemoryRun } from '../src/bench/suite';
import type { BackendRun } from '../src/bench/types';
import { buildFigures } from './bench/figures';

describe('bench: batch memory row', () => {
  it('measures tensors, bytes and heap over a batch and reports growth per image; figure 7 gets the row', async () => {
    await useBackend('wasm');
    const m = await loadDemoModel();
    const start = tf.memory().numTensors;
    const logs: string[] = [];
    const r = await batchMemoryRun(m, 6, { env: 'node', loadDemo: loadDemoModel, log: (s) => logs.push(s) }, true);
    expect(r.status, r.reason).toBe('ok');
    // The model was the run's own: it is gone, and nothing else stayed.
    expect(tf.memory().numTensors).toBe(start - m.model.weights.length);
    expect(r.after!.numTensors).toBe(r.before!.numTensors);
    expect(r.after!.numBytes).toBe(r.before!.numBytes);
    expect(r.perImage).toMatchObject({ tensors: 0, bytes: 0 });
    expect(typeof r.perImage!.heapBytes).toBe('number');
    expect(r.heapSource).toMatch(/process\.memoryUsage/);
    expect(logs.join('\n')).toMatch(/batch memory: 6 images/);

    const run: BackendRun = {
      env: 'node', backend: 'wasm', status: 'ok', models: [], memory: { status: 'skipped', reason: 'not in this test', explanations: 0, method: 'gradcam' },
      batchMemory: r, training: { status: 'skipped', reason: 'x', trainer: 'x' }, notes: [], wallMs: 0,
    };
    const skipped = { status: 'skipped' as const, reason: 'not in this test' };
    const figures = buildFigures([], [run], {
      coldStart: { ...skipped, backends: [], runs: 0 },
      responsiveness: { lime: skipped, training: skipped } as never,
      ladder: skipped,
    });
    const row = figures.find((f) => f.key === 'memory')!.rows.find((x) => x.item.startsWith('batch of 6'))!;
    expect(row).toMatchObject({ status: 'ok', value: 0, meets: true, unit: 'tensors grown' });
    expect(row.detail).toMatch(/per image \(second half\): 0 tensors, 0 B, JS heap -?\d+(\.\d+)? B/);
  }, 120_000);
});
