// Journey: images whose true size hides where a 64 KiB header read does not look. A JPEG's frame header
// behind 200 KB of EXIF/XMP/ICC metadata and a GIF whose first frame is larger than its logical screen
// must be sized right in the real browser: a 12000 x 9000 one refused before decoding, the others kept
// at most 2048 px on their longest side.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
// @ts-expect-error gifenc ships no types
import { GIFEncoder } from 'gifenc';
import type { Browser } from 'playwright-core';
import { expectStayedLocal, launch, openStudio, serveDist, waitReady, type Served, type Watched } from './harness';
import { jpegWithApps, setJpegSize } from '../src/core/testing/imageFiles';

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

function gradientJpeg(width: number, height: number): Uint8Array {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = (i % width) & 255;
    data[i * 4 + 1] = Math.floor(i / width) & 255;
    data[i * 4 + 2] = 128;
    data[i * 4 + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ width, height, data }, 85).data);
}

/** A real GIF of one width x height frame whose logical screen says 100 x 100. */
function gifFrameBeyondScreen(width: number, height: number): Buffer {
  const enc = GIFEncoder();
  enc.writeFrame(new Uint8Array(width * height).fill(1), width, height, { palette: [[0, 0, 0], [200, 30, 30]] });
  enc.finish();
  const b = Buffer.from(enc.bytes());
  b.writeUInt16LE(100, 6);
  b.writeUInt16LE(100, 8);
  return b;
}

const titleOf = (name: string) => w.page.locator('[data-testid="thumb"]', { hasText: name }).locator('button.thumb-button').getAttribute('title');

describe('true image sizes journey', () => {
  it('sizes a JPEG behind 200 KB of metadata and a GIF frame beyond its screen, and refuses a hidden 12000 x 9000', async () => {
    const small = gradientJpeg(64, 48);
    await w.page.locator('[data-testid="file-input"]').setInputFiles([
      { name: 'behind-exif.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpegWithApps(gradientJpeg(4096, 2048), 200_000)) },
      { name: 'hidden-huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpegWithApps(setJpegSize(small, 12000, 9000), 200_000, { decoy: { width: 160, height: 120 } })) },
      { name: 'wide-frame.gif', mimeType: 'image/gif', buffer: gifFrameBeyondScreen(4000, 4000) },
    ]);
    await expect.poll(() => w.page.locator('[data-testid="image-count"]').textContent(), { timeout: 120_000 }).toBe('11');
    await expect.poll(() => w.page.locator('[data-testid="loading"]').count(), { timeout: 120_000 }).toBe(0);
    expect(await titleOf('behind-exif.jpg')).toContain('(2048×1024)');
    expect(await titleOf('wide-frame.gif')).toContain('(2048×2048)');
    const notice = w.page.locator('[data-testid="notice"]', { hasText: 'hidden-huge.jpg' });
    expect(await notice.textContent()).toMatch(/"hidden-huge\.jpg" is too large.*12000 x 9000 pixels \(108 megapixels\); Glassbox accepts up to 80 megapixels/s);
    await expectStayedLocal(w);
  });
});
