// A clinician's journey with a CT: drop the DICOM file, pick the lung preset, drag the window (right-drag,
// as radiology viewers do), read Hounsfield units under the pointer (also zoomed in), explain with Grad-CAM
// and LIME, and see the identifying tags only on asking. Then the one-file build from file:// opens a CT
// too. Expected values come from the file itself, read here in Node with dicom-parser (HU = stored value x
// Rescale Slope + Rescale Intercept, DICOM PS3.3 C.11.1), not from the studio.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import dicomParser from 'dicom-parser';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, DIST, FIXTURES, expectStayedLocal, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served } from './harness';

interface Ct {
  name: string;
  bytes: Buffer;
  width: number;
  height: number;
  frames: number;
  /** Modality values (Hounsfield units for CT), row-major, frame after frame. */
  hu: Float64Array;
  min: number;
  max: number;
  /** Family name (first component of Patient's Name). */
  patientName: string;
}

function readCt(name: string): Ct {
  const bytes = fs.readFileSync(path.join(FIXTURES, 'dicom', name));
  const ds = dicomParser.parseDicom(new Uint8Array(bytes));
  const width = ds.uint16('x00280011')!;
  const height = ds.uint16('x00280010')!;
  const frames = Number(ds.string('x00280008') ?? 1);
  const slope = ds.floatString('x00281053') ?? 1;
  const intercept = ds.floatString('x00281052') ?? 0;
  const el = ds.elements.x7fe00010;
  const buf = bytes.buffer.slice(bytes.byteOffset + el.dataOffset, bytes.byteOffset + el.dataOffset + el.length);
  const stored = ds.uint16('x00280103') === 1 ? new Int16Array(buf) : new Uint16Array(buf);
  const hu = Float64Array.from(stored, (v) => v * slope + intercept);
  // min and max of the first frame (the frame a file opens at).
  let min = Infinity;
  let max = -Infinity;
  for (const v of hu.subarray(0, width * height)) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  // A person name's components are separated by ^ (PS3.5 6.2); the family name alone is searched for.
  return { name, bytes, width, height, frames, hu, min, max, patientName: (ds.string('x00100010') ?? '').split('^')[0] };
}

/** Puts the pointer over source pixel (x, y) of the shown image, given the stage's zoom (scale, tx, ty in viewport fractions). */
async function hoverPixel(page: Page, ct: Ct, x: number, y: number, t = { scale: 1, tx: 0, ty: 0 }): Promise<void> {
  await page.locator('[data-testid="zoom-viewport"]').scrollIntoViewIfNeeded(); // the side panel's buttons can scroll the page (a taller page)
  const box = (await page.locator('[data-testid="zoom-viewport"]').boundingBox())!;
  // Stage point of the pixel's centre, in fractions; the viewport shows it at s * scale + t.
  const vx = ((x + 0.5) / ct.width) * t.scale + t.tx;
  const vy = ((y + 0.5) / ct.height) * t.scale + t.ty;
  await page.mouse.move(box.x + vx * box.width - 3, box.y + vy * box.height);
  await page.mouse.move(box.x + vx * box.width, box.y + vy * box.height, { steps: 2 });
}

async function readout(page: Page) {
  const r = page.locator('[data-testid="readout"]');
  return { x: await r.getAttribute('data-x'), y: await r.getAttribute('data-y'), value: await r.getAttribute('data-value'), map: await r.getAttribute('data-map'), text: await r.textContent() };
}

async function expectWindow(page: Page, center: number, width: number): Promise<void> {
  const cur = page.locator('[data-testid="wl-current"]');
  await expect.poll(async () => [Number(await cur.getAttribute('data-center')), Number(await cur.getAttribute('data-width'))], { timeout: 60_000 }).toEqual([center, width]);
}

/** The base image's pixels, to see the window change what is shown. */
function baseSum(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid="stage"] canvas.base') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let s = 0;
    for (let i = 0; i < d.length; i += 4) s += d[i];
    return s;
  });
}

let browser: Browser;
let served: Served;

beforeAll(async () => {
  browser = await launch();
  served = await serveDist();
});

afterAll(async () => {
  await served?.close();
  await browser?.close();
});

describe('a CT, read as a radiologist reads it', () => {
  it('lung preset, window drag, HU readout (zoomed too), Grad-CAM and LIME, identifying tags only on asking; stays local', async () => {
    const ct = readCt('CT1_UNC.explicit_little_endian.dcm');
    const w = await openStudio(browser, served.url);
    const page = w.page;
    try {
      await waitReady(page);
      await page.locator('[data-testid="file-input"]').setInputFiles([{ name: ct.name, mimeType: 'application/dicom', buffer: ct.bytes }]);
      await expect.poll(() => page.locator('[data-testid="image-name"]').textContent(), { timeout: 90_000 }).toContain(ct.name);
      expect(await page.locator('[data-testid="image-size"]').textContent()).toBe(`${ct.width}×${ct.height}`);
      const panel = page.locator('[data-testid="clinical-panel"]');
      await panel.waitFor();
      expect(await panel.locator('[data-testid="clinical-tags"]').textContent()).toContain('CT');
      expect(await page.locator('[data-testid="model-note"]').textContent()).toMatch(/windowed 8-bit image/);
      // The file has no window: it opens at the full range of its values, the linear window that sends
      // min to 0 and max to 255 (PS3.3 C.11.2.1.2.1: center (min + max + 1) / 2, width max - min + 1).
      await expectWindow(page, (ct.min + ct.max + 1) / 2, ct.max - ct.min + 1);
      expect(await page.locator('[data-testid="preset-full-range"]').getAttribute('aria-pressed')).toBe('true');
      // The patient's name is nowhere on the page until asked for.
      expect(ct.patientName).not.toBe('');
      expect(await page.locator('body').textContent()).not.toContain(ct.patientName);
      await waitHeatmap(page, 120_000);
      const before = await baseSum(page);

      // Lung preset: 1500 / -600 HU, and the image shown changes.
      await page.click('[data-testid="preset-lung"]');
      await expectWindow(page, -600, 1500);
      expect(await page.locator('[data-testid="preset-lung"]').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => baseSum(page), { timeout: 60_000 }).not.toBe(before);
      const lung = await baseSum(page);
      // The map of the old window was dropped and is computed again for this one.
      await waitHeatmap(page, 120_000);

      // Right-drag 60 px right and 30 px up: width + 60 x perPx, center - 30 x perPx, where perPx is the
      // value range over 512 px (4278 HU / 512 = 8.355 HU per px for this file).
      const perPx = (ct.max - ct.min) / 512;
      await page.locator('[data-testid="zoom-viewport"]').scrollIntoViewIfNeeded(); // the side panel's buttons can scroll the page (a taller page)
      const vp = (await page.locator('[data-testid="zoom-viewport"]').boundingBox())!;
      const x0 = vp.x + vp.width / 2;
      const y0 = vp.y + vp.height / 2;
      await page.mouse.move(x0, y0);
      await page.mouse.down({ button: 'right' });
      await page.mouse.move(x0 + 60, y0 - 30, { steps: 8 });
      await page.mouse.up({ button: 'right' });
      await expectWindow(page, Math.round(-600 - 30 * perPx), Math.round(1500 + 60 * perPx));
      await expect.poll(() => baseSum(page), { timeout: 60_000 }).not.toBe(lung);
      // A drag on the image does not open the browser's menu, and the preset is no longer the window.
      expect(await page.locator('[data-testid="preset-lung"]').getAttribute('aria-pressed')).toBe('false');

      // HU under the pointer, at fit: the value of the file's pixel, in HU.
      await waitHeatmap(page, 120_000);
      // The map says which window it was computed with: the dragged one.
      const mapWindow = page.locator('[data-testid="map-window"]');
      await expect.poll(async () => [Number(await mapWindow.getAttribute('data-center')), Number(await mapWindow.getAttribute('data-width'))], { timeout: 60_000 }).toEqual([
        Math.round(-600 - 30 * perPx),
        Math.round(1500 + 60 * perPx),
      ]);
      for (const [x, y] of [[256, 256], [100, 400], [10, 10]] as const) {
        await hoverPixel(page, ct, x, y);
        await expect.poll(async () => (await readout(page)).value, { timeout: 30_000 }).toBe(String(ct.hu[y * ct.width + x]));
        const r = await readout(page);
        expect([r.x, r.y]).toEqual([String(x), String(y)]);
        expect(r.text).toContain('HU');
        expect(r.text).toContain('attribution');
        expect(Number.isFinite(Number(r.map))).toBe(true);
      }

      // Zoom in twice about the centre (1.25^2 = 1.5625, translate 0.5 - 0.5 x 1.5625 = -0.28125) and read again.
      await page.click('[data-testid="zoom-in"]');
      await page.click('[data-testid="zoom-in"]');
      expect(await page.locator('[data-testid="zoom-viewport"]').getAttribute('data-scale')).toBe('1.563');
      const zoomed = { scale: 1.5625, tx: -0.28125, ty: -0.28125 };
      await hoverPixel(page, ct, 300, 200, zoomed);
      await expect.poll(async () => (await readout(page)).value, { timeout: 30_000 }).toBe(String(ct.hu[200 * ct.width + 300]));
      expect([(await readout(page)).x, (await readout(page)).y]).toEqual(['300', '200']);
      // The heatmap is inside the zoomed stage: it is drawn bigger, with the image.
      const heat = (await page.locator('[data-testid="heatmap"]').boundingBox())!;
      expect(heat.width).toBeGreaterThan(vp.width * 1.5);
      await page.screenshot({ path: path.join(ARTIFACTS, 'clinical-ct.png') });
      await page.click('[data-testid="zoom-fit"]');
      expect(await page.locator('[data-testid="zoom-viewport"]').getAttribute('data-scale')).toBe('1.000');

      // Explain with LIME: regions over the windowed CT, and the readout reads the region's value.
      await page.locator('[data-testid="method-select"]').selectOption('lime');
      await page.waitForSelector('[data-testid="segment-overlay"]', { timeout: 180_000 });
      await page.waitForSelector('[data-testid="busy"]', { state: 'detached', timeout: 180_000 });
      await hoverPixel(page, ct, 256, 256);
      await expect.poll(async () => (await readout(page)).map, { timeout: 30_000 }).not.toBeNull();
      expect(await page.locator('[data-testid="explained-class"]').textContent()).not.toBe('…');

      // Identifying tags: one explicit action shows them, on this page only.
      await page.click('[data-testid="show-identifying"]');
      await expect.poll(() => page.locator('[data-testid="identifying-tags"]').textContent(), { timeout: 30_000 }).toContain(ct.patientName);
      await page.click('[data-testid="hide-identifying"]');
      expect(await page.locator('body').textContent()).not.toContain(ct.patientName);

      expect(await page.locator('[data-testid="notice"]').allTextContents()).toEqual([]);
      await expectStayedLocal(w);
    } finally {
      await w.context.close();
    }
  }, 600_000);

  it('a multi-frame MR: the frame slider shows and reads another frame; the W/L tool drags with the left button', async () => {
    const mr = readCt('emri_small.dcm');
    expect(mr.frames).toBe(10);
    const w = await openStudio(browser, served.url);
    const page = w.page;
    try {
      await waitReady(page);
      await page.locator('[data-testid="file-input"]').setInputFiles([{ name: mr.name, mimeType: '', buffer: mr.bytes }]);
      await page.locator('[data-testid="clinical-panel"]').waitFor({ timeout: 90_000 });
      expect(await page.locator('[data-testid="frame-label"]').textContent()).toBe('1 of 10');
      await waitHeatmap(page, 120_000);
      const first = await baseSum(page);
      // The pixel (20, 30) differs between frames 1 and 2 of this file; the readout follows the frame.
      const at = (f: number) => mr.hu[f * mr.width * mr.height + 30 * mr.width + 20];
      expect(at(1)).not.toBe(at(0));
      await page.locator('[data-testid="frame"]').focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.locator('[data-testid="frame-label"]').textContent()).toBe('2 of 10');
      await expect.poll(() => baseSum(page), { timeout: 60_000 }).not.toBe(first);
      await page.locator('[data-testid="zoom-viewport"]').scrollIntoViewIfNeeded();
      await hoverPixel(page, mr, 20, 30);
      await expect.poll(async () => (await readout(page)).value, { timeout: 30_000 }).toBe(String(at(1)));

      // Wheel and keys zoom: one notch up is x1.25 about the pointer, one down back to fit; + and 0 from the keyboard.
      await page.locator('[data-testid="zoom-viewport"]').scrollIntoViewIfNeeded(); // the side panel's buttons can scroll the page (a taller page)
      const vpBox = (await page.locator('[data-testid="zoom-viewport"]').boundingBox())!;
      await page.mouse.move(vpBox.x + vpBox.width / 3, vpBox.y + vpBox.height / 3);
      await page.mouse.wheel(0, -100);
      await expect.poll(() => page.locator('[data-testid="zoom-viewport"]').getAttribute('data-scale')).toBe('1.250');
      await page.mouse.wheel(0, 100);
      await expect.poll(() => page.locator('[data-testid="zoom-viewport"]').getAttribute('data-scale')).toBe('1.000');
      await page.locator('[data-testid="zoom-viewport"]').focus();
      await page.keyboard.press('+');
      await expect.poll(() => page.locator('[data-testid="zoom-viewport"]').getAttribute('data-scale')).toBe('1.250');
      await page.keyboard.press('0');
      await expect.poll(() => page.locator('[data-testid="zoom-viewport"]').getAttribute('data-scale')).toBe('1.000');

      // W/L tool on: a left drag of 40 px left, 20 px down changes the window by -40 and +20 x perPx.
      const cur = page.locator('[data-testid="wl-current"]');
      const c0 = Number(await cur.getAttribute('data-center'));
      const w0 = Number(await cur.getAttribute('data-width'));
      const range = (await page.locator('[data-testid="clinical-panel"]').textContent())!.match(/range of this frame: (−?[\d.]+) to (−?[\d.]+)/)!;
      const lo = Number(range[1].replace('−', '-'));
      const hi = Number(range[2].replace('−', '-'));
      // The frame's range as the page states it equals the file's frame 2 (read here).
      const frame2 = mr.hu.subarray(mr.width * mr.height, 2 * mr.width * mr.height);
      expect([lo, hi]).toEqual([Math.min(...frame2), Math.max(...frame2)]);
      const perPx = Math.max(0.125, (hi - lo) / 512);
      const round = perPx >= 1 ? Math.round : (v: number) => Math.round(v * 100) / 100;
      await page.click('[data-testid="wl-tool"]');
      expect(await page.locator('[data-testid="wl-tool"]').getAttribute('aria-pressed')).toBe('true');
      await page.locator('[data-testid="zoom-viewport"]').scrollIntoViewIfNeeded(); // the side panel's buttons can scroll the page (a taller page)
      const vp = (await page.locator('[data-testid="zoom-viewport"]').boundingBox())!;
      const x0 = vp.x + vp.width / 2;
      const y0 = vp.y + vp.height / 2;
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move(x0 - 40, y0 + 20, { steps: 6 });
      await page.mouse.up();
      await expectWindow(page, round(c0 + 20 * perPx), Math.max(1, round(w0 - 40 * perPx)));
      // Nothing panned: the W/L tool's drag is not a pan (and at fit there is nothing to pan anyway).
      expect(await page.locator('[data-testid="zoom-viewport"]').getAttribute('data-scale')).toBe('1.000');
      expect(await page.locator('[data-testid="notice"]').allTextContents()).toEqual([]);
      await expectStayedLocal(w);
    } finally {
      await w.context.close();
    }
  }, 300_000);

  it('the one-file build from file:// opens a CT, windows it and reads HU; stays local', async () => {
    const ct = readCt('CT_small.dcm');
    const w = await openStudio(browser, pathToFileURL(path.join(DIST, 'glassbox.html')).href);
    const page = w.page;
    try {
      await waitReady(page);
      await page.locator('[data-testid="file-input"]').setInputFiles([{ name: ct.name, mimeType: '', buffer: ct.bytes }]);
      await expect.poll(() => page.locator('[data-testid="image-name"]').textContent(), { timeout: 90_000 }).toContain(ct.name);
      await page.locator('[data-testid="clinical-panel"]').waitFor();
      await page.click('[data-testid="preset-mediastinum"]');
      await expectWindow(page, 40, 400);
      await waitHeatmap(page, 120_000);
      await hoverPixel(page, ct, 64, 70);
      await expect.poll(async () => (await readout(page)).value, { timeout: 30_000 }).toBe(String(ct.hu[70 * ct.width + 64]));
      expect(await page.locator('[data-testid="notice"]').allTextContents()).toEqual([]);
      await expectStayedLocal(w);
    } finally {
      await w.context.close();
    }
  }, 300_000);
});
