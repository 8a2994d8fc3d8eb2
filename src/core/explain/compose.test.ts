import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BatchBuffer, blendMasks } from './compose';

describe('composing perturbed batches in JS', () => {
  it('blends each mask between the fill (0) and the image (1), in every channel', () => {
    const HW = 2;
    for (const C of [1, 3, 4]) {
      const x = Float32Array.from({ length: HW * C }, (_, i) => 10 + i);
      const fill = Float32Array.from({ length: HW * C }, (_, i) => -i);
      const diff = x.map((v, i) => v - fill[i]);
      const masks = Float32Array.from([1, 0, 0.25, 0.5]);
      const out = new Float32Array(2 * HW * C);
      blendMasks(out, fill, diff, masks, 2, HW, C);
      for (let b = 0; b < 2; b++) {
        for (let p = 0; p < HW; p++) {
          for (let c = 0; c < C; c++) {
            const q = p * C + c;
            const m = masks[b * HW + p];
            expect(out[b * HW * C + q]).toBeCloseTo(x[q] * m + fill[q] * (1 - m), 5);
          }
        }
      }
      // m = 1 gives the image exactly, m = 0 the fill exactly.
      expect(out[0]).toBe(x[0]);
      expect(out[C]).toBe(fill[C]);
    }
  });

  it('reuses its array only once the tensor made from it is gone (the CPU backend keeps the array itself)', async () => {
    await tf.setBackend('cpu');
    const batch = new BatchBuffer(2, 2, 1);
    const a = batch.array(2);
    a.fill(7);
    const t = batch.tensor(a, 2);
    const b = batch.array(2);
    expect(b).not.toBe(a);
    b.fill(9);
    expect(Array.from(await t.data())).toEqual(new Array(8).fill(7));
    t.dispose();
    const c = batch.array(2);
    expect(c).toBe(b);
    // A smaller batch (the last one) is a view of the same memory, shaped to fit.
    const d = batch.array(1);
    expect(d.length).toBe(4);
    expect(d.buffer).toBe(c.buffer);
    batch.tensor(d, 1).dispose();
    expect(tf.memory().numTensors).toBe(0);
  });
});
