// Journey: the person opens Settings and runs the same explanation on every compute backend.
// Here there is no GPU, so WebGL and WebGPU run on SwiftShader (slow): this is the one test that
// exercises each backend; the other journeys stay on the automatically chosen one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openStudio, serveDist, waitReady, type Served, type Watched, expectStayedLocal } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;
let reference: string[] = [];

const probabilities = () => w.page.locator('[data-testid="prob-chart"] g.row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-class')} ${r.querySelector('text.value')?.textContent}`));

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
  await w.page.locator('[data-testid="thumb"][data-source="demo"] button.thumb-button').nth(1).click();
  await w.page.waitForSelector('[data-testid="heatmap"][data-backend="wasm"]');
  reference = await probabilities();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('compute backends', () => {
  it('shows what the ladder measured and why software GPU backends were not chosen', async () => {
    await w.page.locator('[data-testid="backend-badge"]').click();
    await w.page.waitForSelector('dialog.settings[open]');
    const wasm = await w.page.locator('[data-testid="backend-wasm"]').textContent();
    expect(wasm).toMatch(/ms warm-up/);
    const webgl = await w.page.locator('[data-testid="backend-webgl"]').textContent();
    // SwiftShader: offered, flagged as software, not chosen automatically
    expect(webgl).toMatch(/software|not measured|WebGL2/i);
  });

  for (const name of ['cpu', 'webgl', 'webgpu', 'wasm'] as const) {
    it(`switches to ${name} and explains there (or says why it cannot)`, async () => {
      await w.page.locator(`[data-testid="backend-${name}"] input`).click();
      await w.page.waitForTimeout(100);
      await w.page.waitForFunction(() => !document.querySelector('dialog.settings fieldset')?.hasAttribute('disabled'), null, { timeout: 200_000 });
      const active = await w.page.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
      if (active === name) {
        const h = await w.page.waitForSelector(`[data-testid="heatmap"][data-backend="${name}"]`, { timeout: 200_000 });
        expect(Number(await h.getAttribute('data-nonzero'))).toBeGreaterThan(0);
        // Same model, same image: every backend must predict the same (to the shown 0.1%).
        await w.page.waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 200_000 });
        expect(await probabilities()).toEqual(reference);
      } else {
        // It did not start: the person is told why, and the studio keeps working on the previous backend.
        const reason = await w.page.locator(`[data-testid="backend-${name}"] .backend-facts`).textContent();
        expect(reason?.length).toBeGreaterThan(5);
        expect(await w.page.locator('[data-testid="notice"]').filter({ hasText: name.toUpperCase() }).count()).toBeGreaterThan(0);
        console.log(`${name} did not start here: ${reason}`);
      }
    });
  }

  it('stayed on its own origin, violated no CSP rule and logged no page errors', async () => {
    await expectStayedLocal(w);
  });
});
