// Journey: a careless person starts a long LIME run (6000 samples) and, while it runs, picks another
// method, another image, another backend, another model, and starts training. Each time the viewer ends
// up showing the new request's own map: no error, no "Stopped early" (Stop was never pressed), no
// blank viewer, no leak warning from the engine. While training, what cannot happen (a backend switch,
// a model load) is disabled with the reason, and the viewer says the explanation waits.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ROOT, expectStayedLocal, launch, openStudio, serveDist, waitReady, type Served, type Watched } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;
/** Engine console lines about tensors left behind (there must be none). */
const leakWarnings: string[] = [];

const page = () => w.page;
const DEMO = path.join(ROOT, 'public/models/demo');
const LONG = 120_000;

const thumb = (name: string) => page().locator('[data-testid="thumb"]', { hasText: name }).locator('button.thumb-button');
const idle = () => page().waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 200_000 });
const errors = () => page().locator('.notice.error').allTextContents();

/** The busy indicator's percentage, or -1 when nothing runs. */
async function percent(): Promise<number> {
  const t = await page().locator('[data-testid="busy"]').textContent({ timeout: 200 }).catch(() => null);
  const m = t ? /(\d+)%/.exec(t) : null;
  return m ? Number(m[1]) : -1;
}

/**
 * Picks `image` (one not explained with LIME yet, so a new run starts) and LIME at 6000 samples, and
 * returns when the run is visibly under way (at least 5%, not done).
 */
async function limeUnderWay(image: string): Promise<void> {
  await thumb(image).click();
  if ((await page().locator('[data-testid="method-select"]').inputValue()) !== 'lime') await page().locator('[data-testid="method-select"]').selectOption('lime');
  const samples = page().locator('[data-testid="options-form"] label', { hasText: /^Samples/ }).locator('input[type="number"]');
  if ((await samples.inputValue()) !== '6000') {
    await samples.fill('6000');
    await samples.press('Enter');
  }
  await expect.poll(percent, { timeout: LONG, interval: 50 }).toBeGreaterThanOrEqual(5);
  expect(await percent()).toBeLessThan(100);
}

/** The viewer shows a finished map of `method` for `image`: no spinner, no partial note, no error. */
async function expectOwnMap(o: { method: 'lime' | 'gradcam'; image: string; backend?: string }): Promise<void> {
  await idle();
  if (o.method === 'lime') await page().waitForSelector('[data-testid="segment-overlay"]', { timeout: LONG });
  else await page().waitForSelector(`[data-testid="heatmap"][data-method="gradcam"]${o.backend ? `[data-backend="${o.backend}"]` : ''}[data-nonzero]`, { timeout: LONG });
  expect(await page().locator('[data-testid="image-name"]').textContent()).toContain(o.image);
  expect(await page().locator('[data-testid="method-select"]').inputValue()).toBe(o.method);
  expect(await page().locator('[data-testid="partial"]').count()).toBe(0);
  expect(await errors()).toEqual([]);
}

async function dismissNotices(): Promise<void> {
  for (const b of await page().locator('[data-testid="notice"] button[aria-label="Dismiss"]').all()) await b.click().catch(() => undefined);
}

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(page());
  for (const wk of page().workers()) wk.on('console', (m) => /tensors? behind/.test(m.text()) && leakWarnings.push(m.text()));
  page().on('worker', (wk) => wk.on('console', (m) => /tensors? behind/.test(m.text()) && leakWarnings.push(m.text())));
  await thumb('demo lesion 1').click();
  await page().waitForSelector('[data-testid="heatmap"][data-nonzero]', { timeout: LONG });
  await idle();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a long LIME run, and at once…', () => {
  it('another method: Grad-CAM shows its own map; going back to LIME computes it in full, never "Stopped early"', async () => {
    await limeUnderWay('demo lesion 1');
    await page().locator('[data-testid="method-select"]').selectOption('gradcam');
    await expectOwnMap({ method: 'gradcam', image: 'demo lesion 1' });
    await page().locator('[data-testid="method-select"]').selectOption('lime');
    await expectOwnMap({ method: 'lime', image: 'demo lesion 1' });
  });

  it('another image: LIME on the new image, in full', async () => {
    await limeUnderWay('demo normal 1');
    await thumb('demo cyst 1').click();
    await expectOwnMap({ method: 'lime', image: 'demo cyst 1' });
  });

  it('another backend: the switch waits for LIME to end; then Grad-CAM runs on the new backend', async () => {
    await limeUnderWay('demo lesion 2');
    await page().locator('[data-testid="backend-badge"]').click();
    await page().waitForSelector('dialog.settings[open]');
    await page().locator('[data-testid="backend-cpu"] input').click();
    await page().waitForFunction(() => !document.querySelector('[data-testid="backend-choices"]')?.hasAttribute('disabled'), null, { timeout: LONG });
    expect(await page().locator('[data-testid="backend-badge"]').getAttribute('data-backend')).toBe('cpu');
    await page().locator('button[aria-label="Close settings"]').click();
    // LIME at 6000 samples on plain JavaScript would take minutes: the person picks Grad-CAM instead.
    await page().locator('[data-testid="method-select"]').selectOption('gradcam');
    await expectOwnMap({ method: 'gradcam', image: 'demo lesion 2', backend: 'cpu' });
    // And back to WASM, while Grad-CAM is idle.
    await page().locator('[data-testid="backend-badge"]').click();
    await page().locator('[data-testid="backend-wasm"] input').click();
    await page().waitForFunction(() => !document.querySelector('[data-testid="backend-choices"]')?.hasAttribute('disabled'), null, { timeout: LONG });
    await page().locator('button[aria-label="Close settings"]').click();
    await expectOwnMap({ method: 'gradcam', image: 'demo lesion 2', backend: 'wasm' });
  });

  it('another model: the model loads, and LIME runs on it in full', async () => {
    await limeUnderWay('demo normal 2');
    await page().click('[data-testid="view-models"]');
    const files = ['model.json', 'group1-shard1of1.bin', 'metadata.json'].map((name) => ({ name, mimeType: 'application/octet-stream', buffer: fs.readFileSync(path.join(DEMO, name)) }));
    await page().locator('[data-testid="model-file-input"]').setInputFiles(files);
    await page().locator('[data-testid="notice"]', { hasText: 'Loaded "' }).first().waitFor({ timeout: LONG });
    expect(await page().locator('[data-testid="current-model"] .tag-soft').first().textContent()).toBe('loaded from files');
    await dismissNotices();
    await page().click('[data-testid="view-explain"]');
    await expectOwnMap({ method: 'lime', image: 'demo normal 2' });
  });

  it('training: the run supersedes LIME; meanwhile switching backend and loading models are disabled with the reason; then the trained model explains', async () => {
    await limeUnderWay('demo cyst 2');
    await page().click('[data-testid="view-train"]');
    await page().waitForSelector('[data-testid="train-settings"]');
    await page().click('[data-testid="use-synthetic"]');
    await page().waitForFunction(() => document.querySelectorAll('[data-testid="train-class"]').length === 3, null, { timeout: LONG });
    const epochs = page().locator('[data-testid="setting-epochs"]');
    await epochs.fill('1');
    await epochs.press('Enter');
    await page().click('[data-testid="train-start"]');
    await page().waitForSelector('[data-testid="train-progress"][data-running="true"]');

    // The Explain view says the explanation waits for the run (no blank viewer, no error).
    await page().click('[data-testid="view-explain"]');
    await expect.poll(() => page().locator('[data-testid="busy"]').textContent(), { timeout: 10_000 }).toMatch(/Training is running/);
    // Settings: the backend cannot change now, and says why.
    await page().locator('[data-testid="backend-badge"]').click();
    const choices = page().locator('[data-testid="backend-choices"]');
    expect(await choices.getAttribute('disabled')).not.toBeNull();
    expect(await choices.getAttribute('title')).toMatch(/^Training is running: The backend cannot change while a model trains on it/);
    await page().locator('button[aria-label="Close settings"]').click();
    // Models: loading is disabled, with the reason.
    await page().click('[data-testid="view-models"]');
    const pick = page().getByRole('button', { name: 'choose files' });
    expect(await pick.isDisabled()).toBe(true);
    expect(await pick.getAttribute('title')).toMatch(/^Training is running/);

    await page().click('[data-testid="view-train"]');
    await page().waitForSelector('[data-testid="train-results"]', { timeout: 200_000 });
    await page().click('[data-testid="view-explain"]');
    await expectOwnMap({ method: 'lime', image: 'demo cyst 2' });
    expect(await page().locator('aside.side .panel-head .muted').textContent()).toMatch(/trained/);
    // The backend can change again.
    await page().locator('[data-testid="backend-badge"]').click();
    expect(await page().locator('[data-testid="backend-choices"]').getAttribute('disabled')).toBeNull();
    await page().locator('button[aria-label="Close settings"]').click();
  });

  it('left no tensors behind, stayed on its own origin, and logged no errors', async () => {
    expect(leakWarnings).toEqual([]);
    await expectStayedLocal(w, { noConsoleErrors: true });
  });
});
