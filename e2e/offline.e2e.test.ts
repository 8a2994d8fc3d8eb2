// Journey: a clinic's intranet serves dist/; after one visit the studio keeps working with the network
// off (and the server gone), because a service worker precached the app, the wasm binaries and the model.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched, expectStayedLocal } from './harness';
import { lesionImage, png } from './files';
import { reloadLoadAndExplain, trainOneEpochAndSave } from './journeys';

let server: Served;
let browser: Browser;
let w: Watched;

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('offline static site', () => {
  it('installs a service worker that takes control after the first visit', async () => {
    await w.page.evaluate(() => navigator.serviceWorker.ready);
    await w.page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout: 60_000 });
    const cached = await w.page.evaluate(async () => {
      const names = await caches.keys();
      const urls: string[] = [];
      for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.push(r.url);
      return urls;
    });
    expect(cached.some((u) => /\.wasm/.test(u))).toBe(true);
    expect(cached.some((u) => /models\/demo\/group1-shard1of1\.bin/.test(u))).toBe(true);
    expect(cached.some((u) => /engine\.worker-.*\.js/.test(u))).toBe(true);
  });

  it('opens and explains with the network off and the server stopped', async () => {
    await server.close();
    await w.context.setOffline(true);
    await w.page.reload();
    await waitReady(w.page);
    await w.page.locator('[data-testid="thumb"]', { hasText: 'demo lesion 2' }).locator('button.thumb-button').click();
    expect(await waitHeatmap(w.page)).toBeGreaterThan(0);
    await w.page.locator('[data-testid="file-input"]').setInputFiles([{ name: 'offline.png', mimeType: 'image/png', buffer: png(lesionImage(96, 4)) }]);
    await expect.poll(() => w.page.locator('[data-testid="image-name"]').textContent()).toContain('offline.png');
    await waitHeatmap(w.page);
  });

  it('runs LIME, trains one epoch, saves, and after a reload (still offline) loads the model and explains', async () => {
    await w.page.locator('[data-testid="method-select"]').selectOption('lime');
    await w.page.waitForSelector('[data-testid="segment-overlay"]', { timeout: 120_000 });
    await w.page.locator('[data-testid="method-select"]').selectOption('gradcam');
    const name = await trainOneEpochAndSave(w.page);
    await reloadLoadAndExplain(w.page, name);
  });

  it('made no request beyond its own origin (service worker included) and broke no CSP rule', async () => {
    await expectStayedLocal(w);
  });
});

describe('forget everything', () => {
  it('empties IndexedDB, local and session storage and user-data caches, drops loaded images, and says what it cleared', async () => {
    // leave traces of work behind, as saved models and settings would
    await w.page.evaluate(async () => {
      localStorage.setItem('glassbox.settings', '{"colormap":"inferno"}');
      sessionStorage.setItem('glassbox.session', '1');
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('glassbox-test-models', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('models').put({ name: 'm' }, 'k');
        req.onsuccess = () => {
          req.result.close();
          resolve();
        };
        req.onerror = () => reject(req.error);
      });
      await (await caches.open('glassbox-user-images')).put('/x', new Response('pixels'));
    });
    await w.page.click('[data-testid="view-train"]');
    await w.page.click('[data-testid="use-synthetic"]');
    await w.page.waitForFunction(() => document.querySelectorAll('[data-testid="train-class"]').length === 3, null, { timeout: 60_000 });
    await w.page.click('[data-testid="view-explain"]');
    await w.page.locator('[data-testid="file-input"]').setInputFiles([{ name: 'patient.png', mimeType: 'image/png', buffer: png(lesionImage(64, 6)) }]);
    await w.page.waitForSelector('[data-testid="thumb"][data-source="user"]');
    const userImages = await w.page.locator('[data-testid="thumb"][data-source="user"]').count();
    await w.page.locator('[data-testid="privacy"]').click();
    await w.page.locator('[data-testid="forget"]').click();
    const text = await w.page.locator('[data-testid="forget-result"]').textContent({ timeout: 30_000 });
    expect(text).toContain(`Removed ${userImages} loaded image`);
    expect(text).toMatch(/[1-9]\d* training images/);
    expect(text).toContain('glassbox-test-models');
    // the model saved by the journey above lived in the library database
    expect(text).toContain('glassbox-models');
    const left = await w.page.evaluate(async () => ({
      dbs: (await indexedDB.databases()).map((d) => d.name),
      local: localStorage.length,
      session: sessionStorage.length,
      caches: (await caches.keys()).filter((n) => !n.startsWith('workbox-precache')),
    }));
    expect(left).toEqual({ dbs: [], local: 0, session: 0, caches: [] });
    expect(await w.page.locator('[data-testid="thumb"][data-source="user"]').count()).toBe(0);
    expect(await w.page.locator('[data-testid="thumb"][data-source="demo"]').count()).toBeGreaterThan(0);
    await w.page.keyboard.press('Escape');
    await w.page.click('[data-testid="view-models"]');
    await expect.poll(() => w.page.locator('[data-testid="saved-model"]').count()).toBe(0);
    await w.page.click('[data-testid="view-train"]');
    await expect.poll(() => w.page.locator('[data-testid="train-class"]').count()).toBe(0);
  });
});
