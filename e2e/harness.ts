// Shared e2e plumbing: a tiny static server for dist/, Debian's Chromium through playwright-core, and
// a request log that fails the test on anything leaving the page's own origin.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
// @ts-expect-error plain .mjs helper shared with the CLI
import { findChromium } from '../scripts/ensure-browser.mjs';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DIST = path.join(ROOT, 'dist');
export const FIXTURES = path.join(ROOT, '..', 'shared', 'fixtures');
export const ARTIFACTS = path.join(ROOT, 'test-results');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

export interface Served {
  url: string;
  close(): Promise<void>;
}

export function serveDist(dir = DIST): Promise<Served> {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir}/index.html is missing: run \`npm run build\` first`);
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    let p = path.normalize(path.join(dir, decodeURIComponent(u.pathname)));
    if (!p.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
    if (!fs.existsSync(p)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(p)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(p).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export async function launch(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium: install it with `apt-get install -y chromium`');
  // Playwright gives every launch a fresh temporary profile (the --user-data-dir DESIGN.md asks for).
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-webgpu',
      '--use-angle=swiftshader',
      '--enable-features=Vulkan',
      ...extraArgs,
    ],
  });
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Every request the page (and its workers) made. */
  requests: string[];
  /** Requests to anything but the page's own origin (data: and blob: URLs are local). */
  foreign(): string[];
  /** Content-Security-Policy violations the page reported. */
  cspViolations(): Promise<string[]>;
  consoleErrors: string[];
  pageErrors: string[];
}

export async function openStudio(browser: Browser, url: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const origin = new URL(url).origin;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && consoleErrors.push(`[worker] ${m.text()}`)));
  await page.goto(url);
  return {
    context,
    page,
    requests,
    consoleErrors,
    pageErrors,
    // A page opened from file:// has the opaque origin "null": only its own file counts as its own.
    foreign: () =>
      requests.filter((r) => (url.startsWith('file:') ? r !== url : !r.startsWith(origin + '/')) && !r.startsWith('data:') && !r.startsWith('blob:')),
    cspViolations: async () => [
      ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
      ...consoleErrors.filter((e) => /Content Security Policy/i.test(e)),
    ],
  };
}

/**
 * The privacy check each journey ends with: no request beyond the page's own origin, no CSP violation,
 * no page error. `minRequests`: the log must hold more than that many requests (it really recorded);
 * `noConsoleErrors`: no console error either, apart from failed loads the journey caused on purpose.
 */
export async function expectStayedLocal(w: Watched, o: { minRequests?: number; noConsoleErrors?: boolean } = {}): Promise<void> {
  if (o.minRequests !== undefined) expect(w.requests.length).toBeGreaterThan(o.minRequests);
  expect(w.foreign()).toEqual([]);
  expect(await w.cspViolations()).toEqual([]);
  expect(w.pageErrors).toEqual([]);
  if (o.noConsoleErrors) expect(w.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
}

/** Waits until the engine has started and the demo gallery is there. */
export async function waitReady(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForSelector('[data-testid="backend-badge"][data-backend]:not([data-backend=""])', { timeout });
  await page.waitForSelector('[data-testid="thumb"]', { timeout });
}

/** Waits for a heatmap that belongs to the selected image and has non-zero pixels. */
export async function waitHeatmap(page: Page, timeout = 90_000): Promise<number> {
  const h = await page.waitForSelector('[data-testid="heatmap"][data-nonzero]', { timeout });
  await page.waitForSelector('[data-testid="busy"]', { state: 'detached', timeout });
  return Number(await h.getAttribute('data-nonzero'));
}
