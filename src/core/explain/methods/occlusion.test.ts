import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModel } from '../../model/graph';
import { useBackend } from '../../testing/node';
import { cancelAfterFirstProgress, demoModel, expectFinite, expectNoLeak, explainImage, LESION, lesionSample, maxAbsDiff } from '../testkit';
import { OptionError } from '../types';
import { baselineTensor } from '../baselines';
import { occlusion, windowStarts } from './occlusion';

describe('occlusion', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('window positions cover every pixel and stay inside the image', () => {
    for (const size of [1, 7, 64, 65, 224]) {
      for (const window of [1, 3, 8, 16]) {
        if (window > size) continue;
        for (const stride of [1, 2, 3, window]) {
          if (stride > window) continue;
          const starts = windowStarts(size, window, stride);
          const covered = new Uint8Array(size);
          for (const s of starts) {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s + window).toBeLessThanOrEqual(size);
            covered.fill(1, s, s + window);
          }
          expect(covered.every((c) => c === 1)).toBe(true);
        }
      }
    }
  });

  it('with one window over the whole image, every pixel gets p(image) - p(baseline)', async () => {
    const lm = await demoModel();
    const s = lesionSample(1);
    for (const baseline of ['black', 'mean', 'blur'] as const) {
      const a = await explainImage(occlusion, lm, s, { window: 64, stride: 64, baseline });
      const x = lm.inputTensor(s.image);
      const ref = await baselineTensor({}, x, { kind: baseline });
      const [p, pf] = tf.tidy(() => {
        const probs = tf.softmax(runModel(lm.model, tf.concat([x, ref], 0), { logits: true }).output as tf.Tensor2D);
        return (probs.arraySync() as number[][]).map((r) => r[LESION]);
      });
      x.dispose();
      ref.dispose();
      expect(a.run.evaluations.total).toBe(1);
      expect(maxAbsDiff(a.values, new Float32Array(a.values.length).fill(p - pf))).toBeLessThan(1e-5);
    }
  });

  it('a stride larger than the window is refused with a clear OptionError', async () => {
    const lm = await demoModel();
    await expect(explainImage(occlusion, lm, lesionSample(0), { window: 4, stride: 8 })).rejects.toThrow(OptionError);
    await expect(explainImage(occlusion, lm, lesionSample(0), { window: 4, stride: 8 })).rejects.toThrow(/Stride/);
  });

  it('gives the same map whatever the batch size', async () => {
    const lm = await demoModel();
    const a = await explainImage(occlusion, lm, lesionSample(0), { window: 16, stride: 8 }, { batchSize: 4 });
    const b = await explainImage(occlusion, lm, lesionSample(0), { window: 16, stride: 8 }, { batchSize: 49 });
    expect(maxAbsDiff(a.values, b.values)).toBeLessThanOrEqual(1e-6);
  });

  it('leaks no tensors, and a cancel returns a partial result', async () => {
    const lm = await demoModel();
    for (const baseline of ['black', 'mean', 'blur', 'noise', 'color']) await expectNoLeak(() => explainImage(occlusion, lm, lesionSample(0), { window: 16, stride: 16, baseline }));
    const c = cancelAfterFirstProgress();
    const a = await expectNoLeak(() => explainImage(occlusion, lm, lesionSample(0), {}, { batchSize: 16, ...c }));
    expect(a.run.cancelled).toBe(true);
    expect(a.run.evaluations.done).toBe(16);
    expect(a.run.evaluations.total).toBeGreaterThan(16);
    expectFinite(a.values);
    // Only the windows done so far (the top rows) have values.
    expect(a.values.slice(40 * 64).every((v) => v === 0)).toBe(true);
  });

});
