// Journey: a person tries every explanation method on one image, compares them side by side, and
// reads LIME and SHAP through their linked bar charts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openStudio, serveDist, waitReady, type Served, type Watched, expectStayedLocal } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;

const idle = () => w.page.waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 200_000 });

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
  // a demo lesion image
  await w.page.locator('[data-testid="thumb"]', { hasText: 'demo lesion 1' }).locator('button.thumb-button').click();
  await w.page.waitForSelector('[data-testid="heatmap"]');
  await idle();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Closes Settings with its × button (Escape on a focused select closes only the select's list). */
async function closeSettings(): Promise<void> {
  await w.page.locator('dialog.settings[open] button', { hasText: '×' }).click();
  await w.page.waitForSelector('dialog.settings[open]', { state: 'detached' });
}

async function methodIds(): Promise<string[]> {
  return w.page.locator('[data-testid="method-select"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
}

describe('explanation methods in the UI', () => {
  it('offers every registered method, grouped, each with a plain-language explanation', async () => {
    const ids = await methodIds();
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(ids).toEqual(expect.arrayContaining(['gradcam', 'lime', 'shap']));
    const groups = await w.page.locator('[data-testid="method-select"] optgroup').count();
    expect(groups).toBe(3);
  });

  it('shows a map for each method picked from the menu', async () => {
    for (const id of await methodIds()) {
      await w.page.locator('[data-testid="method-select"]').selectOption(id);
      await idle();
      const about = await w.page.locator('details.about').first().textContent();
      expect(about?.length, id).toBeGreaterThan(80);
      if (id === 'lime' || id === 'shap') {
        await w.page.waitForSelector('[data-testid="segment-overlay"]');
        expect(await w.page.locator('[data-testid="segment-chart"] g.seg-row[data-kind="segment"]').count(), id).toBeGreaterThan(3);
      } else {
        const map = await w.page.waitForSelector(`[data-testid="heatmap"][data-method="${id}"]`);
        expect(Number(await map.getAttribute('data-nonzero')), id).toBeGreaterThan(0);
      }
    }
  });

  it('spreads RISE over a helper engine when one is chosen (automatic starts none below 4 cores), and with the pool off draws the same map', async () => {
    const sel = w.page.locator('[data-testid="method-select"]');
    const map = w.page.locator('[data-testid="heatmap"][data-method="rise"]');
    const rerunRise = async () => {
      await sel.selectOption('gradcam');
      await idle();
      await sel.selectOption('rise');
      await idle();
      await map.waitFor();
    };
    const pixels = () => map.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    // Automatic on this 2-core machine: no helper, and the setting says why.
    await w.page.locator('[data-testid="backend-badge"]').click();
    const size = w.page.locator('[data-testid="pool-size"]');
    if ((await w.page.evaluate(() => navigator.hardwareConcurrency)) < 4) expect(await size.locator('option[value="auto"]').innerText()).toMatch(/off: fewer than 4 cores/);
    await size.selectOption('1');
    await closeSettings();
    // The helper starts a second after the engine and then loads the model: a run before that is the primary's alone.
    let workers: string | null = null;
    for (let i = 0; i < 4 && workers !== '2'; i++) {
      await rerunRise();
      workers = await map.getAttribute('data-workers');
    }
    expect(workers).toBe('2');
    await expect.poll(() => w.page.locator('.run-line, .viewer').first().innerText()).toMatch(/computed by 2 engines/);
    const pooled = await pixels();
    await w.page.locator('[data-testid="backend-badge"]').click();
    await w.page.locator('[data-testid="pool-size"]').selectOption('0');
    await closeSettings();
    await rerunRise();
    expect(await map.getAttribute('data-workers')).not.toBe('2');
    expect(await pixels()).toBe(pooled);
    await w.page.locator('[data-testid="backend-badge"]').click();
    await w.page.locator('[data-testid="pool-size"]').selectOption('auto');
    await closeSettings();
  });

  it('refuses an option value out of range in the form, and recomputes with a valid one', async () => {
    await w.page.locator('[data-testid="method-select"]').selectOption('intgrad');
    await idle();
    const steps = w.page.locator('[data-testid="options-form"] label', { hasText: /steps/i }).locator('input[type="number"]');
    await steps.fill('-5');
    await steps.press('Enter');
    await expect.poll(() => w.page.locator('.field-error').count()).toBeGreaterThan(0);
    expect(await w.page.locator('[data-testid="busy"]').count()).toBe(0);
    await steps.fill('8');
    await steps.press('Enter');
    await idle();
    await expect.poll(() => w.page.locator('.field-error').count()).toBe(0);
    await w.page.waitForSelector('[data-testid="heatmap"][data-method="intgrad"]');
  });

  it('links the SHAP bar chart and the image both ways, by pointer and by keyboard', async () => {
    await w.page.locator('[data-testid="method-select"]').selectOption('shap');
    await idle();
    await w.page.waitForSelector('[data-testid="segment-overlay"]');
    expect(await w.page.locator('[data-testid="shap-sum"]').textContent()).toMatch(/base .* = f\(x\)/);
    const bars = w.page.locator('[data-testid="segment-chart"] g.seg-row[data-kind="segment"]');
    const second = bars.nth(1);
    const id = await second.getAttribute('data-segment');
    await second.hover();
    await expect.poll(() => w.page.locator('[data-testid="segment-overlay"]').getAttribute('data-hover')).toBe(id);
    // keyboard: focus the first bar
    await bars.first().focus();
    const firstId = await bars.first().getAttribute('data-segment');
    await expect.poll(() => w.page.locator('[data-testid="segment-overlay"]').getAttribute('data-hover')).toBe(firstId);
    // pointer on the image: the bar of the region under it lights up
    const overlay = w.page.locator('[data-testid="segment-overlay"]');
    await overlay.scrollIntoViewIfNeeded(); // focusing a bar may have scrolled the (taller) page
    const box = (await overlay.boundingBox())!;
    await w.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const hovered = await overlay.getAttribute('data-hover');
    expect(hovered).not.toBe('');
    const lit = w.page.locator('[data-testid="segment-chart"] g.seg-row.hovered');
    if (await w.page.locator(`[data-testid="segment-chart"] g.seg-row[data-segment="${hovered}"]`).count()) {
      await expect.poll(() => lit.getAttribute('data-segment')).toBe(hovered);
    }
  });

  it('shows LIME weights with the fit quality, and a top-k slider that changes the shown regions', async () => {
    await w.page.locator('[data-testid="method-select"]').selectOption('lime');
    await idle();
    expect(await w.page.locator('[data-testid="lime-r2"]').textContent()).toMatch(/R² = \d\.\d\d/);
    const overlay = w.page.locator('[data-testid="segment-overlay"]');
    const few = (await overlay.getAttribute('data-shown'))!.split(',').filter(Boolean).length;
    await w.page.locator('[data-testid="top-k"]').fill('10');
    await expect.poll(async () => (await overlay.getAttribute('data-shown'))!.split(',').filter(Boolean).length).toBeGreaterThan(few);
  });

  it('stays responsive while the worker computes, and Stop ends a long run keeping the partial result', async () => {
    await w.page.locator('[data-testid="method-select"]').selectOption('rise');
    await idle();
    const masks = w.page.locator('[data-testid="options-form"] label', { hasText: /masks/i }).locator('input[type="number"]');
    await masks.fill('20000');
    await masks.press('Enter');
    await w.page.waitForSelector('[data-testid="stop"]', { timeout: 60_000 });
    // The page answers input while 20000 masked copies run through the model in the worker.
    await w.page.locator('[data-testid="opacity"]').fill('0.3');
    await expect.poll(() => w.page.locator('[data-testid="opacity"] + output').textContent()).toBe('30%');
    expect(await w.page.locator('[data-testid="busy"]').count()).toBe(1);
    await w.page.locator('[data-testid="stop"]').click();
    await idle();
    await w.page.waitForSelector('[data-testid="heatmap"][data-method="rise"][data-partial="true"]');
    expect(await w.page.locator('[data-testid="partial"]').textContent()).toMatch(/Stopped early/);
  });

  it('compares at least four methods side by side, and opens one large on click', async () => {
    await w.page.locator('[data-testid="tab-compare"]').click();
    await w.page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-heatmap"]').length >= 4, null, { timeout: 200_000 });
    await idle();
    const cells = await w.page.locator('[data-testid="compare-cell"]').count();
    expect(cells).toBeGreaterThanOrEqual(4);
    await w.page.locator('[data-testid="shared-scale"]').check();
    await w.page.locator('[data-testid="compare-cell"][data-method="gradcampp"] button').click();
    await w.page.waitForSelector('[data-testid="heatmap"][data-method="gradcampp"]');
    expect(await w.page.locator('[data-testid="method-select"]').inputValue()).toBe('gradcampp');
    expect(await w.page.locator('[data-testid="opacity"]').count()).toBe(1);
  });

  it('stayed on its own origin, violated no CSP rule and logged no page errors', async () => {
    await expectStayedLocal(w);
  });
});
