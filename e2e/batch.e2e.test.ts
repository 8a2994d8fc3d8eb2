// Journey (issue 13, "Batch"): a person opens the batch panel from the gallery, runs LIME over the whole
// demo gallery in the background, and meanwhile picks another image and reads its map (the batch does not
// block the studio, and the view's map is the one of the image picked); the table fills with one row per
// image (prediction never "100.0%", the deletion AUC against a random order with its badge); the rows
// survive a trip to another view; the CSV downloads with one line per image; the panel fits a 390 px
// phone with the table scrolling inside its box. Nothing leaves the page's origin.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticSample } from '../src/core/data/synthetic';
import { png } from './files';
import type { Browser, Download } from 'playwright-core';
import { ARTIFACTS, expectStayedLocal, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;
const LONG = 240_000;
const page = () => w.page;

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
  await waitHeatmap(w.page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF), read here independently of the app's writer. */
function csvParseRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const rowCount = () => page().locator('[data-testid="batch-row"]').count();

describe('batch journey', () => {
  let names: string[] = [];

  it('runs LIME over the gallery in the background while another image is explained in the view', async () => {
    names = (await page().locator('[data-testid="thumb"] .thumb-name').allTextContents()).map((s) => s.trim());
    expect(names.length).toBeGreaterThanOrEqual(6);
    await page().click('[data-testid="batch-open"]');
    await page().waitForSelector('[data-testid="batch"]');
    await page().locator('[data-testid="batch-method"]').selectOption('lime');
    await page().click('[data-testid="batch-start"]');
    await expect.poll(rowCount, { timeout: LONG }).toBeGreaterThanOrEqual(1);

    // The person picks another image while the batch runs: its map comes, for that image.
    const other = names[4];
    await page().locator('[data-testid="thumb"]', { hasText: other }).locator('button.thumb-button').click();
    await page().waitForSelector('[data-testid="heatmap"][data-nonzero]', { timeout: LONG });
    const progressWhenMapCame = await page().locator('[data-testid="batch-progress"]').textContent();
    expect(await page().locator('[data-testid="image-name"]').textContent()).toContain(other);
    // The batch was still under way when the view's map arrived: it did not hold the view back, and
    // the view did not cancel it.
    expect(progressWhenMapCame).toMatch(/^Explaining: \d+ of \d+ done/);

    await expect.poll(() => page().locator('[data-testid="batch-progress"]').textContent(), { timeout: LONG }).toMatch(/^Done: \d+ of \d+ images/);
    expect(await rowCount()).toBe(names.length);
    // The view's map is still the picked image's.
    expect(await page().locator('[data-testid="image-name"]').textContent()).toContain(other);
    expect(await page().locator('[data-testid="heatmap"][data-nonzero]').count()).toBe(1);
  }, LONG + 60_000);

  it('shows a row per image: prediction (never 100.0%), true label, deletion AUC vs random with a badge', async () => {
    const shown = (await page().locator('[data-testid="batch-name"]').allTextContents()).map((s) => s.trim());
    expect(shown).toEqual(names);
    const table = (await page().locator('[data-testid="batch-table"]').textContent()) ?? '';
    expect(table).not.toMatch(/100\.0%|\b0\.0%/);
    for (const p of await page().locator('[data-testid="batch-prediction"]').allTextContents()) expect(p).toMatch(/^(normal|lesion|cyst) \((> 99\.9%|< 0\.1%|\d{1,2}\.\d%)\)$/);
    // (AUCs of a saturated class's logit curve are logits: any sign, more than one digit.)
    for (const a of await page().locator('[data-testid="batch-auc"]').allTextContents()) expect(a).toMatch(/^-?\d+\.\d\d vs -?\d+\.\d\d (good|weak|fails)$/);
    expect(await page().locator('[data-testid="batch-row"] canvas').count()).toBe(names.length);
  });

  it('keeps the rows across a trip to another view', async () => {
    await page().click('[data-testid="view-train"]');
    await page().click('[data-testid="view-explain"]');
    await page().waitForSelector('[data-testid="batch"]');
    expect(await rowCount()).toBe(names.length);
  });

  it('downloads the table as CSV with one line per image', async () => {
    const download = page().waitForEvent('download', { timeout: 30_000 });
    await page().click('[data-testid="batch-csv"]');
    const d: Download = await download;
    expect(d.suggestedFilename()).toMatch(/^glassbox-batch-.*\.csv$/);
    const text = fs.readFileSync((await d.path())!, 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = csvParseRows(text.replace(/^\uFEFF/, ''));
    const header = rows[0];
    const col = (name: string) => {
      const i = header.indexOf(name);
      expect(i, name).toBeGreaterThanOrEqual(0);
      return rows.slice(1).map((r) => r[i]);
    };
    expect(rows).toHaveLength(names.length + 1);
    expect(col('file')).toEqual(names);
    expect(col('method').every((m) => m === 'LIME')).toBe(true);
    expect(col('status').every((s) => s === 'done')).toBe(true);
    // The demo gallery's names say their class ("demo lesion 2"): the true label column carries it.
    expect(col('true label')).toEqual(names.map((n) => /demo (\w+)/.exec(n)![1]));
    for (const p of col('probability')) expect(Number(p)).toBeGreaterThan(0);
    for (const p of col('probability')) expect(Number(p)).toBeLessThanOrEqual(1);
    for (const s of col('probability (as shown)')) expect(s).not.toMatch(/100\.0%/);
    const auc = col('deletion AUC').map(Number);
    const random = col('random order AUC').map(Number);
    // Explain 'auto' (the default): a saturated top class (within 1e-3 of 0 or 1) is explained and measured on its logit.
    const probability = col('probability').map(Number);
    const score = col('score explained');
    for (const [i, a] of auc.entries()) {
      expect(score[i]).toBe(Math.min(probability[i], 1 - probability[i]) < 1e-3 ? 'logit' : 'probability');
      const margin = random[i] - a;
      if (score[i] === 'probability') {
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1);
        // The badge follows TRUST_RULES.deletion from the two AUCs in the same line.
        expect(col('deletion badge')[i]).toBe(margin >= 0.05 ? 'good' : margin > 0 ? 'weak' : 'fails');
      } else {
        // On the logit the 0.05 is taken relative to the curves' range (not in the CSV): only its sign is checked here.
        expect(Number.isFinite(a)).toBe(true);
        expect(col('deletion badge')[i] === 'fails').toBe(margin <= 0);
      }
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'batch.csv'), text);
  });

  it('explains a picked folder without adding it to the gallery: true labels from sub-folders, a broken file gives a failed row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glassbox-batch-'));
    const root = path.join(dir, 'scans');
    fs.mkdirSync(path.join(root, 'lesion'), { recursive: true });
    fs.mkdirSync(path.join(root, 'cyst'), { recursive: true });
    fs.writeFileSync(path.join(root, 'lesion', 'a.png'), png(syntheticSample(4242, 0, { size: 96, label: 1 }).image));
    fs.writeFileSync(path.join(root, 'cyst', 'b.png'), png(syntheticSample(4242, 1, { size: 96, label: 2 }).image));
    fs.writeFileSync(path.join(root, 'lesion', 'broken.png'), Buffer.from('not a png at all'));
    fs.writeFileSync(path.join(root, 'notes.txt'), 'not an image');
    const galleryBefore = await page().locator('[data-testid="thumb"]').count();
    await page().locator('[data-testid="batch-method"]').selectOption('gradcam');
    await page().locator('[data-testid="batch-folder-input"]').setInputFiles(root);
    await expect.poll(() => page().locator('[data-testid="batch-progress"]').textContent(), { timeout: LONG }).toMatch(/^Done: 3 of 3 images/);
    const names = (await page().locator('[data-testid="batch-name"]').allTextContents()).map((s) => s.trim()).sort();
    expect(names).toEqual(['scans/cyst/b.png', 'scans/lesion/a.png', 'scans/lesion/broken.png']);
    const row = (name: string) => page().locator('[data-testid="batch-row"]', { hasText: name });
    expect(await row('broken.png').getAttribute('data-status')).toBe('failed');
    expect(await row('broken.png').locator('[data-testid="batch-error"]').textContent()).toMatch(/broken\.png/);
    for (const [name, label] of [['a.png', 'lesion'], ['b.png', 'cyst']]) {
      expect(await row(name).getAttribute('data-status')).toBe('done');
      expect(await row(name).locator('td').nth(3).textContent()).toBe(label);
      // The thumbnail came from the worker with the row (the file is not in the gallery).
      expect(await row(name).locator('canvas').count()).toBe(1);
    }
    expect(await page().locator('[data-testid="thumb"]').count()).toBe(galleryBefore);
    fs.rmSync(dir, { recursive: true, force: true });
  }, LONG);

  it('fits a 390 px phone: the table scrolls inside its box, the page does not widen', async () => {
    await page().screenshot({ path: path.join(ARTIFACTS, 'batch-1360.png'), fullPage: true });
    await page().setViewportSize({ width: 1024, height: 768 });
    await page().screenshot({ path: path.join(ARTIFACTS, 'batch-1024.png'), fullPage: true });
    await page().setViewportSize({ width: 390, height: 844 });
    await page().locator('[data-testid="batch"]').scrollIntoViewIfNeeded();
    const widths = await page().evaluate(() => ({
      page: document.documentElement.scrollWidth,
      panel: document.querySelector('[data-testid="batch"]')!.getBoundingClientRect().right,
    }));
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.panel).toBeLessThanOrEqual(390);
    await page().screenshot({ path: path.join(ARTIFACTS, 'batch-390.png') });
    await page().setViewportSize({ width: 1360, height: 860 });
  });

  it('stayed on this machine', async () => {
    await expectStayedLocal(w, { minRequests: 3 });
  });
});
