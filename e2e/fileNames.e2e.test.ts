// Journey: someone drops files whose names are hostile to the layout: one holding U+202E RIGHT-TO-LEFT
// OVERRIDE (which, left alone, makes "160×160" beside it read "061×061") and one of 300 characters (which
// widened the page to 2039 px). The names must stay inside their own box: the text around them reads in
// its logical order, the page never scrolls sideways (wide or narrow window), and the full name is there
// on hover and focus.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { expectStayedLocal, launch, openStudio, serveDist, waitReady, type Served, type Watched } from './harness';
import { lesionImage, png } from './files';

const RLO = '\u202e';
const FLIPPED = `${RLO}lesion-gnp.png`;
const LONG = `${'very-long-scan-name-'.repeat(15)}.png`; // 300 + 4 characters, no spaces to break at

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

/** Drops files on the page the way a drag from the desktop does. */
async function drop(files: { name: string; type: string; bytes: number[] }[]) {
  await w.page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

/**
 * The on-screen x of each character of `text` as it occurs in `el`'s text (across text nodes), in
 * logical order: increasing when the text reads left to right as written.
 */
function charXs(el: Locator, text: string): Promise<number[]> {
  return el.evaluate((root, text) => {
    const chars: { node: Text; i: number }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      for (let i = 0; i < n.data.length; i++) chars.push({ node: n, i });
    }
    const at = chars.map((c) => c.node.data[c.i]).join('').indexOf(text);
    if (at < 0) return [];
    return chars.slice(at, at + text.length).map(({ node, i }) => {
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + 1);
      return r.getBoundingClientRect().left;
    });
  }, text);
}

function increasing(xs: number[]): boolean {
  return xs.length > 1 && xs.every((x, i) => i === 0 || x > xs[i - 1]);
}

const pageFits = () => w.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));

describe('file names journey', () => {
  it('keeps a right-to-left override inside its name: the size beside it reads 160×160', async () => {
    const bytes = Array.from(png(lesionImage(160, 3)));
    await drop([{ name: FLIPPED, type: 'image/png', bytes }]);
    const line = w.page.locator('[data-testid="image-name"]');
    await expect.poll(() => line.textContent(), { timeout: 60_000 }).toBe(`${FLIPPED} · 160×160`);
    const size = w.page.locator('[data-testid="image-size"]');
    expect(increasing(await charXs(size, '160×160'))).toBe(true);
    // the size sits after (to the right of) the name, not pulled into it
    const nameBox = (await line.locator('.file-name').boundingBox())!;
    expect((await size.boundingBox())!.x).toBeGreaterThanOrEqual(nameBox.x + nameBox.width - 1);
    // the gallery's tooltip isolates the name too (FSI … PDI), so its "(160×160)" cannot flip either
    const title = await w.page.locator('[data-testid="thumb"]', { hasText: 'lesion-gnp' }).locator('button.thumb-button').getAttribute('title');
    expect(title).toBe(`\u2068${FLIPPED}\u2069 (160×160)`);
  });

  it('keeps the override inside a refusal message too: the words after the name read in order', async () => {
    await drop([{ name: `${RLO}notes.txt`, type: 'text/plain', bytes: Array.from(Buffer.from('not a picture')) }]);
    const notice = w.page.locator('[data-testid="notice"]', { hasText: 'is not an image' }).first();
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.locator('strong').textContent()).toBe(`"${RLO}notes.txt" is not an image`);
    expect(increasing(await charXs(notice.locator('strong'), ' is not an image'))).toBe(true);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('ellipsises a 300-character name everywhere it is shown, and the page does not scroll sideways', async () => {
    const bytes = Array.from(png(lesionImage(160, 4)));
    await drop([
      { name: LONG, type: 'image/png', bytes },
      { name: `${LONG}.txt`, type: 'text/plain', bytes: Array.from(Buffer.from('not a picture')) },
    ]);
    const name = w.page.locator('[data-testid="image-name"] .file-name');
    await expect.poll(() => name.textContent(), { timeout: 60_000 }).toBe(LONG);
    await w.page.locator('[data-testid="notice"]', { hasText: 'is not an image' }).first().waitFor({ timeout: 30_000 });
    const fits = await pageFits();
    expect(fits.scroll).toBeLessThanOrEqual(fits.viewport);
    // cut short on screen, whole in the tooltip
    const cut = await name.evaluate((e) => ({ shown: e.clientWidth, full: e.scrollWidth, title: e.getAttribute('title') }));
    expect(cut.shown).toBeLessThan(cut.full);
    expect(cut.title).toBe(LONG);
    const thumbName = w.page.locator('[data-testid="thumb"] .thumb-name', { hasText: 'very-long' });
    expect(await thumbName.evaluate((e) => e.clientWidth < e.scrollWidth)).toBe(true);
    const noticeName = w.page.locator('[data-testid="notice"] .file-name', { hasText: 'very-long' }).first();
    expect(await noticeName.evaluate((e) => e.clientWidth < e.scrollWidth && e.getAttribute('title')!.length === 308)).toBe(true);
    // focused, the viewer shows the whole name, wrapped, and the page still fits
    await name.focus();
    await expect.poll(() => name.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
    const focused = await pageFits();
    expect(focused.scroll).toBeLessThanOrEqual(focused.viewport);
    // in the one-column layout of a narrow window (where the page once grew to about 2000 px) too, and
    // the name's gallery entry stays a thumbnail's width
    await w.page.setViewportSize({ width: 800, height: 860 });
    await expect.poll(pageFits).toEqual({ scroll: 800, viewport: 800 });
    const entry = (await w.page.locator('[data-testid="thumb"]', { hasText: 'very-long' }).boundingBox())!;
    expect(entry.width).toBeLessThan(200);
    await expectStayedLocal(w);
  });
});
