// Journey (issue 14, intake): rotated phone photos, transparent PNGs and model files arriving on the
// Explain page, in the real browser.
// - JPEGs with EXIF Orientation 1..8 are shown the way Chromium itself shows the file (its own
//   createImageBitmap with imageOrientation 'from-image' is the reference), at every size: a 2400 x 1200
//   Orientation 6 photo is 1024 x 2048 with the red half on top, and a circle on a 4000 x 3000 one stays round.
// - A red square on a (255, 255, 255, 0) background shows (and is fed) like the square on white, and like
//   the square on black once black is chosen; the map records the background.
// - The demo model's files, and a zip of them, dropped on the Explain page load as the model; a mixed drop
//   loads both; a corrupt zip is refused naming it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { zipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { expectStayedLocal, launch, openStudio, ROOT, serveDist, waitReady, type Served, type Watched } from './harness';
import { jpegWithOrientation } from '../src/core/testing/imageFiles';

let server: Served;
let browser: Browser;
let w: Watched;

beforeAll(async () => {
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function jpegOf(width: number, height: number, colourAt: (x: number, y: number) => number[]): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...colourAt(x, y), 255], (y * width + x) * 4);
  return Buffer.from(jpeg.encode({ width, height, data }, 92).data);
}

function pngOf(size: number, colourAt: (x: number, y: number) => number[]): Buffer {
  const p = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) p.data.set(colourAt(x, y), (y * size + x) * 4);
  return PNG.sync.write(p);
}

const count = () => w.page.locator('[data-testid="image-count"]').textContent();
const thumb = (name: string) => w.page.locator('[data-testid="thumb"]', { hasText: name });

async function addFiles(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
  const before = Number(await count());
  await w.page.locator('[data-testid="file-input"]').setInputFiles(files);
  await expect.poll(async () => Number(await count()), { timeout: 120_000 }).toBe(before + files.length);
  await expect.poll(() => w.page.locator('[data-testid="loading"]').count(), { timeout: 120_000 }).toBe(0);
}

/** The RGBA pixels a gallery thumbnail shows. */
function thumbPixels(name: string): Promise<{ width: number; height: number; data: number[] }> {
  return thumb(name).locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    return { width: d.width, height: d.height, data: Array.from(d.data) };
  });
}

/** Colour names at 15% / 85% of the width and height (top-left, top-right, bottom-left, bottom-right). */
function cornersOf(img: { width: number; height: number; data: ArrayLike<number> }): string[] {
  const at = (fx: number, fy: number) => {
    const o = (Math.floor(img.height * fy) * img.width + Math.floor(img.width * fx)) * 4;
    const [r, g, b] = [img.data[o], img.data[o + 1], img.data[o + 2]];
    return r > 200 && g > 200 && b > 200 ? 'white' : r > 150 ? 'red' : g > 150 ? 'green' : b > 150 ? 'blue' : `rgb(${r},${g},${b})`;
  };
  return [at(0.15, 0.15), at(0.85, 0.15), at(0.15, 0.85), at(0.85, 0.85)];
}

/** Drops files on the page the way a drag from the desktop does. */
async function drop(files: { name: string; type: string; bytes: Uint8Array }[]): Promise<void> {
  await w.page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files.map((f) => ({ ...f, bytes: Array.from(f.bytes) as unknown as Uint8Array })));
}

const notices = () => w.page.locator('[data-testid="notice"]').allTextContents();

describe('intake journey', () => {
  it('shows EXIF-rotated JPEGs as Chromium shows the file, at every size', async () => {
    const quadrants = jpegOf(64, 32, (x, y) => (y < 16 ? (x < 32 ? [230, 20, 20] : [20, 200, 20]) : x < 32 ? [20, 20, 230] : [250, 250, 250]));
    const files = [1, 2, 3, 4, 5, 6, 7, 8].map((o) => ({ name: `orient-${o}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(jpegWithOrientation(quadrants, o)) }));
    const halves = jpegWithOrientation(jpegOf(2400, 1200, (x) => (x < 1200 ? [230, 20, 20] : [20, 20, 230])), 6);
    const circle = jpegWithOrientation(jpegOf(4000, 3000, (x, y) => ((x - 2000) ** 2 + (y - 1500) ** 2 < 1000 ** 2 ? [10, 10, 10] : [250, 250, 250])), 6);
    await addFiles([...files, { name: 'phone-halves.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(halves) }, { name: 'phone-circle.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(circle) }]);

    for (const f of files) {
      // Chromium's own reading of the file (EXIF applied by the browser, no resize) is the reference.
      const reference = await w.page.evaluate(async (bytes) => {
        const bm = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), { imageOrientation: 'from-image' });
        const c = new OffscreenCanvas(bm.width, bm.height);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(bm, 0, 0);
        return { width: bm.width, height: bm.height, data: Array.from(ctx.getImageData(0, 0, bm.width, bm.height).data) };
      }, Array.from(f.buffer));
      const shown = await thumbPixels(f.name);
      expect([shown.width, shown.height], f.name).toEqual([reference.width, reference.height]);
      expect(cornersOf(shown), f.name).toEqual(cornersOf(reference));
      expect(await thumb(f.name).locator('button.thumb-button').getAttribute('title')).toContain(`(${reference.width}×${reference.height})`);
    }

    expect(await thumb('phone-halves.jpg').locator('button.thumb-button').getAttribute('title')).toContain('(1024×2048)');
    const halvesThumb = await thumbPixels('phone-halves.jpg');
    expect(cornersOf(halvesThumb)).toEqual(['red', 'red', 'blue', 'blue']);

    // 4000 x 3000 turned: 1536 x 2048 (Chromium rounds its resize of 3000 * 2048 / 4000 up to 1537)
    expect(await thumb('phone-circle.jpg').locator('button.thumb-button').getAttribute('title')).toMatch(/\((1536|1537)×2048\)/);
    const c = await thumbPixels('phone-circle.jpg');
    let minX = Infinity, maxX = -1, minY = Infinity, maxY = -1;
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        if (c.data[(y * c.width + x) * 4] < 128) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    // a 96 x 128 thumbnail: the circle is half the long side across, 64 px, both ways
    expect([c.width, c.height]).toEqual([96, 128]);
    expect(Math.abs(maxX - minX + 1 - 64)).toBeLessThanOrEqual(2);
    expect(Math.abs(maxY - minY + 1 - 64)).toBeLessThanOrEqual(2);
  }, 300_000);

  it('opens an AVIF (made with Debian\'s avifenc from a 96×64 picture: red top, green bottom-left, blue bottom-right)', async () => {
    // e2e/assets/quadrants.avif: avifenc --min 0 --max 10 of that PNG (see the note in e2e/assets/README.md).
    await addFiles([{ name: 'quadrants.avif', mimeType: 'image/avif', buffer: fs.readFileSync(path.join(ROOT, 'e2e', 'assets', 'quadrants.avif')) }]);
    expect(cornersOf(await thumbPixels('quadrants.avif'))).toEqual(['red', 'red', 'green', 'blue']);
    await thumb('quadrants.avif').locator('button.thumb-button').click();
    await expect.poll(() => w.page.locator('[data-testid="image-size"]').textContent(), { timeout: 60_000 }).toBe('96×64');
    await expect.poll(() => w.page.locator('[data-testid="top-class"]').count(), { timeout: 120_000 }).toBe(1);
  }, 300_000);

  it('shows and feeds a transparent PNG over the chosen background (white by default), and records it', async () => {
    const square = (bg: number[]) => pngOf(96, (x, y) => (x >= 32 && x < 64 && y >= 32 && y < 64 ? [220, 30, 30, 255] : bg));
    await addFiles([
      { name: 'transparent-square.png', mimeType: 'image/png', buffer: square([255, 255, 255, 0]) },
      { name: 'white-square.png', mimeType: 'image/png', buffer: square([255, 255, 255, 255]) },
      { name: 'black-square.png', mimeType: 'image/png', buffer: square([0, 0, 0, 255]) },
    ]);
    expect((await thumbPixels('transparent-square.png')).data).toEqual((await thumbPixels('white-square.png')).data);

    await thumb('transparent-square.png').locator('button.thumb-button').click();
    await expect.poll(() => w.page.locator('[data-testid="run-record"]').textContent(), { timeout: 120_000 }).toContain('transparent parts over white');
    await expect.poll(() => w.page.locator('[data-testid="image-background"]').count()).toBe(1);
    await w.page.locator('[data-testid="image-background"] [data-testid="image-background-black"] input').check();
    await expect.poll(async () => JSON.stringify((await thumbPixels('transparent-square.png')).data) === JSON.stringify((await thumbPixels('black-square.png')).data), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => w.page.locator('[data-testid="run-record"]').textContent(), { timeout: 120_000 }).toContain('transparent parts over black');
    expect(await w.page.evaluate(() => localStorage.getItem('glassbox-image-background'))).toBe('black');
    // an opaque image offers no choice
    await thumb('white-square.png').locator('button.thumb-button').click();
    await expect.poll(() => w.page.locator('[data-testid="image-background"]').count()).toBe(0);
  }, 300_000);

  it('loads the demo model dropped as files and as a zip on the Explain page, with images in the same drop, and refuses a bad zip by name', async () => {
    const dir = path.join(ROOT, 'public/models/demo');
    const names = ['model.json', 'group1-shard1of1.bin', 'metadata.json'];
    const files = names.map((name) => ({ name, type: name.endsWith('.json') ? 'application/json' : '', bytes: new Uint8Array(fs.readFileSync(path.join(dir, name))) }));
    const loaded = async (n: number) => expect.poll(async () => (await notices()).filter((t) => t.includes('Loaded "')).length, { timeout: 120_000 }).toBe(n);

    await drop(files);
    await loaded(1);

    const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, f.bytes])));
    const before = Number(await count());
    // (phone) Notices that are not errors leave after 6 s: clear the first one so the count starts again.
    for (const b of await w.page.locator('[data-testid="notice"] button[aria-label="Dismiss"]').all()) await b.click().catch(() => undefined);
    await drop([{ name: 'tm-my-image-model.zip', type: 'application/zip', bytes: zip }, { name: 'with-the-model.png', type: 'image/png', bytes: new Uint8Array(pngOf(32, () => [120, 90, 200, 255])) }]);
    await loaded(1);
    await expect.poll(async () => Number(await count()), { timeout: 120_000 }).toBe(before + 1);

    await drop([{ name: 'broken-model.zip', type: 'application/zip', bytes: zip.subarray(0, zip.length - 40) }]);
    await expect.poll(async () => (await notices()).some((t) => /"\u2068?broken-model\.zip\u2069?" could not be unzipped/.test(t)), { timeout: 60_000 }).toBe(true);
    expect((await notices()).filter((t) => /is not an image/.test(t))).toEqual([]);
    // the studio still explains with the loaded model
    await thumb('with-the-model.png').locator('button.thumb-button').click();
    await expect.poll(() => w.page.locator('[data-testid="top-class"]').textContent(), { timeout: 120_000 }).toMatch(/The model says/);
    await expectStayedLocal(w);
  }, 300_000);
});
