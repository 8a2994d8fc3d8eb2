// RISE on the demo model, scored on held-out synthetic images with ground-truth masks: a
// statistical check that takes minutes on 2 cores, so it runs in `npm run test:slow` (CI runs it too).
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../testing/node';
import { demoModel, pointingGame } from '../testkit';
import { rise } from './rise';

describe('RISE on held-out images (slow)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  // The heaviest test of the file: a generous timeout, as the machine may be shared.
  it('points at the lesion on held-out images', async () => {
    const lm = await demoModel();
    // 500 masks rather than the default 2000 keep this file near half a minute (2000 masks x 50 images
    // is ~100k forward passes, ~2 minutes on 2 cores); the map is noisier, its maximum barely moves.
    expect(await pointingGame(rise, lm, 50, { masks: 500 })).toBeGreaterThanOrEqual(0.8);
  }, 600_000);
});
