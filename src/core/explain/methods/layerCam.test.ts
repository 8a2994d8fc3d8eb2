import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node';
import { demoModel, expectNoLeak, explainImage, lesionSample } from '../testkit';
import { getMethod } from '../registry';
import { layerCam } from './layerCam';

/** Grad-CAM, for comparison (methods do not import each other, tests neither). */
const gradCam = getMethod('gradcam');
describe('LayerCAM', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('is never below Grad-CAM on a ReLU layer followed by global average pooling', async () => {
    // With a location-independent gradient g_k and A >= 0: sum_k relu(g_k) A_k >= sum_k g_k A_k.
    const lm = await demoModel();
    for (const i of [0, 1, 2]) {
      const s = lesionSample(i);
      const l = await explainImage(layerCam, lm, s);
      const g = await explainImage(gradCam, lm, s);
      const scale = Math.max(...l.values, 1e-12);
      const worst = Math.min(...l.values.map((v, p) => v - g.values[p]));
      expect(worst).toBeGreaterThanOrEqual(-1e-5 * scale);
    }
  });

  it('runs on earlier layers too, leaks no tensors, and names the layer it used', async () => {
    const lm = await demoModel();
    for (const layer of lm.info.camLayers) {
      const a = await expectNoLeak(() => explainImage(layerCam, lm, lesionSample(0), { layer }));
      expect(a.run.layer).toBe(layer);
      expect(a.values.length).toBe(64 * 64);
      expect(Math.min(...a.values)).toBeGreaterThanOrEqual(0);
    }
  });

  it('rejects a layer without spatial output with a clear message', async () => {
    const lm = await demoModel();
    await expect(explainImage(layerCam, lm, lesionSample(0), { layer: 'classifier' })).rejects.toThrow(/no spatial output/);
  });

});
