// Steps shared by the journeys that must work in every form of Glassbox (served dist/, the one-file
// build from file://, the static site offline): train one epoch, save the model, reload, load it back.

import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { waitHeatmap, waitReady } from './harness';

/** Trains one epoch on the built-in synthetic set, saves the model and returns its name. */
export async function trainOneEpochAndSave(page: Page): Promise<string> {
  await page.click('[data-testid="view-train"]');
  await page.waitForSelector('[data-testid="train-settings"]');
  await page.click('[data-testid="use-synthetic"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="train-class"]').length === 3, null, { timeout: 60_000 });
  const epochs = page.locator('[data-testid="setting-epochs"]');
  await epochs.fill('1');
  await epochs.press('Enter');
  await page.click('[data-testid="train-start"]');
  await page.waitForSelector('[data-testid="train-results"]', { timeout: 180_000 });
  expect(Number(await page.locator('[data-testid="val-accuracy"]').getAttribute('data-value'))).toBeGreaterThan(0);
  await page.click('[data-testid="save-trained"]');
  const notice = page.locator('[data-testid="notice"]', { hasText: 'Saved "' });
  await notice.first().waitFor({ timeout: 30_000 });
  return /Saved "([^"]+)"/.exec((await notice.first().textContent()) ?? '')![1];
}

/** Reloads the page, finds the saved model in the library, loads it and explains a demo image with it. */
export async function reloadLoadAndExplain(page: Page, name: string): Promise<void> {
  await page.reload();
  await waitReady(page);
  await page.click('[data-testid="view-models"]');
  const row = page.locator(`[data-testid="saved-model"][data-name="${name}"]`);
  await row.waitFor({ timeout: 30_000 });
  await row.locator('[data-testid="load-saved"]').click();
  await expect.poll(() => page.locator('[data-testid="current-model-name"]').textContent()).toBe(name);
  await page.click('[data-testid="view-explain"]');
  await page.locator('[data-testid="thumb"]', { hasText: 'demo lesion 1' }).locator('button.thumb-button').click();
  await expect.poll(() => page.locator('aside.side .panel-head .muted').textContent()).toContain(name.split(':')[0]);
  expect(await waitHeatmap(page)).toBeGreaterThan(0);
}
