// Journey: the compute engine fails under a person's work, and the studio heals. The page is opened with
// ?test-hooks, which installs window.__glassboxTest (recoveryController.ts): it can only break the engine
// as real failures do. 1) The worker is terminated in the middle of LIME: within 2 s one sentence says so,
// the badge changes, the engine comes back on the next backend down (WASM → CPU) with the images and the
// uploaded model, and "Run again" gives the map. 2) On WebGL, WEBGL_lose_context drops the engine's
// context: the engine comes back on WASM and predicts the demo images as before.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, expectStayedLocal, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched } from './harness';
import { lesionImage, png } from './files';

let server: Served;
let browser: Browser;

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Hooks = { terminate(): void; loseContext(): Promise<boolean> };

/** Breaks the engine through the test hook and returns the ms until the health banner appeared (measured in the page). */
function breakAndTime(page: Page, how: 'terminate' | 'loseContext'): Promise<number> {
  return page.evaluate(
    (how) =>
      new Promise<number>((resolve, reject) => {
        const hooks = (window as unknown as { __glassboxTest?: Hooks }).__glassboxTest;
        if (!hooks) {
          reject(new Error('window.__glassboxTest is missing: open the page with ?test-hooks'));
          return;
        }
        const t0 = performance.now();
        const seen = () => document.querySelector('[data-testid="engine-health"]');
        const obs = new MutationObserver(() => {
          if (seen()) {
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        });
        obs.observe(document.body, { childList: true, subtree: true });
        if (how === 'terminate') hooks.terminate();
        else
          void hooks.loseContext().then((ok) => {
            if (!ok) {
              obs.disconnect();
              reject(new Error('the engine is not on WebGL: nothing to lose'));
            }
          });
      }),
    how,
  );
}

const healthText = (page: Page) => page.locator('[data-testid="engine-health-message"]').textContent();
/** One sentence: a single full stop (or ellipsis), at the end. */
const sentences = (t: string) => t.split(/[.…](?:\s|$)/).filter((s) => s.trim()).length;
const probabilities = (page: Page) => page.locator('[data-testid="prob-chart"] g.row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-class')} ${r.querySelector('text.value')?.textContent}`));

describe('the worker dies in the middle of LIME', () => {
  let w: Watched;
  const modelName = 'Uploaded copy of the demo';

  beforeAll(async () => {
    w = await openStudio(browser, `${server.url}?test-hooks`);
    await waitReady(w.page);
  });

  it('starts on WASM with a person\'s image and an uploaded model (kept only in memory)', async () => {
    expect(await w.page.locator('[data-testid="backend-badge"]').getAttribute('data-backend')).toBe('wasm');
    await w.page.locator('[data-testid="file-input"]').setInputFiles([{ name: 'my-lesion.png', mimeType: 'image/png', buffer: png(lesionImage(200)) }]);
    await w.page.waitForSelector('[data-testid="thumb"][data-source="user"]');
    await waitHeatmap(w.page);
    // The demo model's files under another name: an uploaded model no library holds.
    const demo = path.join(ROOT, 'public', 'models', 'demo');
    const meta = { ...JSON.parse(fs.readFileSync(path.join(demo, 'metadata.json'), 'utf8')), name: modelName };
    await w.page.click('[data-testid="view-models"]');
    await w.page.locator('[data-testid="model-file-input"]').setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: fs.readFileSync(path.join(demo, 'model.json')) },
      { name: 'group1-shard1of1.bin', mimeType: 'application/octet-stream', buffer: fs.readFileSync(path.join(demo, 'group1-shard1of1.bin')) },
      { name: 'metadata.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(meta)) },
    ]);
    await expect.poll(() => w.page.locator('[data-testid="current-model-name"]').textContent(), { timeout: 60_000 }).toBe(modelName);
    await w.page.click('[data-testid="view-explain"]');
    await w.page.locator('[data-testid="thumb"]', { hasText: 'my-lesion.png' }).locator('button.thumb-button').click();
    await expect.poll(() => w.page.locator('[data-testid="top-class"] strong').textContent(), { timeout: 60_000 }).toBe('lesion');
  });

  it('within 2 s of the worker\'s death says so in one sentence, clears the spinner and changes the badge', async () => {
    await w.page.locator('[data-testid="method-select"]').selectOption('lime');
    const samples = w.page.locator('[data-testid="options-form"] label', { hasText: /samples/i }).locator('input[type="number"]');
    await samples.fill('1500');
    await samples.press('Enter');
    await w.page.waitForSelector('[data-testid="stop"]', { timeout: 60_000 }); // LIME is running, with progress
    const ms = await breakAndTime(w.page, 'terminate');
    console.log(`banner ${Math.round(ms)} ms after the worker was terminated`);
    expect(ms).toBeLessThan(2000);
    const first = (await healthText(w.page)) ?? '';
    expect(sentences(first)).toBe(1);
    expect(first).toMatch(/^The compute engine stopped while computing LIME/);
    // Spinner and Stop are gone at once; the badge no longer shows a healthy WASM.
    await w.page.waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 2000 });
    expect(await w.page.locator('[data-testid="stop"]').count()).toBe(0);
    expect(await w.page.locator('[data-testid="backend-badge"]').getAttribute('data-health')).not.toBe('ok');
  });

  it('comes back on CPU with every image, the uploaded model and the prediction, and offers Run again', async () => {
    await w.page.waitForSelector('[data-testid="engine-health"][data-state="recovered"]', { timeout: 180_000 });
    const text = (await healthText(w.page)) ?? '';
    console.log(text);
    expect(sentences(text)).toBe(1);
    expect(text).toBe(`The compute engine stopped while computing LIME, so Glassbox restarted it on CPU and brought back 10 images and the model "${modelName}".`);
    const badge = w.page.locator('[data-testid="backend-badge"]');
    expect(await badge.getAttribute('data-backend')).toBe('cpu');
    expect(await badge.textContent()).toContain('CPU');
    expect(await w.page.locator('[data-testid="thumb"]').count()).toBe(10);
    expect(await w.page.locator('[data-testid="thumb"] .thumb-name').allTextContents()).toContain('my-lesion.png');
    expect(await w.page.locator('aside.side .panel-head .muted').textContent()).toBe(modelName);
    expect(await w.page.locator('[data-testid="top-class"] strong').textContent()).toBe('lesion');
    // The interrupted LIME does not rerun on its own (it may be what stopped the engine).
    expect(await w.page.locator('[data-testid="busy"]').count()).toBe(0);
    expect(await w.page.locator('[data-testid="run-again"]').count()).toBe(1);
  });

  it('lets the person go back to WASM in Settings, and "Run again" gives the LIME map there', async () => {
    // (LIME with 1500 samples on the CPU backend takes minutes on this shared 2-core machine.)
    await w.page.locator('[data-testid="backend-badge"]').click();
    await w.page.waitForSelector('dialog.settings[open]');
    expect(await w.page.locator('[data-testid="backend-wasm"]').textContent()).toMatch(/not tried when the engine restarted/);
    await w.page.locator('[data-testid="backend-wasm"] input').click();
    await w.page.waitForSelector('[data-testid="backend-badge"][data-backend="wasm"]', { timeout: 60_000 });
    await w.page.keyboard.press('Escape');
    // Still held: switching backend did not rerun the interrupted explanation.
    expect(await w.page.locator('[data-testid="busy"]').count()).toBe(0);
    expect(await w.page.locator('[data-testid="segment-overlay"]').count()).toBe(0);
    await w.page.click('[data-testid="run-again"]');
    await w.page.waitForSelector('[data-testid="segment-overlay"]', { timeout: 200_000 });
    await w.page.waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 200_000 });
    expect(await w.page.locator('[data-testid="lime-r2"]').textContent()).toMatch(/R² = -?\d\.\d\d/);
    expect(await w.page.locator('[data-testid="run-record"]').textContent()).toContain('on WASM');
    expect(await w.page.locator('[data-testid="engine-health"]').count()).toBe(0);
    // The trust figures computed after the map (a second LIME run for its stability) report progress, which
    // rightly counts as a sign of life; the next test needs an idle engine.
    await w.page.waitForSelector('[data-testid="trust-panel"][data-state="done"]', { timeout: 300_000 });
  });

  it('flags a worker that is busy for 4 s as not answering, and does not restart it', async () => {
    await w.page.evaluate(() => (window as unknown as { __glassboxTest: { hang(ms: number): void } }).__glassboxTest.hang(4000));
    await w.page.waitForSelector('[data-testid="backend-badge"][data-health="unresponsive"]', { timeout: 10_000 });
    expect(await healthText(w.page)).toMatch(/^The compute engine has not answered for \d+ s: it may be compiling shaders or running a long step, or it may be stuck\.$/);
    expect(await w.page.locator('[data-testid="restart-engine"]').count()).toBe(1);
    await w.page.waitForSelector('[data-testid="backend-badge"][data-health="ok"]', { timeout: 30_000 });
    expect(await w.page.locator('[data-testid="engine-health"]').count()).toBe(0);
    // The same engine: a restart would have gone down to CPU.
    expect(await w.page.locator('[data-testid="backend-badge"]').getAttribute('data-backend')).toBe('wasm');
  });

  it('restarts a worker that stays stuck past the hang limit (shortened to 5 s here; 60 s in use)', async () => {
    await w.page.evaluate(() => {
      const hooks = (window as unknown as { __glassboxTest: { hang(ms: number): void; setTiming(t: { hangMs: number }): void } }).__glassboxTest;
      hooks.setTiming({ hangMs: 5000 });
      hooks.hang(Infinity);
    });
    await w.page.waitForSelector('[data-testid="backend-badge"][data-health="unresponsive"]', { timeout: 10_000 });
    await w.page.waitForSelector('[data-testid="engine-health"][data-state="restarting"]', { timeout: 30_000 });
    expect(await healthText(w.page)).toBe('The compute engine stopped answering; restarting it on CPU…');
    await w.page.waitForSelector('[data-testid="engine-health"][data-state="recovered"]', { timeout: 180_000 });
    expect(await healthText(w.page)).toBe(`The compute engine stopped answering, so Glassbox restarted it on CPU and brought back 10 images and the model "${modelName}".`);
    expect(await w.page.locator('[data-testid="top-class"] strong').textContent()).toBe('lesion');
  });

  it('stayed on its own origin, violated no CSP rule and logged no page errors', async () => {
    await expectStayedLocal(w);
    await w.context.close();
  });
});

describe('the WebGL context is lost', () => {
  let w: Watched;
  let before: string[] = [];

  beforeAll(async () => {
    w = await openStudio(browser, `${server.url}?test-hooks`);
    await waitReady(w.page);
  });

  it('runs the demo on WebGL (chosen in Settings)', async () => {
    await w.page.locator('[data-testid="backend-badge"]').click();
    await w.page.waitForSelector('dialog.settings[open]');
    await w.page.locator('[data-testid="backend-webgl"] input').click();
    await w.page.waitForTimeout(100);
    await w.page.waitForFunction(() => !document.querySelector('dialog.settings fieldset')?.hasAttribute('disabled'), null, { timeout: 200_000 });
    expect(await w.page.locator('[data-testid="backend-badge"]').getAttribute('data-backend')).toBe('webgl');
    await w.page.keyboard.press('Escape');
    await w.page.locator('[data-testid="thumb"]', { hasText: 'demo lesion 1' }).locator('button.thumb-button').click();
    await w.page.waitForSelector('[data-testid="heatmap"][data-backend="webgl"]', { timeout: 200_000 });
    await w.page.waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 200_000 });
    expect(await w.page.locator('[data-testid="top-class"] strong').textContent()).toBe('lesion');
    before = await probabilities(w.page);
  });

  it('after WEBGL_lose_context restarts on WASM, and the demo images are still predicted right', async () => {
    const ms = await breakAndTime(w.page, 'loseContext');
    console.log(`banner ${Math.round(ms)} ms after the context was lost`);
    expect(ms).toBeLessThan(2000);
    expect(await healthText(w.page)).toMatch(/^The WebGL context of the compute engine was lost/);
    await w.page.waitForSelector('[data-testid="engine-health"][data-state="recovered"]', { timeout: 180_000 });
    const text = (await healthText(w.page)) ?? '';
    expect(sentences(text)).toBe(1);
    expect(text).toMatch(/restarted it on WASM and brought back 9 images and the model "/);
    expect(await w.page.locator('[data-testid="backend-badge"]').getAttribute('data-backend')).toBe('wasm');
    // The prediction shown was computed on WASM after the restart, and agrees with WebGL's before the loss.
    expect(await w.page.locator('[data-testid="top-class"] strong').textContent()).toBe('lesion');
    expect(await probabilities(w.page)).toEqual(before);
    for (const [name, label] of [['demo cyst 1', 'cyst'], ['demo normal 2', 'normal']]) {
      await w.page.locator('[data-testid="thumb"]', { hasText: name }).locator('button.thumb-button').click();
      await expect.poll(() => w.page.locator('[data-testid="top-class"] strong').textContent(), { timeout: 60_000 }).toBe(label);
    }
    const h = await w.page.waitForSelector('[data-testid="heatmap"][data-backend="wasm"]', { timeout: 60_000 });
    expect(Number(await h.getAttribute('data-nonzero'))).toBeGreaterThan(0);
  });

  it('stayed on its own origin, violated no CSP rule and logged no page errors', async () => {
    await expectStayedLocal(w);
    await w.context.close();
  });
});

describe('from a USB stick (the one-file build on file://)', () => {
  let w: Watched;

  beforeAll(async () => {
    w = await openStudio(browser, `${pathToFileURL(path.join(DIST, 'glassbox.html')).href}?test-hooks`);
    await waitReady(w.page);
  });

  it('notices the inline worker\'s death there too (Web Locks work on file://) and heals', async () => {
    const backend = await w.page.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
    // Let the first image's explanation finish, so the worker dies idle (on a loaded machine it could still be
    // computing, and the banner then rightly says "stopped while computing Grad-CAM").
    await waitHeatmap(w.page, 180_000);
    const ms = await breakAndTime(w.page, 'terminate');
    console.log(`file://: banner ${Math.round(ms)} ms after the worker was terminated`);
    expect(ms).toBeLessThan(2000);
    await w.page.waitForSelector('[data-testid="engine-health"][data-state="recovered"]', { timeout: 180_000 });
    expect(await healthText(w.page)).toMatch(/^The compute engine stopped( while [^,]+)?, so Glassbox restarted it on (CPU|WASM) and brought back 9 images and the model "/);
    expect(await w.page.locator('[data-testid="backend-badge"]').getAttribute('data-backend')).not.toBe(backend);
    await w.page.locator('[data-testid="thumb"]', { hasText: 'demo lesion 1' }).locator('button.thumb-button').click();
    await expect.poll(() => w.page.locator('[data-testid="top-class"] strong').textContent(), { timeout: 120_000 }).toBe('lesion');
  });

  it('stayed on its own file, violated no CSP rule and logged no page errors', async () => {
    await expectStayedLocal(w);
    await w.context.close();
  });
});
