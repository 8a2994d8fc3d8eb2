// Journey: a person takes a result away. They export the current view as a PNG, the map's values as CSV,
// LIME's regions as CSV, and the HTML report; a colleague opens the report from file:// in a fresh browser
// with no network (it makes no request at all) and reads the method, the model's weights hash (the same as
// sha256sum of the shipped weight file), the map and its figures. Printing the studio gives one page.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { ARTIFACTS, ROOT, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched, expectStayedLocal } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'glassbox-export-'));
const idle = () => w.page.waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 200_000 });
// Computed here from the file the studio loads, not by the studio.
const DEMO_WEIGHTS_SHA256 = createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'public/models/demo/group1-shard1of1.bin'))).digest('hex');

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
  await w.page.locator('[data-testid="thumb"]', { hasText: 'demo lesion 1' }).locator('button.thumb-button').click();
  await waitHeatmap(w.page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(`[data-testid="${testId}"]`)]);
  const p = await (d as Download).path();
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(p!) };
}

function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

describe('export', () => {
  it('exports the view as a PNG: image, map, colour bar and caption, not blank', async () => {
    const { name, bytes } = await download(w.page, 'export-png');
    expect(name).toMatch(/\.png$/);
    const img = PNG.sync.read(bytes);
    // Single view: 512 px panel + 2 x 16 px padding wide; taller than the image (title, colour bar, caption).
    expect(img.width).toBe(544);
    expect(img.height).toBeGreaterThan(512 + 24 + 40);
    const colours = new Set<number>();
    let dark = 0;
    for (let i = 0; i < img.data.length; i += 4) {
      colours.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
      if (img.data[i] + img.data[i + 1] + img.data[i + 2] < 200) dark++;
    }
    expect(colours.size).toBeGreaterThan(500);
    expect(dark).toBeGreaterThan(1000);
    fs.writeFileSync(path.join(ARTIFACTS, 'export-view.png'), bytes);
  });

  it('exports the map as a CSV grid at the model’s input size', async () => {
    const { name, bytes } = await download(w.page, 'export-csv');
    expect(name).toMatch(/\.csv$/);
    const rows = bytes.toString('utf8').split('\r\n').filter(Boolean).map((l) => l.split(',').map(Number));
    expect(rows.length).toBe(64);
    for (const r of rows) expect(r.length).toBe(64);
    const flat = rows.flat();
    expect(flat.every(Number.isFinite)).toBe(true);
    expect(flat.filter((v) => v !== 0).length).toBeGreaterThan(100);
  });

  it('exports LIME’s regions as CSV with standard errors, pixel counts that cover the input, and centroids', async () => {
    await w.page.locator('[data-testid="method-select"]').selectOption('lime');
    await w.page.waitForSelector('[data-testid="segment-overlay"]', { timeout: 200_000 });
    await idle();
    const { bytes } = await download(w.page, 'export-regions');
    const lines = bytes.toString('utf8').split('\r\n').filter(Boolean);
    // The demo lesion is saturated, so LIME explains the logit by default (Explain: probability, or the logit when saturated).
    expect(lines[0]).toMatch(/^region,value \(change in (probability|logit from the baseline)\),stderr,pixels,centroid_x,centroid_y$/);
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.reduce((s, r) => s + r[3], 0)).toBe(64 * 64);
    for (const r of rows) {
      if (r[3] === 0) continue;
      expect(r[4]).toBeGreaterThan(0);
      expect(r[4]).toBeLessThan(64);
      expect(r[5]).toBeGreaterThan(0);
      expect(r[5]).toBeLessThan(64);
    }
  });

  it('exports a report that opens from file:// with zero requests and shows the method, hash, map and figures', async () => {
    const { name, bytes } = await download(w.page, 'export-report');
    expect(name).toMatch(/\.html$/);
    const html = bytes.toString('utf8');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain(DEMO_WEIGHTS_SHA256);
    const file = path.join(tmp, 'report.html');
    fs.writeFileSync(file, bytes);
    fs.writeFileSync(path.join(ARTIFACTS, 'export-report.html'), bytes);

    // A colleague's browser: a fresh context, offline, every request logged and refused.
    const ctx = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await ctx.route('**/*', (route) => {
      // Pages themselves load (the 'request' log above still records everything they ask for).
      if (route.request().isNavigationRequest() && route.request().url().startsWith('file:')) return route.continue();
      requests.push(`routed ${route.request().url()}`);
      return route.abort();
    });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(url);
    await page.waitForLoadState('load');
    expect(requests).toContain(url); // the log records file:// loads
    expect(requests.filter((r) => r !== url)).toEqual([]);
    expect(errors).toEqual([]);

    expect(await page.locator('[data-testid="report-title"]').textContent()).toContain('LIME for “lesion”');
    expect((await page.locator('[data-testid="report-hash"]').textContent())?.trim()).toBe(DEMO_WEIGHTS_SHA256);
    const map = page.locator('[data-testid="report-map"]');
    expect(await map.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const size = await map.evaluate(async (el) => {
      const img = el as HTMLImageElement;
      await img.decode();
      return { w: img.naturalWidth, h: img.naturalHeight };
    });
    expect(size).toEqual({ w: 420, h: 420 });
    // The figures: LIME's own checks (R² of the local fit) with their badges, the prediction chart, the seed.
    expect(await page.locator('[data-testid="report-checks"] li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="report-checks"]').textContent()).toMatch(/R²/);
    expect(await page.locator('[data-testid="report-prediction"] svg rect').count()).toBe(6);
    expect(await page.locator('[data-testid="report-params"]').textContent()).toMatch(/seed\d+/);
    expect(await page.locator('[data-testid="report-model"]').textContent()).toMatch(/normal, lesion, cyst/);
    // The trust section is there either way: the trust panel's figures, or a line saying they were not computed.
    expect(await page.locator('[data-testid="report-trust"], [data-testid="report-no-trust"]').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'export-report.png'), fullPage: true });
    // Printing the report gives one page too.
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'export-report.pdf'), pdf);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 718, height: 1047 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'export-report-print.png'), fullPage: true });
    expect(pdfPages(pdf)).toBe(1);
    expect(requests.filter((r) => r !== url)).toEqual([]);

    // Control: the same watch does see a page that asks for something (so the zero above is not blindness).
    const control = path.join(tmp, 'control.html');
    fs.writeFileSync(control, '<!doctype html><img src="https://example.invalid/x.png">');
    await page.goto(pathToFileURL(control).href);
    await expect.poll(() => requests.some((r) => r.includes('example.invalid')), { timeout: 10_000 }).toBe(true);
    await ctx.close();
  });

  it('prints the studio on one page', async () => {
    const pdf = await w.page.pdf({ format: 'A4', printBackground: true });
    expect(pdfPages(pdf)).toBe(1);
    fs.writeFileSync(path.join(ARTIFACTS, 'export-print.pdf'), pdf);
    // What the page looks like under the print stylesheet (A4 at 96 dpi less 10 mm margins).
    await w.page.emulateMedia({ media: 'print' });
    await w.page.setViewportSize({ width: 718, height: 1047 });
    await w.page.screenshot({ path: path.join(ARTIFACTS, 'export-print.png') });
    await w.page.emulateMedia({ media: null });
    await w.page.setViewportSize({ width: 1360, height: 860 });
  });

  it('the export buttons are reachable with the keyboard and fit a 390 px wide screen', async () => {
    for (const [width, height] of [[1400, 900], [1024, 768]]) {
      await w.page.setViewportSize({ width, height });
      await w.page.locator('[data-testid="export-menu"]').scrollIntoViewIfNeeded();
      await w.page.screenshot({ path: path.join(ARTIFACTS, `export-${width}.png`) });
    }
    await w.page.setViewportSize({ width: 390, height: 844 });
    const menu = w.page.locator('[data-testid="export-menu"]');
    await menu.scrollIntoViewIfNeeded();
    const box = await menu.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    for (const id of ['export-png', 'export-csv', 'export-json', 'export-report']) {
      const b = await w.page.locator(`[data-testid="${id}"]`).boundingBox();
      expect(b!.x + b!.width).toBeLessThanOrEqual(390);
    }
    await w.page.screenshot({ path: path.join(ARTIFACTS, 'export-390.png') });
    // Tab from the PNG button reaches the next export button, and Enter on JSON downloads.
    await w.page.focus('[data-testid="export-png"]');
    await w.page.keyboard.press('Tab');
    expect(await w.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('export-csv');
    await w.page.focus('[data-testid="export-json"]');
    const [d] = await Promise.all([w.page.waitForEvent('download', { timeout: 60_000 }), w.page.keyboard.press('Enter')]);
    const json = JSON.parse(fs.readFileSync((await d.path())!, 'utf8'));
    expect(json.method).toBe('lime');
    expect(json.model.sha256).toBe(DEMO_WEIGHTS_SHA256);
    expect(json.regions.length).toBeGreaterThan(5);
    await w.page.setViewportSize({ width: 1360, height: 860 });
  });

  it('in Compare, exports every computed map in one PNG and one report', async () => {
    await w.page.click('[data-testid="tab-compare"]');
    await expect.poll(() => w.page.locator('[data-testid="compare-heatmap"]').count(), { timeout: 200_000 }).toBeGreaterThanOrEqual(2);
    await idle();
    const maps = await w.page.locator('[data-testid="compare-heatmap"]').count();
    const shot = (await download(w.page, 'export-png')).bytes;
    fs.writeFileSync(path.join(ARTIFACTS, 'export-compare.png'), shot);
    const png = PNG.sync.read(shot);
    // Up to three 300 px panels a row, 16 px apart and around.
    expect(png.width).toBe(16 + Math.min(3, maps) * 316);
    const { bytes } = await download(w.page, 'export-report');
    const html = bytes.toString('utf8');
    expect(html.match(/data-testid="report-map"/g)?.length).toBe(maps);
    expect(html).not.toMatch(/https?:\/\//);
    await w.page.click('[data-testid="tab-single"]');
  });

  it('made no request beyond its own origin', async () => {
    await expectStayedLocal(w);
  });
});
