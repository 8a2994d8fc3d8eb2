// Grad-CAM++ on the demo model, scored on held-out synthetic images with ground-truth masks: a
// statistical check that takes minutes on 2 cores, so it runs in `npm run test:slow` (CI runs it too).
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node';
import { demoModel, pointingGame } from '../testkit';
import { gradCamPlusPlus } from './gradCamPlusPlus';

describe('Grad-CAM++ on held-out images (slow)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('points at the lesion on held-out images', async () => {
    const lm = await demoModel();
    expect(await pointingGame(gradCamPlusPlus, lm, 100)).toBeGreaterThanOrEqual(0.8);
  });
});
