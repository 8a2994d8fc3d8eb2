// Journey: a person opens the studio, adds their own image, reads the prediction and the Grad-CAM
// heatmap, asks "why this other class?", tunes the overlay; bad files get clear messages and lose nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, FIXTURES, ROOT, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served, type Watched, expectStayedLocal } from './harness';
import { bmp, gif2, hugePngHeader, jpg, lesionImage, png } from './files';

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

async function upload(files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await w.page.locator('[data-testid="file-input"]').setInputFiles(files);
}

async function thumbNames(): Promise<string[]> {
  return w.page.locator('[data-testid="thumb"] .thumb-name').allTextContents();
}

/** Drops files on the page the way a drag from the desktop does. */
async function dropFiles(files: { name: string; type: string; bytes: number[] }[], how: 'drop' | 'paste') {
  await w.page.evaluate(
    ({ files, how }) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      if (how === 'drop') {
        window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
        window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      } else {
        window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      }
    },
    { files, how },
  );
}

describe('studio journey', () => {
  it('opens ready to use with the demo model, a demo gallery and an automatically chosen backend', async () => {
    const demos = await w.page.locator('[data-testid="thumb"][data-source="demo"]').count();
    expect(demos).toBeGreaterThanOrEqual(6);
    const backend = await w.page.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(backend);
    // No GPU here: the ladder must not pick a software rasteriser.
    expect(backend).toBe('wasm');
  });

  it('adds an image through the file chooser and shows the prediction and a non-empty Grad-CAM heatmap', async () => {
    await upload([{ name: 'my-lesion.png', mimeType: 'image/png', buffer: png(lesionImage(200)) }]);
    await w.page.waitForSelector('[data-testid="thumb"][data-source="user"]');
    expect(await thumbNames()).toContain('my-lesion.png');
    await expect.poll(() => w.page.locator('[data-testid="image-name"]').textContent()).toContain('my-lesion.png');
    const nonzero = await waitHeatmap(w.page);
    expect(nonzero).toBeGreaterThan(0);
    // the d3 chart has one bar per class, sorted with the top class first
    const rows = w.page.locator('[data-testid="prob-chart"] g.row');
    await expect.poll(() => rows.count()).toBe(3);
    // The text reads "> 99.9%" at saturation, so the exact percentage is read from each bar's data-p.
    const values = (await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-p')))).map(Number);
    const order = await Promise.all((await rows.all()).map((r) => r.getAttribute('transform')));
    const ys = order.map((t) => Number(/,\s*([\d.]+)/.exec(t ?? '')?.[1]));
    const byY = values.map((v, i) => ({ v, y: ys[i] })).sort((a, b) => a.y - b.y).map((r) => r.v);
    expect(byY).toEqual([...byY].sort((a, b) => b - a));
    expect(byY.reduce((a, b) => a + b, 0)).toBeGreaterThan(99);
    // The demo model should see the lesion in a synthetic lesion image.
    expect(await w.page.locator('[data-testid="top-class"] strong').textContent()).toBe('lesion');
    // The README's screenshot is refreshed on request only (UPDATE_SCREENSHOT=1), so a test run leaves the checkout clean.
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await w.page.screenshot({ path: path.join(ARTIFACTS, 'studio-first-heatmap.png') });
    if (process.env.UPDATE_SCREENSHOT === '1') await w.page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png') });
  });

  it('explains another class on request, and the overlay follows the opacity slider and colormap', async () => {
    const before = await w.page.locator('[data-testid="explained-class"]').textContent();
    const select = w.page.locator('[data-testid="class-select"]');
    const options = await select.locator('option').allTextContents();
    const other = options.findIndex((o) => !o.includes('(top)'));
    await select.selectOption(String(other));
    await expect.poll(() => w.page.locator('[data-testid="explained-class"]').textContent()).not.toBe(before);
    await w.page.waitForSelector('[data-testid="busy"]', { state: 'detached' });
    await w.page.locator('[data-testid="opacity"]').fill('0.25');
    await expect.poll(() => w.page.locator('[data-testid="heatmap"]').evaluate((e) => getComputedStyle(e).opacity)).toBe('0.25');
    expect(await w.page.locator('[data-testid="colormap"]').inputValue()).toBe('viridis');
    const pix = () => w.page.locator('[data-testid="heatmap"]').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.slice(0, 4000)).join(','));
    const viridis = await pix();
    await w.page.locator('[data-testid="colormap"]').selectOption('inferno');
    await expect.poll(pix).not.toBe(viridis);
    // clicking a bar in the chart selects that class too
    await w.page.locator('[data-testid="prob-chart"] g.row').first().click();
    await expect.poll(() => w.page.locator('[data-testid="class-select"]').inputValue()).not.toBe(String(other));
  });

  it('reads JPEG, BMP, WebP and the first frame of a GIF', async () => {
    const img = lesionImage(96, 3);
    const webp = Buffer.from(
      await w.page.evaluate(async () => {
        const c = new OffscreenCanvas(40, 30);
        const g = c.getContext('2d')!;
        g.fillStyle = '#3080c0';
        g.fillRect(0, 0, 40, 30);
        return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/webp', quality: 0.9 })).arrayBuffer()));
      }),
    );
    await upload([
      { name: 'a.jpg', mimeType: 'image/jpeg', buffer: jpg(img) },
      { name: 'b.bmp', mimeType: 'image/bmp', buffer: bmp(img) },
      { name: 'c.webp', mimeType: 'image/webp', buffer: webp },
      { name: 'd.gif', mimeType: 'image/gif', buffer: gif2(24, 16, [250, 20, 20], [20, 20, 250]) },
    ]);
    await expect.poll(thumbNames).toEqual(expect.arrayContaining(['a.jpg', 'b.bmp', 'c.webp', 'd.gif']));
    const gifPixel = await w.page.locator('[data-testid="thumb"]', { hasText: 'd.gif' }).locator('canvas').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(5, 5, 1, 1).data));
    expect(gifPixel[0]).toBeGreaterThan(200); // red: the first frame, not the blue second one
    expect(gifPixel[2]).toBeLessThan(60);
    const bmpSize = await w.page.locator('[data-testid="thumb"]', { hasText: 'b.bmp' }).locator('button.thumb-button').getAttribute('title');
    expect(bmpSize).toContain('96×96');
  });

  it('takes images by drag-and-drop and by paste', async () => {
    const bytes = Array.from(png(lesionImage(64, 5)));
    await dropFiles([{ name: 'dropped-1.png', type: 'image/png', bytes }, { name: 'dropped-2.png', type: 'image/png', bytes }], 'drop');
    await expect.poll(thumbNames).toEqual(expect.arrayContaining(['dropped-1.png', 'dropped-2.png']));
    await dropFiles([{ name: 'image.png', type: 'image/png', bytes }], 'paste');
    await expect.poll(async () => (await thumbNames()).some((n) => n.startsWith('pasted-'))).toBe(true);
  });

  it('refuses a wrong file type, a corrupt image and a huge image with clear messages, and keeps everything else', async () => {
    const namesBefore = await thumbNames();
    const selectedBefore = await w.page.locator('[data-testid="image-name"]').textContent();
    const real = png(lesionImage(64, 9));
    await upload([
      { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('these are my notes, not a picture') },
      { name: 'truncated.png', mimeType: 'image/png', buffer: real.subarray(0, Math.floor(real.length / 2)) },
      { name: 'huge.png', mimeType: 'image/png', buffer: hugePngHeader(30000, 30000) },
    ]);
    const notices = w.page.locator('[data-testid="notice"]');
    await expect.poll(() => notices.count()).toBeGreaterThanOrEqual(3);
    const text = (await notices.allTextContents()).join('\n');
    expect(text).toMatch(/notes\.png" is not an image Glassbox can read/);
    expect(text).toMatch(/truncated\.png" could not be decoded.*truncated or corrupt/s);
    expect(text).toMatch(/huge\.png" is too large.*30000 x 30000.*Downscale/s);
    expect(await thumbNames()).toEqual(namesBefore);
    expect(await w.page.locator('[data-testid="image-name"]').textContent()).toBe(selectedBefore);
    expect(await w.page.locator('[data-testid="heatmap"]').count()).toBe(1);
  });

  it.runIf(fs.existsSync(path.join(FIXTURES, 'images')))('explains a real photograph (ISIC dermoscopy JPEG from the shared fixtures)', async () => {
    const file = path.join(FIXTURES, 'images', 'ISIC_0000000.jpg');
    await upload([{ name: 'ISIC_0000000.jpg', mimeType: 'image/jpeg', buffer: fs.readFileSync(file) }]);
    await expect.poll(() => w.page.locator('[data-testid="image-name"]').textContent()).toContain('ISIC_0000000.jpg');
    await waitHeatmap(w.page);
    expect(await w.page.locator('[data-testid="prob-chart"] g.row').count()).toBe(3);
  });

  it('has a Content-Security-Policy that blocks requests to any other origin', async () => {
    // 127.0.0.2 is loopback: if the policy were missing, the request would stay on this machine.
    const outcome = await w.page.evaluate(async () => {
      try {
        await fetch('http://127.0.0.2:9/exfiltrate', { mode: 'no-cors' });
        return 'sent';
      } catch {
        return 'blocked';
      }
    });
    expect(outcome).toBe('blocked');
    const violations = await w.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.splice(0));
    expect(violations.some((v) => v.startsWith('connect-src'))).toBe(true);
    w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !e.includes('127.0.0.2')));
  });

  it('never makes a request outside its own origin, violates no CSP rule and logs no errors', async () => {
    await expectStayedLocal(w, { minRequests: 3, noConsoleErrors: true });
  });
});

export { ARTIFACTS };
