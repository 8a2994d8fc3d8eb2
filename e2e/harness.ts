// Shared e2e plumbing: a tiny static server for dist/, Debian's Chromium through playwright-core, and
// a request log that fails the test on anything leaving the page's own origin. The privacy helpers
// (serveDecoy, attemptEscapes) try to leave it on purpose, from inside the page's workers.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Worker } from 'playwright-core';
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

/**
 * Serves `dir` like a plain static host: files and content types only, and in particular no
 * Content-Security-Policy header, so what keeps the page and its workers local is the page's own <meta>
 * policy (and the blob-made worker inheriting it), not this server.
 */
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
  page.on('worker', (w) => {
    w.on('console', (m) => m.type() === 'error' && consoleErrors.push(`[worker] ${m.text()}`));
    // Violations inside a worker fire on the worker's global, not on the document.
    void w.evaluate(listenForViolations).catch(() => undefined);
  });
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
      ...(await Promise.all(page.workers().map((wk) => wk.evaluate(() => [...((self as unknown as { __csp?: string[] }).__csp ?? [])]).catch(() => [] as string[])))).flat(),
      ...consoleErrors.filter((e) => /Content Security Policy/i.test(e)),
    ],
  };
}

/**
 * The privacy check each journey ends with: no request beyond the page's own origin, no CSP violation,
 * no page error. `minRequests`: the log must hold more than that many requests (it really recorded);
 * `noConsoleErrors`: no console error either, apart from failed loads the journey caused on purpose.
 */
export async function expectStayedLocal(w: Watched, o: { minRequests?: number; noConsoleErrors?: boolean; attacked?: Decoy } = {}): Promise<void> {
  if (o.minRequests !== undefined) expect(w.requests.length).toBeGreaterThan(o.minRequests);
  // `attacked`: a decoy the journey itself tried to reach (attemptEscapes). Chromium logs some of those
  // attempts as requests although its CSP stopped them, and reports each as a violation: neither counts
  // here, because the decoy's own log is the proof that nothing arrived, and that log must be empty.
  const ours = (u: string) => o.attacked !== undefined && o.attacked.owns(u);
  expect(w.foreign().filter((r) => !ours(r))).toEqual([]);
  expect((await w.cspViolations()).filter((v) => !ours(v.split(' blocked ')[1] ?? ''))).toEqual([]);
  if (o.attacked) expect(o.attacked.hits).toEqual([]);
  expect(w.pageErrors).toEqual([]);
  if (o.noConsoleErrors) expect(w.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  // Accessibility (issue 16): every journey's final state has no serious or critical WCAG 2.2 AA violation.
  // Every journey: axe's WCAG A/AA rules. The experimental label-in-name rule (fuzzy on SVG charts) runs in
  // the accessibility journey (e2e/a11y.e2e.test.ts), which checks each view for it.
  if (!w.page.isClosed()) expect(formatViolations(await axeViolations(w.page, { experimental: false }))).toEqual([]);
}

// ---- axe-core (a11y helper): WCAG 2.2 A/AA checks of whatever state a journey ends in ----

/** One axe-core violation, trimmed to what a failure message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core (read from node_modules, injected with CDP evaluation so the page's own CSP neither blocks
 * it nor has to be loosened, and nothing is fetched) on the page as it is now and returns the violations of
 * impact `serious` or `critical` (or every impact listed in `impacts`). Rules: axe's WCAG 2.0/2.1/2.2 A and
 * AA tags plus `label-content-name-mismatch` (WCAG 2.5.3, off by default in axe as experimental).
 * `include`: a CSS selector to check only part of the page.
 */
export async function axeViolations(page: Page, o: { impacts?: string[]; include?: string; experimental?: boolean } = {}): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const has = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object').catch(() => false);
  if (!has) await page.evaluate(axeSource);
  const impacts = o.impacts ?? ['serious', 'critical'];
  const all = await page.evaluate(async ({ include, experimental }) => {
    type Result = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Result[] }> } }).axe;
    const r = await axe.run(include ? { include: [include] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
      rules: { 'label-content-name-mismatch': { enabled: experimental } },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  }, { include: o.include ?? null, experimental: o.experimental ?? true });
  return all.filter((v) => impacts.includes(v.impact ?? ''));
}

/** "rule-id (impact): help — target, target…", one line per violation, for a readable failure. */
export function formatViolations(vs: AxeViolation[]): string[] {
  return vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 6).join(' | ')}${v.targets.length > 6 ? ` (+${v.targets.length - 6} more)` : ''}`);
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

/** Installed in every worker openStudio sees: collects its CSP violations in self.__csp. */
function listenForViolations(): void {
  const g = self as unknown as { __csp?: string[] };
  if (g.__csp) return;
  g.__csp = [];
  self.addEventListener('securitypolicyviolation', (e) => g.__csp!.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
}

/** Another origin (a second local server on its own port) that logs every request and WebSocket handshake. */
export interface Decoy {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** "METHOD /path" of everything that reached it, WebSocket handshakes as "UPGRADE /path". */
  hits: string[];
  /** Whether a URL (http: or ws:) points at this decoy. */
  owns(url: string): boolean;
  close(): Promise<void>;
}

/**
 * Starts a decoy: it answers anything with 200, a permissive CORS header and a line of JavaScript, so that
 * nothing but the page's own policy could stop a request to it.
 */
export function serveDecoy(): Promise<Decoy> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/javascript' }).end('self.__decoyRan = true;');
  });
  server.on('upgrade', (req, socket) => {
    hits.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      const hostPort = `127.0.0.1:${port}`;
      resolve({
        origin: `http://${hostPort}`,
        hits,
        owns: (u) => u.startsWith(`http://${hostPort}/`) || u.startsWith(`ws://${hostPort}/`),
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

/**
 * What one attempt to reach the decoy came to: 'blocked' (it failed), 'reached' (it got an answer or the
 * decoy's script ran), or 'absent' (this kind of worker has no such API: importScripts in a module worker,
 * XMLHttpRequest or EventSource in a service worker).
 */
export type EscapeOutcome = 'blocked' | 'reached' | 'absent';

export interface EscapeReport {
  /** 'module' or 'classic' (importScripts() with no argument throws only in module workers). */
  kind: 'module' | 'classic';
  outcomes: Record<'fetch' | 'fetchNoCors' | 'xhr' | 'webSocket' | 'eventSource' | 'importScripts' | 'dynamicImport', EscapeOutcome>;
  /** The failure each attempt reported, for the test's message. */
  errors: Record<string, string>;
  /** CSP violations the worker's global reported during the attempts: "directive blocked URL". */
  violations: string[];
}

/** The paths attemptEscapes uses, one per attempt, so a violation or a decoy hit names its attempt. */
export const ESCAPE_PATHS = {
  fetch: '/fetch?data=secret',
  fetchNoCors: '/no-cors?data=secret',
  xhr: '/xhr?data=secret',
  webSocket: '/ws?data=secret',
  eventSource: '/events?data=secret',
  importScripts: '/import-scripts.js?data=secret',
  dynamicImport: '/dynamic-import.js?data=secret',
} as const;

/**
 * From inside `worker` (a page's dedicated worker or a service worker), tries every way a worker has to
 * reach `decoy`: fetch (cors and no-cors), XMLHttpRequest, WebSocket, EventSource, importScripts and
 * dynamic import(). Each waits for its own outcome (at most 15 s), then the worker's CSP violations are
 * read. Nothing here asserts: the test does, against the decoy's log.
 */
export async function attemptEscapes(worker: Worker, decoy: Decoy): Promise<EscapeReport> {
  const first = await worker.evaluate(
    async ({ origin, paths }) => {
      const violations: string[] = [];
      const onViolation = (e: SecurityPolicyViolationEvent) => violations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
      self.addEventListener('securitypolicyviolation', onViolation);
      (self as unknown as { __escape: unknown }).__escape = { violations, onViolation };
      const errors: Record<string, string> = {};
      const g = self as unknown as Record<string, unknown> & { __decoyRan?: boolean };
      const within = <T,>(p: Promise<T>, fallback: T) => Promise.race([p, new Promise<T>((r) => setTimeout(() => r(fallback), 15_000))]);
      const attempt = async (name: string, run: () => Promise<boolean>): Promise<'blocked' | 'reached'> => {
        try {
          return (await within(run(), false)) ? 'reached' : 'blocked';
        } catch (e) {
          errors[name] = String(e);
          return 'blocked';
        }
      };
      let kind: 'module' | 'classic' = 'classic';
      try {
        (g.importScripts as () => void)();
      } catch {
        kind = 'module';
      }
      const url = (p: string) => origin + p;
      const outcomes = {
        fetch: await attempt('fetch', async () => (await fetch(url(paths.fetch))).ok),
        fetchNoCors: await attempt('fetchNoCors', async () => Boolean(await fetch(url(paths.fetchNoCors), { mode: 'no-cors' }))),
        xhr:
          typeof XMLHttpRequest === 'undefined'
            ? ('absent' as const)
            : await attempt(
                'xhr',
                () =>
                  new Promise<boolean>((resolve) => {
                    const x = new XMLHttpRequest();
                    x.open('GET', url(paths.xhr));
                    x.onload = () => resolve(true);
                    x.onerror = () => resolve(false);
                    x.send();
                  }),
              ),
        webSocket: await attempt(
          'webSocket',
          () =>
            new Promise<boolean>((resolve) => {
              const s = new WebSocket(url(paths.webSocket).replace(/^http/, 'ws'));
              s.onopen = () => resolve(true);
              s.onerror = () => resolve(false);
              s.onclose = () => resolve(false);
            }),
        ),
        eventSource:
          typeof EventSource === 'undefined'
            ? ('absent' as const)
            : await attempt(
                'eventSource',
                () =>
                  new Promise<boolean>((resolve) => {
                    const s = new EventSource(url(paths.eventSource));
                    s.onopen = () => resolve(true);
                    s.onerror = () => {
                      s.close();
                      resolve(false);
                    };
                  }),
              ),
        importScripts:
          kind === 'module'
            ? ('absent' as const)
            : await attempt('importScripts', async () => {
                (g.importScripts as (u: string) => void)(url(paths.importScripts));
                return g.__decoyRan === true;
              }),
      };
      return { kind, outcomes, errors };
    },
    { origin: decoy.origin, paths: ESCAPE_PATHS },
  );
  // import() goes in as source text: vitest rewrites import() in this file's functions into a helper of its
  // own, which the worker does not have.
  const dynamicImport = await worker.evaluate(`(async () => {
    try {
      await import(${JSON.stringify(decoy.origin + ESCAPE_PATHS.dynamicImport)});
      return { outcome: self.__decoyRan === true ? 'reached' : 'blocked' };
    } catch (e) {
      return { outcome: 'blocked', error: String(e) };
    }
  })()`) as { outcome: 'blocked' | 'reached'; error?: string };
  const violations = await worker.evaluate(async () => {
    // Violation events are queued as tasks: let them arrive.
    await new Promise((r) => setTimeout(r, 300));
    const e = (self as unknown as { __escape: { violations: string[]; onViolation: (e: SecurityPolicyViolationEvent) => void } }).__escape;
    self.removeEventListener('securitypolicyviolation', e.onViolation);
    return e.violations;
  });
  return {
    kind: first.kind,
    outcomes: { ...first.outcomes, dynamicImport: dynamicImport.outcome },
    errors: dynamicImport.error ? { ...first.errors, dynamicImport: dynamicImport.error } : first.errors,
    violations,
  };
}
