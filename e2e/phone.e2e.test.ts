// Journey: a person on a phone (390x844) and on a small laptop (1024x768). No sideways scroll on any view,
// the header folds into a menu, adding an image brings its prediction and map into view, long class names
// are ellipsised with the full name kept, notices that are not errors leave by themselves, presentation
// mode steps through methods with the arrow keys, and the Models page's CAM layers can be filtered.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, expectStayedLocal, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched } from './harness';
import { lesionImage, png } from './files';

let server: Served;
let browser: Browser;
let w: Watched;
const page = (): Page => w.page;

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
  await waitHeatmap(w.page);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const scrollWidth = () => page().evaluate(() => document.documentElement.scrollWidth);
const shot = (name: string) => page().screenshot({ path: path.join(ARTIFACTS, `phone-${name}.png`) });

/** Opens a view, through the menu when the header is folded. */
async function go(view: 'explain' | 'train' | 'models') {
  const toggle = page().locator('[data-testid="menu-toggle"]');
  if (await toggle.isVisible()) {
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  }
  await page().locator(`[data-testid="view-${view}"]`).click();
  if (await toggle.isVisible()) expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  await expect.poll(() => page().locator(`[data-testid="view-${view}"]`).getAttribute('aria-selected')).toBe('true');
}

/** Where each probability chart label is drawn, against the room it has (SVG user units = CSS px here). */
const chartLabels = () =>
  page().locator('[data-testid="prob-chart"] g.row').evaluateAll((rows) =>
    rows.map((r) => {
      const text = r.querySelector('text.label') as SVGTextElement;
      const track = r.querySelector('rect.track') as SVGRectElement;
      const box = text.getBBox();
      const svg = (r as SVGGElement).ownerSVGElement!;
      return {
        full: r.getAttribute('data-class') ?? '',
        title: r.querySelector('title')?.textContent ?? '',
        aria: r.getAttribute('aria-label') ?? '',
        shown: text.textContent ?? '',
        left: box.x,
        right: box.x + box.width,
        trackX: Number(track.getAttribute('x')),
        // The on-screen size of the label's font: its CSS size times the SVG's scale.
        px: parseFloat(getComputedStyle(text).fontSize) * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width),
      };
    }),
  );

describe('phone and small screens', () => {
  it('at 390x844: the header is a menu, and no view scrolls sideways', async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    const toggle = page().locator('[data-testid="menu-toggle"]');
    await expect.poll(() => toggle.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page().locator('[data-testid="view-models"]').isVisible()).toBe(false);
    // The menu's controls live in the element the button names.
    const controls = await toggle.getAttribute('aria-controls');
    expect(await page().locator(`[id="${controls}"] [data-testid="view-models"]`).count()).toBe(1);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    for (const id of ['view-explain', 'view-train', 'view-models', 'privacy', 'backend-badge', 'present']) {
      expect(await page().locator(`[data-testid="${id}"]`).isVisible(), id).toBe(true);
    }
    // Escape closes it and gives the focus back to the button.
    await page().keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page().evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-toggle');

    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await shot('390-explain');
    await go('train');
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await go('models');
    await page().waitForSelector('[data-testid="cam-layers"]');
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    // …with the labels and preprocessing open (a fieldset's selects once pushed it past the edge)
    await page().locator('details:has([data-testid="prep-width"]) > summary').click();
    await page().locator('[data-testid="prep-width"]').waitFor();
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await go('explain');

    // Settings and the privacy panel, opened from the menu: no sideways scroll, inside the dialog either.
    for (const [id, dialog] of [['backend-badge', 'dialog.settings:not(.privacy-panel)'], ['privacy', '[data-testid="privacy-panel"]']] as const) {
      await toggle.click();
      await page().locator(`[data-testid="${id}"]`).click();
      const d = page().locator(dialog);
      await expect.poll(() => d.isVisible()).toBe(true);
      expect(await scrollWidth()).toBeLessThanOrEqual(390);
      const box = await d.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, right: el.getBoundingClientRect().right }));
      expect(box.sw).toBeLessThanOrEqual(box.cw);
      expect(box.right).toBeLessThanOrEqual(390);
      await page().keyboard.press('Escape');
      await expect.poll(() => d.isVisible()).toBe(false);
    }
  });

  it('at 390x844: adding an image brings its prediction and its map into view; touch targets are at least 24 px', async () => {
    await page().evaluate(() => window.scrollTo(0, 0));
    await page().locator('[data-testid="file-input"]').setInputFiles([{ name: 'phone-lesion.png', mimeType: 'image/png', buffer: png(lesionImage(160, 3)) }]);
    await expect.poll(() => page().locator('[data-testid="image-name"]').textContent(), { timeout: 60_000 }).toContain('phone-lesion.png');
    await waitHeatmap(page());
    const inView = async (sel: string) =>
      page().locator(sel).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      });
    await expect.poll(() => inView('[data-testid="heatmap"]'), { timeout: 10_000 }).toBe(true);
    expect(await inView('[data-testid="phone-prediction"]')).toBe(true);
    expect(await page().locator('[data-testid="phone-prediction"]').textContent()).toMatch(/The model says (normal|lesion|cyst)/);
    await shot('390-added');

    // Every visible button and select in the page is at least 24 x 24 CSS px (WCAG 2.2, 2.5.8).
    const small = await page().evaluate(() =>
      [...document.querySelectorAll('button, select, summary')]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ el, r }) => r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden')
        .filter(({ r }) => r.width < 24 || r.height < 24)
        .map(({ el, r }) => `${el.tagName} ${el.className} "${el.textContent?.trim().slice(0, 20)}" ${r.width.toFixed(0)}x${r.height.toFixed(0)}`),
    );
    expect(small).toEqual([]);
  });

  it('long class names are ellipsised at their end, never clipped, with the full name in the title and the accessible name', async () => {
    await page().setViewportSize({ width: 1024, height: 768 });
    await go('models');
    await page().locator('details.meta-details summary').click();
    const inputs = page().locator('[data-testid="label-input"]');
    const long = ['diseased leaves', 'Recyclable plastic', 'cyst'];
    for (let i = 0; i < 3; i++) await inputs.nth(i).fill(long[i]);
    await page().locator('[data-testid="apply-metadata"]').click();
    await expect.poll(() => page().locator('[data-testid="model-summary"]').textContent()).toContain('Recyclable plastic');
    await go('explain');
    for (const width of [1024, 390]) {
      await page().setViewportSize({ width, height: width === 390 ? 844 : 768 });
      await expect.poll(async () => (await chartLabels()).map((l) => l.full).sort()).toEqual([...long].sort());
      await page().waitForTimeout(300); // the chart redraws at its new width
      for (const l of await chartLabels()) {
        expect(l.title.startsWith(`${l.full}: `), `${width}: ${l.title}`).toBe(true);
        expect(l.aria.startsWith(`${l.full}: `)).toBe(true);
        // Drawn whole, or its beginning followed by an ellipsis: never its end alone ("ased leaves").
        if (l.shown !== l.full) {
          expect(l.shown.endsWith('…'), `${width}: ${l.shown}`).toBe(true);
          expect(l.full.startsWith(l.shown.slice(0, -1).trimEnd())).toBe(true);
          expect(l.shown.length).toBeGreaterThan(1);
        }
        expect(l.left, `${width}: "${l.shown}" starts outside the chart`).toBeGreaterThanOrEqual(0);
        expect(l.right, `${width}: "${l.shown}" runs into its bar`).toBeLessThanOrEqual(l.trackX);
        expect(l.px, `${width}: label font`).toBeGreaterThanOrEqual(11);
      }
    }
  });

  it('at 1024x768: the header stays on one row, nothing scrolls sideways, the comparison grid keeps two columns', async () => {
    await page().setViewportSize({ width: 1024, height: 768 });
    expect(await page().locator('[data-testid="menu-toggle"]').isVisible()).toBe(false);
    const rows = await page().locator('header.topbar').evaluate((h) => {
      const items = [h.querySelector('.brand'), ...h.querySelectorAll('.topbar-menu > *')].filter((e): e is Element => !!e && e.getBoundingClientRect().width > 0);
      return { tops: items.map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)), height: h.getBoundingClientRect().height };
    });
    // Every item's centre on the same line (within 6 px), and the bar one row high.
    expect(Math.max(...rows.tops) - Math.min(...rows.tops)).toBeLessThanOrEqual(6);
    expect(rows.height).toBeLessThan(70);
    for (const v of ['explain', 'train', 'models'] as const) {
      await go(v);
      expect(await scrollWidth(), v).toBeLessThanOrEqual(1024);
    }
    await go('explain');
    await page().locator('[data-testid="tab-compare"]').click();
    const grid = page().locator('.compare-grid');
    await grid.waitFor();
    const columns = await grid.evaluate((g) => getComputedStyle(g).gridTemplateColumns.split(' ').filter(Boolean).length);
    expect(columns).toBeGreaterThanOrEqual(2);
    expect(await scrollWidth()).toBeLessThanOrEqual(1024);
    await page().locator('[data-testid="tab-single"]').click();
  });

  it('presentation mode: arrow keys step through the methods in the menu order, Escape leaves', async () => {
    const order = await page().locator('[data-testid="method-select"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(order.length).toBeGreaterThanOrEqual(3);
    await page().locator('[data-testid="method-select"]').selectOption(order[0]);
    await page().locator('[data-testid="present"]').click();
    const present = page().locator('[data-testid="present-mode"]');
    await expect.poll(() => present.isVisible()).toBe(true);
    expect(await present.getAttribute('data-method')).toBe(order[0]);
    await page().waitForSelector('[data-testid="present-heatmap"][data-nonzero]', { timeout: 60_000 });
    await shot('1024-present');
    await page().keyboard.press('ArrowRight');
    await expect.poll(() => present.getAttribute('data-method')).toBe(order[1]);
    await page().keyboard.press('ArrowLeft');
    await expect.poll(() => present.getAttribute('data-method')).toBe(order[0]);
    await page().keyboard.press('ArrowLeft'); // wraps to the last method
    await expect.poll(() => present.getAttribute('data-method')).toBe(order[order.length - 1]);
    // The heading's type is large (a projector at the back of a room).
    expect(await page().locator('.present-head h2').evaluate((h) => parseFloat(getComputedStyle(h).fontSize))).toBeGreaterThanOrEqual(24);
    await page().keyboard.press('Escape');
    await expect.poll(() => present.count()).toBe(0);
    expect(await page().locator('[data-testid="method-select"]').inputValue()).toBe(order[order.length - 1]);
    await page().locator('[data-testid="method-select"]').selectOption(order[0]);
  });

  it('Models: the CAM layers are a filterable list in a bounded box; an info notice leaves by itself, not while hovered', async () => {
    await go('models');
    const rows = page().locator('[data-testid="cam-list"] .cam-row');
    // The demo model: conv1 [any, 64, 64, 16], conv2 [any, 32, 32, 32], conv3 [any, 16, 16, 64].
    await expect.poll(() => rows.locator('code').allTextContents()).toEqual(['conv1', 'conv2', 'conv3']);
    await page().locator('[data-testid="layer-filter"]').fill('16,');
    await expect.poll(() => rows.locator('code').allTextContents()).toEqual(['conv3']);
    await page().locator('[data-testid="layer-filter"]').fill('conv2');
    await expect.poll(() => rows.locator('code').allTextContents()).toEqual(['conv2']);
    await page().locator('[data-testid="layer-filter"]').fill('lstm');
    await expect.poll(() => rows.count()).toBe(0);
    await page().locator('[data-testid="layer-filter"]').fill('');
    await page().locator('[data-testid="layer-conv-only"]').uncheck();
    expect(await rows.count()).toBeGreaterThan(3);
    expect(await page().locator('[data-testid="cam-list"]').evaluate((el) => getComputedStyle(el).maxHeight)).toMatch(/px$/);
    // The labels and preprocessing editor sits above the list.
    const above = await page().evaluate(() => {
      const ed = document.querySelector('details.meta-details')!.getBoundingClientRect().top;
      const list = document.querySelector('[data-testid="cam-layers"]')!.getBoundingClientRect().top;
      return ed < list;
    });
    expect(above).toBe(true);

    // "Save to library" notifies (info): hovered it stays past 6 s; left alone it goes.
    await page().locator('[data-testid="save-current"]').click();
    const notice = page().locator('[data-testid="notice"][data-kind="info"]');
    await notice.first().waitFor({ timeout: 30_000 });
    await notice.first().hover();
    const room = await page().evaluate(() => ({ pad: parseFloat(getComputedStyle(document.body).paddingBottom), h: document.querySelector('.notices')!.getBoundingClientRect().height }));
    expect(room.pad).toBeGreaterThanOrEqual(room.h);
    await page().waitForTimeout(6500);
    expect(await notice.count()).toBeGreaterThan(0);
    await page().mouse.move(5, 5);
    await expect.poll(() => notice.count(), { timeout: 12_000 }).toBe(0);
    expect(await page().evaluate(() => parseFloat(getComputedStyle(document.body).paddingBottom))).toBe(0);
    await expectStayedLocal(w, { minRequests: 5 });
  });
});
