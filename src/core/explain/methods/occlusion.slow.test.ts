// Occlusion on the demo model, scored on held-out synthetic images with ground-truth masks: a
// statistical check that takes minutes on 2 cores, so it runs in `npm run test:slow` (CI runs it too).
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node';
import { demoModel, pointingGame } from '../testkit';
import { occlusion } from './occlusion';

describe('Occlusion on held-out images (slow)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  // The heaviest test of the file: a generous timeout, as the machine may be shared.
  it('points at the lesion on held-out images', async () => {
    const lm = await demoModel();
    expect(await pointingGame(occlusion, lm, 50)).toBeGreaterThanOrEqual(0.8);
  }, 600_000);
});
