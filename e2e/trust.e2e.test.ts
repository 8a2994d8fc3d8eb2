// Journey: a person explains a demo image and reads how far the map can be believed: deletion and
// insertion curves against a random order with their badges and plain-language lines, the sanity check
// run on demand with its curve, and seed stability for a sampled method. Screenshots at three sizes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, expectStayedLocal, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;
const panel = '[data-testid="trust-panel"]';
const LONG = 240_000;

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
  await w.page.locator('[data-testid="thumb"]', { hasText: 'demo lesion 1' }).locator('button.thumb-button').click();
  await waitHeatmap(w.page);
}, LONG);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const badgeOf = (id: string) => w.page.locator(`${panel} [data-testid="trust-${id}"] [data-testid="trust-badge"]`).first().textContent();

describe('the trust panel', () => {
  it('appears beside the map with deletion and insertion curves, badges and plain-language lines', async () => {
    await w.page.waitForSelector(`${panel} [data-testid="deletion-curve"] path.series.map`, { timeout: LONG });
    await w.page.waitForSelector(`${panel} [data-testid="insertion-curve"] path.series.random`, { timeout: LONG });
    // The random order's curve is drawn dashed, the map's solid.
    const dash = await w.page.locator(`${panel} [data-testid="deletion-curve"] path.series.random`).evaluate((p) => getComputedStyle(p).strokeDasharray);
    expect(dash).not.toBe('none');
    for (const id of ['deletion-auc', 'insertion-auc']) {
      expect(['good', 'weak', 'fails']).toContain((await badgeOf(id))?.trim().toLowerCase());
      const rule = await w.page.locator(`${panel} [data-testid="trust-${id}"] .trust-rule`).textContent();
      expect(rule).toMatch(/^Rule: Good when the map’s (deletion|insertion) AUC/);
    }
    const sentence = await w.page.locator(`${panel} [data-testid="trust-deletion-auc"] .trust-sentence`).textContent();
    // The demo lesion is saturated (> 99.9%), so the curves follow its logit (a probability stuck at 1 would be flat).
    expect(sentence).toMatch(/^Removing the 10% most important pixels (drops|moves) the logit from -?\d+\.\d\d to -?\d+\.\d\d; a random order/);
    expect(await w.page.locator(`${panel} [data-testid="deletion-curve"]`).textContent()).toContain('logit');
    // Grad-CAM on a demo lesion beats a random order (measured in Node: AUC 0.03 against 0.6).
    expect((await badgeOf('deletion-auc'))?.trim().toLowerCase()).toBe('good');
    // Grad-CAM samples nothing: no stability figure.
    expect(await w.page.locator(`${panel} [data-testid="trust-stability"]`).count()).toBe(0);
    for (const [name, width, height] of [['1400x900', 1400, 900], ['1024x768', 1024, 768], ['390x844', 390, 844]] as const) {
      await w.page.setViewportSize({ width, height });
      await w.page.locator(panel).scrollIntoViewIfNeeded();
      await w.page.screenshot({ path: path.join(ARTIFACTS, `trust-panel-${name}.png`) });
      // Nothing of the panel sticks out of the page sideways.
      const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, name).toBeLessThanOrEqual(0);
    }
    await w.page.setViewportSize({ width: 1360, height: 860 });
  }, LONG);

  it('runs the sanity check on demand and draws its curve with a badge', async () => {
    await w.page.locator(`${panel} [data-testid="sanity-run"]`).click();
    await w.page.waitForSelector(`${panel} [data-testid="sanity-curve"] path.series.map`, { timeout: LONG });
    expect(['good', 'weak']).toContain((await badgeOf('randomisation'))?.trim().toLowerCase());
    const sentence = await w.page.locator(`${panel} [data-testid="trust-randomisation"] .trust-sentence`).textContent();
    expect(sentence).toMatch(/The map changes when the model is randomised/);
    expect(sentence).toMatch(/ρ = -?\d\.\d\d after the top layer/);
    // One tick per randomised layer, the output layer first.
    const ticks = await w.page.locator(`${panel} [data-testid="sanity-curve"] .x-axis .tick text`).allTextContents();
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks[ticks.length - 1]).toBe('conv1');
    await w.page.locator(panel).scrollIntoViewIfNeeded();
    await w.page.screenshot({ path: path.join(ARTIFACTS, 'trust-sanity.png') });
  }, LONG);

  it('a sampled method gets a stability figure, and no figure of the previous method is shown', async () => {
    await w.page.locator('[data-testid="method-select"]').selectOption('smoothgrad');
    await w.page.waitForSelector('[data-testid="heatmap"][data-method="smoothgrad"]', { timeout: LONG });
    await w.page.waitForSelector(`${panel} [data-testid="trust-stability"]`, { timeout: LONG });
    expect(['good', 'weak', 'fails']).toContain((await badgeOf('stability'))?.trim().toLowerCase());
    expect(await w.page.locator(`${panel} [data-testid="trust-stability"] .trust-label`).textContent()).toMatch(/seeds 0 and 1/);
    // The sanity check belonged to Grad-CAM's map: it is not carried over.
    expect(await w.page.locator(`${panel} [data-testid="trust-randomisation"]`).count()).toBe(0);
    await expectStayedLocal(w, { minRequests: 3 });
  }, LONG);
});
