// Journey: an educator in a workshop. The guided tour steps through the demo (image → prediction →
// Grad-CAM → another class → LIME → compare → train), can be skipped and restarted; the Train view has help
// on every setting with links into the glossary; a webcam frame goes into a class (Chromium's fake camera);
// the shortcut variant of the synthetic set trains, and an explained validation image shows its ground-truth
// region, "next error" and "back to the matrix". Nothing leaves the page's origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launch, openStudio, serveDist, waitReady, type Served, type Watched, expectStayedLocal } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveDist();
  // This file only: a fake camera that needs no permission prompt.
  browser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  w = await openStudio(browser, server.url);
  await w.context.grantPermissions(['camera'], { origin: new URL(server.url).origin });
  await waitReady(w.page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const page = () => w.page;
const popover = () => page().locator('.driver-popover');

describe('a studio that teaches', () => {
  it('tours the demo step by step, and can be skipped and restarted', async () => {
    await page().click('[data-testid="tour-start"]');
    const titles: string[] = [];
    for (let i = 1; i <= 7; i++) {
      await expect.poll(() => popover().locator('.driver-popover-progress-text').textContent()).toBe(`${i} of 7`);
      titles.push((await popover().locator('.driver-popover-title').textContent()) ?? '');
      if (i === 3) await page().screenshot({ path: path.join(ARTIFACTS, 'teach-tour.png') });
      await popover().locator('.driver-popover-next-btn').click();
    }
    expect(titles).toEqual(['An image', 'The prediction', 'Why? Grad-CAM', 'Another class', 'LIME', 'Compare', 'Train your own']);
    await expect.poll(() => popover().count()).toBe(0);

    // Restart, go two steps, skip with Escape.
    await page().click('[data-testid="tour-start"]');
    await expect.poll(() => popover().locator('.driver-popover-title').textContent()).toBe('An image');
    await popover().locator('.driver-popover-next-btn').click();
    await expect.poll(() => popover().locator('.driver-popover-progress-text').textContent()).toBe('2 of 7');
    await page().keyboard.press('Escape');
    await expect.poll(() => popover().count()).toBe(0);
    // A step whose element is missing still shows (centred): remove the probability chart and restart.
    await page().evaluate(() => document.querySelector('[data-testid="prob-chart"]')?.setAttribute('data-testid', 'prob-chart-hidden'));
    await page().click('[data-testid="tour-start"]');
    await popover().locator('.driver-popover-next-btn').click();
    await expect.poll(() => popover().locator('.driver-popover-title').textContent()).toBe('The prediction');
    await popover().locator('.driver-popover-close-btn').click();
    await expect.poll(() => popover().count()).toBe(0);
    await page().evaluate(() => document.querySelector('[data-testid="prob-chart-hidden"]')?.setAttribute('data-testid', 'prob-chart'));
  }, 120_000);

  it('explains every training setting and links into the glossary', async () => {
    await page().click('[data-testid="view-train"]');
    await page().waitForSelector('[data-testid="train-settings"]', { timeout: 30_000 });
    const described = await page().getAttribute('[data-testid="setting-epochs"]', 'aria-describedby');
    expect(await page().locator(`#${described}`).textContent()).toContain('One epoch is one pass');
    await page().click('[data-testid="help-epochs"] [data-testid="term-overfitting"]');
    const dialog = page().locator('[data-testid="glossary"]');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('.current dt').textContent()).toBe('Overfitting');
    await page().keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('captures a webcam frame into a class', async () => {
    await page().click('[data-testid="add-class"]');
    const bucket = page().locator('[data-testid="train-class"]').last();
    await bucket.locator('[data-testid="webcam-open"]').click();
    await page().waitForFunction(() => ((document.querySelector('[data-testid="webcam-video"]') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, undefined, { timeout: 30_000 });
    await bucket.locator('[data-testid="webcam-capture"]').click();
    await expect.poll(() => bucket.locator('[data-testid="class-count"]').textContent(), { timeout: 30_000 }).toBe('1 image');
    await bucket.locator('[data-testid="webcam-close"]').click();
    await expect.poll(() => page().locator('[data-testid="webcam-video"]').count()).toBe(0);
  }, 60_000);

  it('trains on the shortcut variant and shows an explained image\'s ground truth, next error and the way back', async () => {
    await page().check('[data-testid="dataset-shortcut"]');
    await page().selectOption('[data-testid="dataset-difficulty"]', 'hard');
    await page().click('[data-testid="use-synthetic"]');
    await expect.poll(async () => (await page().locator('[data-testid="class-count"]').allTextContents()).join('|'), { timeout: 60_000 }).toBe('100 images|100 images|100 images');
    // Another choice applies only when the set is drawn again, and the panel says so until it is.
    expect(await page().locator('[data-testid="dataset-pending"]').count()).toBe(0);
    await page().selectOption('[data-testid="dataset-difficulty"]', 'easy');
    expect(await page().locator('[data-testid="dataset-pending"]').textContent()).toMatch(/still hold the Hard.*\(with the shortcut\) set/);
    await page().selectOption('[data-testid="dataset-difficulty"]', 'hard');
    expect(await page().locator('[data-testid="dataset-pending"]').count()).toBe(0);
    const epochs = page().locator('[data-testid="setting-epochs"]');
    await epochs.fill('1');
    await epochs.press('Enter');
    await page().click('[data-testid="train-start"]');
    await page().waitForSelector('[data-testid="train-results"]', { timeout: 180_000 });
    await page().screenshot({ path: path.join(ARTIFACTS, 'teach-shortcut-results.png') });
    const items = page().locator('[data-testid="cell-images"] [data-testid="explain-val-image"]');
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await items.first().click();
    await page().waitForSelector('[data-testid="matrix-nav"]', { timeout: 30_000 });
    // Walk the errors until one with a lesion or cyst (a "normal" image has no region to show).
    for (let k = 0; k < 20 && (await page().locator('[data-testid="ground-truth-note"]').count()) === 0; k++) {
      if (!(await page().locator('[data-testid="next-error"]').isEnabled())) break;
      const before = await page().locator('[data-testid="image-name"]').textContent();
      await page().click('[data-testid="next-error"]');
      await expect.poll(() => page().locator('[data-testid="image-name"]').textContent()).not.toBe(before);
    }
    await expect.poll(() => page().locator('[data-testid="ground-truth-note"]').count()).toBe(1);
    await expect.poll(() => page().locator('[data-testid="reference-source"]').textContent()).toContain('ground truth');
    expect(await page().locator('[data-testid="reference-overlay"]').count()).toBe(1);
    await page().screenshot({ path: path.join(ARTIFACTS, 'teach-ground-truth.png') });
    await page().click('[data-testid="back-to-matrix"]');
    await page().waitForSelector('[data-testid="confusion-matrix"]', { timeout: 30_000 });
    await expectStayedLocal(w, { minRequests: 3 });
  }, 300_000);
});
