// Journey: "where would you look?". A person opens a demo lesion, sees the synthetic ground truth as the
// reference region and the map scored against it, paints their own region with mouse drags, outlines one
// with a polygon, finds it kept when they come back to the image, then compares methods: every method is
// scored against their region, and the agreement matrix shows how the methods agree with each other.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, expectStayedLocal, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched } from './harness';

let server: Served;
let browser: Browser;
let w: Watched;

const idle = () => w.page.waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 200_000 });
const overlay = () => w.page.locator('[data-testid="reference-overlay"]');
const scores = () => w.page.locator('[data-testid="reference-scores"]');
const attr = async (sel: string, name: string) => w.page.locator(sel).getAttribute(name);

/** A point of the overlay given as fractions of its width and height, in page coordinates. */
async function at(fx: number, fy: number): Promise<[number, number]> {
  await overlay().scrollIntoViewIfNeeded();
  const b = (await overlay().boundingBox())!;
  return [b.x + fx * b.width, b.y + fy * b.height];
}

async function drag(points: [number, number][]): Promise<void> {
  const [x0, y0] = await at(...points[0]);
  await w.page.mouse.move(x0, y0);
  await w.page.mouse.down();
  for (const p of points.slice(1)) {
    const [x, y] = await at(...p);
    await w.page.mouse.move(x, y, { steps: 8 });
  }
  await w.page.mouse.up();
}

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
  // The second demo image is "demo lesion 1".
  await w.page.locator('[data-testid="thumb"][data-source="demo"] button.thumb-button').nth(1).click();
  await waitHeatmap(w.page, 200_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('reference region and pointing game', () => {
  it('a demo lesion comes with its ground truth, and the map is scored against it', async () => {
    expect(await w.page.locator('[data-testid="image-name"]').textContent()).toMatch(/demo lesion 1/);
    expect(await w.page.locator('[data-testid="reference-panel"] [data-testid="reference-source"]').textContent()).toMatch(/ground truth from the synthetic set/);
    expect(await attr('[data-testid="reference-overlay"]', 'data-region')).toBe('ground-truth');
    await scores().waitFor({ timeout: 60_000 });
    expect(['true', 'false']).toContain(await attr('[data-testid="reference-scores"]', 'data-hit'));
    // The lesion covers a small part of the image (the generator draws radius 0.085-0.155 of the side).
    const area = Number(await attr('[data-testid="reference-scores"]', 'data-area'));
    expect(area).toBeGreaterThan(0.01);
    expect(area).toBeLessThan(0.3);
    expect(await scores().locator('[data-testid="ref-pointing"]').textContent()).toMatch(/Strongest point inside the region: (hit|miss)/);
    expect(await scores().locator('[data-testid="ref-energy-pointing"]').textContent()).toMatch(/Map mass inside the region: \d+\.\d%/);
  });

  it('painting with mouse drags replaces it with the person’s own region, scaled to the image', async () => {
    await w.page.locator('[data-testid="ref-brush"]').click();
    expect(await attr('[data-testid="ref-brush"]', 'aria-pressed')).toBe('true');
    // Two drags along the top edge of the image.
    await drag([[0.1, 0.1], [0.5, 0.1], [0.9, 0.1]]);
    await w.page.waitForFunction(() => document.querySelector('[data-testid="reference-overlay"]')?.getAttribute('data-shapes') === '1');
    expect(await attr('[data-testid="reference-overlay"]', 'data-region')).toBe('drawn');
    await drag([[0.1, 0.2], [0.9, 0.2]]);
    await w.page.waitForFunction(() => document.querySelector('[data-testid="reference-overlay"]')?.getAttribute('data-shapes') === '2');
    expect(await w.page.locator('[data-testid="reference-panel"] [data-testid="reference-source"]').textContent()).toMatch(/drawn by you/);
    // A band near the top, about 0.16-0.28 of the image high (brush radius 4% of the side): its share of the
    // model's grid says the drawing landed where the mouse went, at the image's scale.
    await w.page.waitForFunction(() => {
      const a = Number(document.querySelector('[data-testid="reference-scores"]')?.getAttribute('data-area'));
      return a > 0.1 && a < 0.3;
    }, null, { timeout: 60_000 });
  });

  it('a polygon over the left half covers half the image; one round the edges covers all but its cut corners', async () => {
    await w.page.locator('[data-testid="ref-clear"]').click();
    expect(await attr('[data-testid="reference-overlay"]', 'data-region')).toBe('none');
    expect(await scores().count()).toBe(0);
    await w.page.locator('[data-testid="ref-polygon"]').click();
    // Corners inside the stage's rounded corners. On the 192 px image the x edge is at 96 px, y from 3.84 to
    // 188.2 px; the demo model's 64x64 grid has cell centres at 1.5, 4.5, … px: columns 1-31 and rows 1-62
    // are inside, 31 x 62 of 4096 cells.
    for (const p of [[0.02, 0.02], [0.5, 0.02], [0.5, 0.98], [0.02, 0.98]] as [number, number][]) await w.page.mouse.click(...(await at(...p)));
    await w.page.locator('[data-testid="ref-close-polygon"]').click();
    await w.page.waitForFunction((want) => Math.abs(Number(document.querySelector('[data-testid="reference-scores"]')?.getAttribute('data-area')) - want) < 1e-9, (31 * 62) / 4096, { timeout: 60_000 });
    // Undo, then an octagon along the image's edges, closed by clicking its first corner. Its cut corners
    // (the line x + y = 7.9 px) leave out the 3 cells of each corner with x + y < 7.9 at their centres:
    // (0,0), (1,0), (0,1); 4096 - 12 cells are inside.
    await w.page.locator('[data-testid="ref-undo"]').click();
    expect(await attr('[data-testid="reference-overlay"]', 'data-region')).toBe('none');
    const e = 0.003;
    const octagon: [number, number][] = [[0.04, e], [0.96, e], [1 - e, 0.04], [1 - e, 0.96], [0.96, 1 - e], [0.04, 1 - e], [e, 0.96], [e, 0.04], [0.04, e]];
    for (const c of octagon) await w.page.mouse.click(...(await at(...c)));
    await w.page.waitForFunction((want) => Math.abs(Number(document.querySelector('[data-testid="reference-scores"]')?.getAttribute('data-area')) - want) < 1e-9, 4084 / 4096, { timeout: 60_000 });
    expect(['true', 'false']).toContain(await attr('[data-testid="reference-scores"]', 'data-hit'));
    expect(Number(await attr('[data-testid="reference-scores"]', 'data-energy'))).toBeGreaterThan(0.9);
    await w.page.locator('[data-testid="ref-polygon"]').click(); // tool off
  });

  it('the region is kept with the image, and the ground truth can come back from the keyboard', async () => {
    await w.page.locator('[data-testid="thumb"][data-source="demo"] button.thumb-button').nth(2).click();
    await w.page.waitForFunction(() => /demo cyst 1/.test(document.querySelector('[data-testid="image-name"]')?.textContent ?? ''));
    expect(await attr('[data-testid="reference-overlay"]', 'data-region')).toBe('ground-truth');
    await w.page.locator('[data-testid="thumb"][data-source="demo"] button.thumb-button').nth(1).click();
    await w.page.waitForFunction(() => /demo lesion 1/.test(document.querySelector('[data-testid="image-name"]')?.textContent ?? ''));
    expect(await attr('[data-testid="reference-overlay"]', 'data-region')).toBe('drawn');
    await waitHeatmap(w.page, 200_000);
    await w.page.locator('[data-testid="ref-ground-truth"]').focus();
    await w.page.keyboard.press('Enter');
    expect(await attr('[data-testid="reference-overlay"]', 'data-region')).toBe('ground-truth');
    await w.page.locator('[data-testid="ref-brush"]').click();
    await drag([[0.3, 0.5], [0.7, 0.5]]);
    await w.page.waitForFunction(() => document.querySelector('[data-testid="reference-overlay"]')?.getAttribute('data-region') === 'drawn');
    await w.page.locator('[data-testid="ref-brush"]').click();
  });

  it('a finger paints too (touch pointer events), and Enter closes a polygon', async () => {
    await w.page.locator('[data-testid="ref-clear"]').click();
    await w.page.locator('[data-testid="ref-brush"]').click();
    await overlay().scrollIntoViewIfNeeded();
    const b = (await overlay().boundingBox())!;
    await overlay().evaluate((el, b) => {
      const fire = (type: string, fx: number, fy: number) =>
        el.dispatchEvent(new PointerEvent(type, { bubbles: true, cancelable: true, pointerId: 7, pointerType: 'touch', isPrimary: true, clientX: b.x + fx * b.width, clientY: b.y + fy * b.height }));
      fire('pointerdown', 0.2, 0.8);
      for (let k = 1; k <= 10; k++) fire('pointermove', 0.2 + 0.06 * k, 0.8);
      fire('pointerup', 0.8, 0.8);
    }, b);
    await w.page.waitForFunction(() => document.querySelector('[data-testid="reference-overlay"]')?.getAttribute('data-region') === 'drawn');
    expect(await attr('[data-testid="reference-overlay"]', 'data-shapes')).toBe('1');
    // A band along y = 0.8: its cells lie in the lower half of the grid, so the area is small but not zero.
    await w.page.waitForFunction(() => {
      const a = Number(document.querySelector('[data-testid="reference-scores"]')?.getAttribute('data-area'));
      return a > 0.03 && a < 0.12;
    }, null, { timeout: 60_000 });
    await w.page.locator('[data-testid="ref-polygon"]').click();
    for (const p of [[0.1, 0.1], [0.3, 0.1], [0.2, 0.3]] as [number, number][]) await w.page.mouse.click(...(await at(...p)));
    await w.page.keyboard.press('Enter');
    await w.page.waitForFunction(() => document.querySelector('[data-testid="reference-overlay"]')?.getAttribute('data-shapes') === '2');
    await w.page.locator('[data-testid="ref-polygon"]').click();
  });

  it('Compare scores every method against the region and shows how they agree', async () => {
    await w.page.locator('[data-testid="tab-compare"]').click();
    await w.page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-heatmap"]').length >= 3, null, { timeout: 240_000 });
    await idle();
    const maps = await w.page.locator('[data-testid="compare-heatmap"]').count();
    await w.page.waitForFunction((n) => document.querySelectorAll('[data-testid="agreement-spearman"] .am-cell').length === n * n, maps, { timeout: 60_000 });
    const cells = await w.page.locator('[data-testid="agreement-spearman"] .am-cell').evaluateAll((els) => els.map((e) => ({ i: Number(e.getAttribute('data-i')), j: Number(e.getAttribute('data-j')), v: e.getAttribute('data-value'), text: e.textContent })));
    for (const c of cells) {
      if (c.i === c.j) expect(c.text?.startsWith('1.00')).toBe(true);
      const mirror = cells.find((d) => d.i === c.j && d.j === c.i)!;
      expect(mirror.v).toBe(c.v);
    }
    expect(await w.page.locator('[data-testid="agreement-iou"] .am-cell').count()).toBe(maps * maps);
    // k is selectable: the IoU matrix follows.
    await w.page.locator('[data-testid="agreement-k"]').selectOption('0.2');
    await w.page.waitForFunction(() => /top 20%/.test(document.querySelector('[data-testid="agreement-matrix"]')?.textContent ?? ''));
    // One row per method against the person's region.
    await w.page.waitForFunction((n) => document.querySelectorAll('[data-testid="reference-compare"] tbody tr').length === n, maps, { timeout: 60_000 });
    const rows = await w.page.locator('[data-testid="reference-compare"] tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-hit')));
    for (const r of rows) expect(['true', 'false', 'none']).toContain(r);
    expect(await w.page.locator('[data-testid="reference-overlay-small"][data-region="drawn"]').count()).toBe(await w.page.locator('[data-testid="compare-cell"]').count());
  });

  it('the matrix stays readable on a phone', async () => {
    await w.page.setViewportSize({ width: 390, height: 844 });
    await w.page.locator('[data-testid="agreement-matrix"]').scrollIntoViewIfNeeded();
    for (const id of ['agreement-spearman', 'agreement-iou']) {
      const b = (await w.page.locator(`[data-testid="${id}"]`).boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(390);
      // Cells of at least ~30 CSS px: the two-decimal numbers stay legible.
      const cell = (await w.page.locator(`[data-testid="${id}"] .am-cell rect`).first().boundingBox())!;
      expect(cell.width).toBeGreaterThan(28);
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await w.page.locator('[data-testid="agreement-matrix"]').screenshot({ path: path.join(ARTIFACTS, 'reference-agreement-390.png') });
    await w.page.setViewportSize({ width: 1360, height: 860 });
  });

  it('stayed on its own origin, violated no CSP rule and logged no page errors', async () => {
    await expectStayedLocal(w, { minRequests: 3 });
  });
});
