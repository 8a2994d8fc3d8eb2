// Both builds decode compressed DICOM in the engine worker: the static site (dist/, codec .wasm files served
// beside the page) and the one-file build opened from file:// (codecs inlined as data: URLs). One file per
// WebAssembly codec (CharLS for JPEG-LS, OpenJPEG for JPEG 2000, libjpeg-turbo for JPEG baseline), one of
// them with no extension and no type (recognised by content), then a map on the DICOM image; no request
// leaves the page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { DIST, FIXTURES, ROOT, expectStayedLocal, launch, openStudio, serveDist, waitHeatmap, waitReady, type Served } from './harness';

const TESTDATA = path.join(ROOT, 'src/core/image/dicom/testdata');
const FILES = [
  { name: 'MR_small_jpeg_ls', bytes: () => fs.readFileSync(path.join(FIXTURES, 'dicom', 'MR_small_jpeg_ls_lossless.dcm')), size: '64×64', mimeType: '' },
  { name: 'MR_small_j2k_lossless.dcm', bytes: () => fs.readFileSync(path.join(TESTDATA, 'MR_small_j2k_lossless.dcm')), size: '64×64', mimeType: 'application/dicom' },
  { name: 'SC_rgb_jpeg_dcmtk.dcm', bytes: () => fs.readFileSync(path.join(FIXTURES, 'dicom', 'SC_rgb_jpeg_dcmtk.dcm')), size: '100×100', mimeType: 'application/dicom' },
];

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

for (const build of ['static site (dist/)', 'one-file build (file://)'] as const) {
  describe(build, () => {
    it('opens JPEG-LS, JPEG 2000 and JPEG baseline DICOM, explains one, and stays local', async () => {
      const url = build.startsWith('static') ? served.url : pathToFileURL(path.join(DIST, 'glassbox.html')).href;
      const w = await openStudio(browser, url);
      try {
        await waitReady(w.page);
        for (const f of FILES) {
          await w.page.locator('[data-testid="file-input"]').setInputFiles([{ name: f.name, mimeType: f.mimeType, buffer: f.bytes() }]);
          await expect.poll(() => w.page.locator('[data-testid="image-name"]').textContent(), { timeout: 60_000 }).toContain(f.name);
          expect(await w.page.locator('[data-testid="image-size"]').textContent()).toBe(f.size);
        }
        expect(await w.page.locator('[data-testid="notice"]').allTextContents()).toEqual([]);
        expect(await waitHeatmap(w.page, 120_000)).toBeGreaterThan(0);
        await expectStayedLocal(w);
      } finally {
        await w.context.close();
      }
    });
  });
}
