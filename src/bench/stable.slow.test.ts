// "Until stable" against the fixed budget on the demo model (synthetic lesion images) and on a MobileNet-shaped
// model (64 px; random backbone with calibrated batch norm and a fitted head, src/bench/mobilenetHead.ts): the stable answer's top-5 regions equal the full budget's, and evaluations are
// saved. The full measurement is the bench figure scripts/bench/stable.ts.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareStable, summariseStable } from './stable';
import { mobileNetWithTrainedHead } from './mobilenetHead';
import { useBackend } from '../core/testing/node';
import { kernelShapMethod } from '../core/explain/methods/kernelShap';
import { lime } from '../core/explain/methods/lime';
import { demoModel, LESION, lesionSample } from '../core/explain/testkit';
import type { ExplainMethod } from '../core/explain/types';

const argmax = (p: number[]) => p.indexOf(Math.max(...p));

describe('until stable vs the fixed budget (slow)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('demo model, 12 held-out lesion images: LIME and SHAP top-5 (negligible regions aside) equal the full budget in >= 95%, with evaluations saved', async () => {
    const lm = await demoModel();
    const images = Array.from({ length: 12 }, (_, i) => lesionSample(i).image); // the bench runs 20 and more (scripts/bench/stable.ts)
    for (const m of [lime, kernelShapMethod] as ExplainMethod[]) {
      const rows = await compareStable(m, lm, images, () => LESION);
      const s = summariseStable(`${m.id} on the demo model (${tf.getBackend()})`, rows);
      console.log(s.line);
      expect(s.sameRelevantTop).toBeGreaterThanOrEqual(0.95);
      expect(s.saved).toBeGreaterThan(0);
      // Where a run did not stop early it is the fixed run itself (same seed, same samples).
      for (const r of rows) if (!r.stoppedEarly) expect(r.sameTop).toBe(true);
    }
  });

  it('MobileNet-shaped model (64 px; random backbone, calibrated batch norm, fitted head), 2 images: the same holds', async () => {
    const { model: lm } = await mobileNetWithTrainedHead({ inputSize: 64, perClass: 20, testPerClass: 1 });
    const images = Array.from({ length: 2 }, (_, i) => lesionSample(100 + i).image);
    for (const m of [lime, kernelShapMethod] as ExplainMethod[]) {
      const rows = await compareStable(m, lm, images, (p) => argmax(p));
      const s = summariseStable(`${m.id} on the MobileNet-shaped model (${tf.getBackend()})`, rows);
      console.log(s.line);
      expect(s.sameRelevantTop).toBe(1);
    }
    lm.dispose();
  });
});
