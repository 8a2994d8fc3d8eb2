// Journey: someone who must not let an image leave the machine checks that Glassbox cannot send anything
// anywhere, in every form it runs in: the static site on a plain host (no CSP header), the same site offline
// through its service worker, the one-file build from file://, and `npm start` (vite preview, which adds the
// policy as a header). From inside every worker the journey tries every way out (fetch, XMLHttpRequest,
// WebSocket, EventSource, importScripts, import()) towards a decoy server on another port, which must log
// nothing. Then "Forget everything" must remove Glassbox's stores and leave another application's alone, and
// on file:// the studio must say that other local pages share its storage (and they do).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Worker } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import {
  DIST,
  ESCAPE_PATHS,
  ROOT,
  attemptEscapes,
  expectStayedLocal,
  launch,
  openStudio,
  serveDecoy,
  serveDist,
  waitHeatmap,
  waitReady,
  type Decoy,
  type EscapeReport,
  type Served,
  type Watched,
} from './harness';

let browser: Browser;
let decoy: Decoy;

beforeAll(async () => {
  browser = await launch();
  decoy = await serveDecoy();
});

afterAll(async () => {
  await browser?.close();
  await decoy?.close();
});

/** The policy an HTML file states in its meta tag (read here, not through the code under test). */
function metaPolicyOf(file: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(fs.readFileSync(file, 'utf8'));
  if (!m) throw new Error(`${file} states no Content-Security-Policy`);
  return m[1];
}

/**
 * Every attempt failed, and failed because of the page's policy: the worker reported a CSP violation naming
 * that attempt's URL (this matters offline, where the network would have failed the request anyway).
 */
function expectAllBlocked(r: EscapeReport, kind: 'module' | 'classic'): void {
  expect(r.kind).toBe(kind);
  const host = decoy.origin.replace(/^http:\/\//, '');
  for (const [name, outcome] of Object.entries(r.outcomes) as Array<[keyof typeof ESCAPE_PATHS, string]>) {
    if (name === 'importScripts' && kind === 'module') {
      expect(outcome, 'module workers have no importScripts').toBe('absent');
      continue;
    }
    expect(outcome, `${name} from a ${kind} worker`).toBe('blocked');
    expect(
      r.violations.some((v) => v.includes(host + ESCAPE_PATHS[name])),
      `a CSP violation for ${name}; got ${JSON.stringify(r.violations)}`,
    ).toBe(true);
  }
}

async function engineWorkers(w: Watched): Promise<Worker[]> {
  await expect.poll(() => w.page.workers().length, { timeout: 30_000 }).toBeGreaterThan(0);
  return w.page.workers();
}

/**
 * Waits until the service worker controls the page. `navigator.serviceWorker.ready` never settles when the
 * worker's install fails (one precache fetch failing fails it), so this polls with a deadline and, when it
 * runs out, says what state the registration is in.
 */
async function waitServiceWorkerControl(w: Watched, timeout = 90_000): Promise<void> {
  try {
    await w.page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout, polling: 250 });
  } catch (e) {
    const state = await w.page
      .evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        if (!r) return 'no registration';
        return `installing ${r.installing?.state ?? '-'}, waiting ${r.waiting?.state ?? '-'}, active ${r.active?.state ?? '-'}`;
      })
      .catch((err: unknown) => `unreadable (${String(err)})`);
    throw new Error(`the service worker did not take control in ${timeout / 1000} s (${state}): ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
}

/** Runs the steps in order; when one fails (or the hook's time runs out) the error names the steps done and their times. */
async function stepsTimed(steps: [string, () => Promise<unknown>][]): Promise<void> {
  const t0 = Date.now();
  const done: string[] = [];
  for (const [name, run] of steps) {
    try {
      await run();
    } catch (e) {
      throw new Error(`${name} failed after [${done.join(', ')}] at ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(e as Error).message}`, { cause: e });
    }
    done.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

async function saveCurrentModel(w: Watched): Promise<string> {
  await w.page.click('[data-testid="view-models"]');
  await w.page.click('[data-testid="save-current"]');
  const notice = w.page.locator('[data-testid="notice"]', { hasText: 'Saved "' });
  await notice.first().waitFor({ timeout: 30_000 });
  return /Saved "([^"]+)"/.exec((await notice.first().textContent()) ?? '')![1];
}

describe('static site on a plain host (no CSP header)', () => {
  let server: Served;
  let w: Watched;

  beforeAll(async () => {
    server = await serveDist();
    w = await openStudio(browser, server.url);
    await waitReady(w.page);
  });

  afterAll(async () => {
    await w?.context.close();
    await server?.close();
  });

  it('is served with no Content-Security-Policy header: only the page states one, in its meta tag', async () => {
    const res = await fetch(server.url);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(metaPolicyOf(path.join(DIST, 'index.html'))).toContain("connect-src 'self' data: blob:");
  });

  it('runs its engine in blob: workers from which every way to another origin is blocked', async () => {
    const origin = new URL(server.url).origin;
    for (const worker of await engineWorkers(w)) {
      expect(worker.url().startsWith(`blob:${origin}/`), worker.url()).toBe(true);
      expectAllBlocked(await attemptEscapes(worker, decoy), 'module');
    }
    expect(decoy.hits).toEqual([]);
  });

  it('still loads the wasm binaries and the demo model under that policy, and explains', async () => {
    expect(w.requests.some((u) => /\.wasm$/.test(u))).toBe(true);
    expect(w.requests.some((u) => u.endsWith('models/demo/group1-shard1of1.bin'))).toBe(true);
    await w.page.locator('[data-testid="thumb"]', { hasText: 'demo lesion 1' }).locator('button.thumb-button').click();
    expect(await waitHeatmap(w.page)).toBeGreaterThan(0);
  });

  it('shows no file:// storage note when served from a web address', async () => {
    await w.page.locator('[data-testid="privacy"]').click();
    await w.page.waitForSelector('[data-testid="privacy-panel"][open]');
    expect(await w.page.locator('[data-testid="file-storage-note"]').count()).toBe(0);
    await w.page.keyboard.press('Escape');
  });

  it("Forget everything removes Glassbox's stores and leaves another application's on the same origin alone", async () => {
    await w.page.evaluate(async () => {
      const makeDb = (name: string) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open(name, 1);
          req.onupgradeneeded = () => req.result.createObjectStore('s').put('kept', 'k');
          req.onsuccess = () => {
            req.result.close();
            resolve();
          };
          req.onerror = () => reject(req.error);
        });
      // another application served from the same origin (one name only a prefix away from Glassbox's)
      localStorage.setItem('theme', 'dark');
      localStorage.setItem('other-app.token', 'abc');
      sessionStorage.setItem('cart', '3');
      await makeDb('other-app-db');
      await makeDb('glassboxes');
      await (await caches.open('other-app-cache')).put('/theirs', new Response('theirs'));
      // Glassbox's own
      localStorage.setItem('glassbox.settings', '{"colormap":"inferno"}');
      sessionStorage.setItem('glassbox.session', '1');
      await makeDb('glassbox-test-models');
      await (await caches.open('glassbox-user-images')).put('/x', new Response('pixels'));
    });
    await saveCurrentModel(w);
    await w.page.locator('[data-testid="privacy"]').click();
    await w.page.locator('[data-testid="forget"]').click();
    const text = (await w.page.locator('[data-testid="forget-result"]').textContent({ timeout: 30_000 })) ?? '';
    for (const own of ['glassbox-models', 'glassbox-test-models', 'glassbox.settings', 'glassbox.session']) expect(text).toContain(own);
    expect(text).toContain('2 browser databases');
    expect(text).toContain('2 stored settings');
    for (const theirs of ['other-app', 'glassboxes', 'theme', 'cart']) expect(text).not.toContain(theirs);
    await w.page.keyboard.press('Escape');

    const left = await w.page.evaluate(async () => {
      const read = (name: string) =>
        new Promise<unknown>((resolve, reject) => {
          const req = indexedDB.open(name);
          req.onsuccess = () => {
            const db = req.result;
            const get = db.transaction('s').objectStore('s').get('k');
            get.onsuccess = () => {
              db.close();
              resolve(get.result);
            };
          };
          req.onerror = () => reject(req.error);
        });
      const keys = (s: Storage) => Array.from({ length: s.length }, (_, i) => s.key(i)!).sort();
      const cacheNames = (await caches.keys()).filter((n) => !n.startsWith('workbox-precache')).sort();
      return {
        dbs: (await indexedDB.databases()).map((d) => d.name).sort(),
        local: keys(localStorage),
        session: keys(sessionStorage),
        caches: cacheNames,
        values: [localStorage.getItem('theme'), localStorage.getItem('other-app.token'), sessionStorage.getItem('cart'), await read('other-app-db'), await read('glassboxes')],
        theirCache: await (await (await caches.open('other-app-cache')).match('/theirs'))?.text(),
      };
    });
    expect(left).toEqual({
      dbs: ['glassboxes', 'other-app-db'],
      local: ['other-app.token', 'theme'],
      session: ['cart'],
      caches: ['other-app-cache'],
      values: ['dark', 'abc', '3', 'kept', 'kept'],
      theirCache: 'theirs',
    });
    await w.page.click('[data-testid="view-models"]');
    await expect.poll(() => w.page.locator('[data-testid="saved-model"]').count()).toBe(0);
  });

  it('made no request beyond its own origin and broke no CSP rule, apart from the blocked attempts', async () => {
    await expectStayedLocal(w, { attacked: decoy });
  });
});

describe('the static site offline (service worker, network off)', () => {
  let server: Served;
  let w: Watched;

  beforeAll(async () => {
    await stepsTimed([
      ['serve', async () => (server = await serveDist())],
      ['open', async () => (w = await openStudio(browser, server.url))],
      ['ready', () => waitReady(w.page, 75_000)],
      ['service worker control', () => waitServiceWorkerControl(w, 60_000)],
      // close() waits for connections in flight; going offline cuts them anyway
      ['server closed', () => Promise.race([server.close(), new Promise((r) => setTimeout(r, 15_000))])],
      ['offline', () => w.context.setOffline(true)],
      ['reload', () => w.page.reload({ timeout: 30_000 })],
      ['ready offline', () => waitReady(w.page, 60_000)],
    ]);
  }, 300_000);

  afterAll(async () => {
    await w?.context.close();
  });

  it('blocks every attempt from its workers by policy, not only by the missing network', async () => {
    for (const worker of await engineWorkers(w)) expectAllBlocked(await attemptEscapes(worker, decoy), 'module');
    expect(decoy.hits).toEqual([]);
    await expectStayedLocal(w, { attacked: decoy });
  });
});

describe('the one-file build from file://', () => {
  const file = path.join(DIST, 'glassbox.html');
  let w: Watched;

  beforeAll(async () => {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    w = await openStudio(browser, pathToFileURL(file).href);
    await waitReady(w.page);
  });

  afterAll(async () => {
    await w?.context.close();
  });

  it('runs its engine in a classic blob: worker from which every way out is blocked, importScripts included', async () => {
    for (const worker of await engineWorkers(w)) {
      expect(worker.url().startsWith('blob:null/'), worker.url()).toBe(true);
      expectAllBlocked(await attemptEscapes(worker, decoy), 'classic');
    }
    expect(decoy.hits).toEqual([]);
  });

  it('says, where models are saved and in the privacy panel, that other local pages share this storage', async () => {
    await w.page.locator('[data-testid="privacy"]').click();
    const inPanel = w.page.locator('[data-testid="privacy-panel"] [data-testid="file-storage-note"]');
    await inPanel.waitFor();
    expect(await inPanel.textContent()).toMatch(/every HTML file on this computer/);
    await w.page.keyboard.press('Escape');
    await w.page.click('[data-testid="view-models"]');
    // beside the "Save to library" button of the active model
    await w.page.locator('.current-model [data-testid="save-current"]').waitFor();
    expect(await w.page.locator('.current-model [data-testid="file-storage-note"]').count()).toBe(1);
  });

  it('made no request beyond its own file and broke no CSP rule, apart from the blocked attempts', async () => {
    await expectStayedLocal(w, { attacked: decoy });
  });

  it('(why the note is there) another local HTML file can read the saved models', async () => {
    const name = await saveCurrentModel(w);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glassbox-other-page-'));
    const other = path.join(dir, 'other.html');
    fs.writeFileSync(other, '<!doctype html><title>some other local page</title>');
    const page = await w.context.newPage();
    try {
      await page.goto(pathToFileURL(other).href);
      const names = await page.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const req = indexedDB.open('glassbox-models');
            req.onsuccess = () => {
              const db = req.result;
              if (!db.objectStoreNames.contains('entries')) return resolve([]);
              const all = db.transaction('entries').objectStore('entries').getAll();
              all.onsuccess = () => {
                db.close();
                resolve((all.result as Array<{ name: string }>).map((e) => e.name));
              };
            };
            req.onerror = () => reject(req.error);
          }),
      );
      expect(names).toContain(name);
    } finally {
      await page.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A port nobody listens on now (vite preview takes a fixed port). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('npm start (vite preview) sends the policy as a header', () => {
  let server: PreviewServer;
  let url: string;
  let w: Watched;

  beforeAll(async () => {
    const port = await freePort();
    server = await preview({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', preview: { port, strictPort: true, host: '127.0.0.1', open: false } });
    url = `http://127.0.0.1:${port}/`;
  });

  afterAll(async () => {
    await w?.context.close();
    await server?.close();
  });

  it("on every file: the page's own meta policy (the one-file build's names its inline scripts)", async () => {
    const policy = metaPolicyOf(path.join(DIST, 'index.html'));
    const engine = fs.readdirSync(path.join(DIST, 'assets')).find((f) => /^engine\.worker-.*\.js$/.test(f));
    const wasm = fs.readdirSync(path.join(DIST, 'assets')).find((f) => f.endsWith('.wasm'));
    for (const p of ['', 'index.html', 'sw.js', `assets/${engine}`, `assets/${wasm}`, 'models/demo/model.json']) {
      const res = await fetch(url + p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-security-policy'), p).toBe(policy);
    }
    const single = await fetch(url + 'glassbox.html');
    const singlePolicy = single.headers.get('content-security-policy');
    expect(singlePolicy).toBe(metaPolicyOf(path.join(DIST, 'glassbox.html')));
    expect(singlePolicy).toMatch(/script-src 'self' 'sha256-/);
  });

  it('starts under the header, and neither its engine workers nor its service worker reach the decoy', async () => {
    w = await openStudio(browser, url);
    await waitReady(w.page);
    for (const worker of await engineWorkers(w)) expectAllBlocked(await attemptEscapes(worker, decoy), 'module');
    await waitServiceWorkerControl(w);
    const sw = w.context.serviceWorkers()[0] ?? (await w.context.waitForEvent('serviceworker'));
    const r = await attemptEscapes(sw, decoy);
    const host = decoy.origin.replace(/^http:\/\//, '');
    for (const name of ['fetch', 'fetchNoCors', 'webSocket'] as const) {
      expect(r.outcomes[name], name).toBe('blocked');
      expect(r.violations.some((v) => v.includes(host + ESCAPE_PATHS[name])), `${name}: ${JSON.stringify(r.violations)}`).toBe(true);
    }
    expect(Object.values(r.outcomes)).not.toContain('reached');
    expect(decoy.hits).toEqual([]);
    await expectStayedLocal(w, { attacked: decoy });
  });

  it('serves the one-file build too, which starts under its own header', async () => {
    const single = await openStudio(browser, url + 'glassbox.html');
    try {
      await waitReady(single.page);
      await expectStayedLocal(single);
    } finally {
      await single.context.close();
    }
  });
});
