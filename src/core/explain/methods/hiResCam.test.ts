import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node';
import { demoModel, expectNoLeak, explainImage, lesionSample, maxAbsDiff } from '../testkit';
import { getMethod } from '../registry';
import { hiResCam } from './hiResCam';

/** Grad-CAM, for comparison (methods do not import each other, tests neither). */
const gradCam = getMethod('gradcam');
describe('HiResCAM', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('equals Grad-CAM when the layer is followed by global average pooling and a dense layer', async () => {
    // There the gradient is the same at every location (w_k / (h·w)), so averaging it changes
    // nothing: the HiResCAM paper's equivalence result.
    const lm = await demoModel();
    for (const i of [0, 1, 2, 3]) {
      const s = lesionSample(i);
      const h = await explainImage(hiResCam, lm, s);
      const g = await explainImage(gradCam, lm, s);
      const scale = Math.max(...g.values.map(Math.abs), 1e-12);
      expect(maxAbsDiff(h.values, g.values) / scale).toBeLessThan(1e-4);
    }
  });

  it('is non-negative and leaks no tensors', async () => {
    const lm = await demoModel();
    const a = await expectNoLeak(() => explainImage(hiResCam, lm, lesionSample(0)));
    expect(Math.min(...a.values)).toBeGreaterThanOrEqual(0);
    expect(a.run.layer).toBe(lm.info.defaultCamLayer);
  });

});
