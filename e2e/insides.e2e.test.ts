// Journey (issue 17): a teacher trains on the built-in synthetic set with the interpretable baselines, reads
// "How much accuracy does transparency cost?" (the CNN beside logistic regression, a decision tree and a
// small MLP), sees a validation image explained by each of them beside the CNN's Grad-CAM with its path
// drawn on the tree, then opens the Models view and looks inside the trained CNN: a layer's activations.
// Nothing leaves the page's origin.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launch, openStudio, serveDist, waitReady, expectStayedLocal, type Served, type Watched } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
});

afterAll(async () => {
  console.log('[insides e2e] figures', JSON.stringify(figures));
  await browser?.close();
  await server?.close();
});

const page = () => w.page;

async function shoot(name: string, width: number, height: number) {
  await page().setViewportSize({ width, height });
  const section = page().locator('[data-testid="baselines"]');
  await section.scrollIntoViewIfNeeded();
  await page().screenshot({ path: path.join(ARTIFACTS, `insides-${name}-${width}x${height}.png`) });
  await section.screenshot({ path: path.join(ARTIFACTS, `insides-${name}-${width}x${height}-section.png`) });
}

describe('models that explain themselves, and the model’s insides', () => {
  it('trains on the synthetic set with the baselines (Stop while they fit skips them) and shows the table: four rows with numbers', async () => {
    await page().click('[data-testid="view-train"]');
    await page().waitForSelector('[data-testid="train-settings"]');
    await page().click('[data-testid="use-synthetic"]');
    await page().waitForFunction(() => document.querySelectorAll('[data-testid="train-class"]').length === 3, null, { timeout: 60_000 });
    const epochs = page().locator('[data-testid="setting-epochs"]');
    await epochs.fill('1');
    await epochs.press('Enter');
    // Once the CNN is trained the run says it wraps up; Stop then skips the baselines and says so.
    await page().click('[data-testid="train-start"]');
    await page().locator('[data-testid="train-wrapup"]').waitFor({ timeout: 180_000 });
    await page().click('[data-testid="train-stop"]');
    const missing = page().locator('[data-testid="baselines-missing"]');
    await missing.waitFor({ timeout: 120_000 });
    expect(await missing.textContent()).toMatch(/skipped: Stop was pressed/);
    expect(await page().locator('[data-testid="train-results"]').isVisible()).toBe(true);
    // A run left alone fits them.
    await page().click('[data-testid="train-start"]');
    const table = page().locator('[data-testid="baseline-table"]');
    await table.waitFor({ timeout: 180_000 });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')))).toEqual(['cnn', 'logistic', 'tree', 'mlp']);
    const acc = (await table.locator('[data-testid="baseline-accuracy"]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')))).map(Number);
    figures.accuracy = acc;
    figures.ms = await table.locator('[data-testid="baseline-time"]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-ms'))));
    expect(acc).toHaveLength(4);
    for (const a of acc) expect(a >= 0 && a <= 1).toBe(true);
    // a visible percentage in every accuracy cell
    for (const text of await table.locator('[data-testid="baseline-accuracy"]').allTextContents()) expect(text).toMatch(/\d+(\.\d)?%/);
    expect(await page().locator('[data-testid="baseline-weight-map"]').count()).toBe(3);
  });

  it('explains a validation image with each baseline beside Grad-CAM, its path drawn on the tree', async () => {
    await page().locator('[data-testid="baseline-path"] li.leaf').waitFor({ timeout: 60_000 });
    await page().locator('[data-testid="baseline-gradcam"] canvas.heat').waitFor({ timeout: 90_000 });
    // Grad-CAM's colour scale beside it, in its units (the baselines' maps carry their own signed scales)
    const legend = page().locator('[data-testid="baseline-gradcam"] [data-testid="legend"]');
    expect(await legend.isVisible()).toBe(true);
    expect(await legend.getAttribute('data-units')).toBe('activation-x-logit-gradient');
    const steps = await page().locator('[data-testid="baseline-path"] li').count();
    // the tree's nodes on the path: the root and one per step
    expect(await page().locator('[data-testid="baseline-tree"] .node[data-on-path="true"]').count()).toBe(steps);
    for (const [n, wd, ht] of [['wide', 1400, 900], ['laptop', 1024, 768], ['phone', 390, 844]] as const) await shoot(n, wd, ht);
    await page().setViewportSize({ width: 1360, height: 860 });
  });

  it('opens a layer of the trained CNN in the Models view and sees its activations', async () => {
    await page().click('[data-testid="view-models"]');
    const graph = page().locator('[data-testid="model-graph"]');
    await graph.waitFor({ timeout: 60_000 });
    const layers = graph.locator('[data-layer]');
    expect(await layers.count()).toBeGreaterThan(2);
    await layers.nth(1).click();
    const acts = page().locator('[data-testid="activations"]');
    await acts.waitFor({ timeout: 60_000 });
    // a channel's most exciting images: the studio's images ranked by its mean activation
    await acts.locator('li[data-channel]').first().click();
    const gallery = page().locator('[data-testid="channel-gallery"]');
    await gallery.locator('[data-testid="channel-gallery-item"]').first().waitFor({ timeout: 90_000 });
    const values = (await gallery.locator('[data-testid="channel-gallery-item"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))))).filter(Number.isFinite);
    expect(values.length).toBeGreaterThan(0);
    // strongest first
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // by keyboard: the channel number can be cleared and typed whole; Enter takes it, a number past the layer's
    // channels is refused with its reason and changes nothing
    const field = gallery.locator('[data-testid="channel-pick"]');
    const max = Number(await field.getAttribute('max'));
    expect(max).toBeGreaterThanOrEqual(2);
    await field.fill('');
    await field.pressSequentially('2');
    await field.press('Enter');
    await expect.poll(() => gallery.getAttribute('data-channel')).toBe('2');
    await field.fill(String(max + 10));
    await field.press('Enter');
    expect(await gallery.locator('[data-testid="channel-pick-error"]').isVisible()).toBe(true);
    expect(await gallery.getAttribute('data-channel')).toBe('2');
    await field.fill('1');
    await field.press('Enter');
    await expect.poll(() => gallery.getAttribute('data-channel')).toBe('1');
    expect(await gallery.locator('[data-testid="channel-pick-error"]').count()).toBe(0);
  });

  it('shows the class-level views of the trained model: a mean Grad-CAM and prototypes per class', async () => {
    const views = page().locator('[data-testid="class-views"]').first();
    await views.scrollIntoViewIfNeeded();
    await views.locator('[data-testid="class-views-run"]').click();
    await views.locator('[data-testid="class-view"]').first().waitFor({ timeout: 120_000 });
    expect(await views.locator('[data-testid="class-view"]').count()).toBe(3);
    expect(await views.locator('[data-testid="class-mean-map"]').count()).toBe(3);
    expect(await views.locator('[data-testid="class-prototypes"] li[data-image-id]').count()).toBeGreaterThan(0);
  });

  it('beside the explanation: the CAM layer\'s channels for the image being explained, with Grad-CAM weights', async () => {
    await page().click('[data-testid="view-explain"]');
    await page().locator('[data-testid="thumb"]', { hasText: 'demo lesion 1' }).locator('button.thumb-button').click();
    await page().waitForSelector('[data-testid="heatmap"]');
    const inside = page().locator('[data-testid="inside-now"]');
    await inside.locator('summary').click();
    const acts = inside.locator('[data-testid="activations"]');
    await acts.locator('li[data-channel]').first().waitFor({ timeout: 90_000 });
    // the weights are for the predicted class: each listed channel shows one
    await acts.locator('li[data-channel] .pos, li[data-channel] .neg').first().waitFor({ timeout: 90_000 });
    expect(await acts.locator('.hint').first().textContent()).toContain('Grad-CAM');
    await inside.scrollIntoViewIfNeeded();
    await page().screenshot({ path: path.join(ARTIFACTS, 'insides-beside-1360x860.png') });
    await expectStayedLocal(w, { minRequests: 3 });
  });
});
