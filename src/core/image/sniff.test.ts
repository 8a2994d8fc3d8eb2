import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { sniffImage } from './sniff';
import { REPO_ROOT } from '../testing/node';

const FIXTURES = path.join(REPO_ROOT, '..', 'shared', 'fixtures');

describe('sniffImage', () => {
  it('reads PNG dimensions from a PNG written by pngjs', () => {
    const png = new PNG({ width: 37, height: 21 });
    const bytes = new Uint8Array(PNG.sync.write(png));
    expect(sniffImage(bytes)).toEqual({ kind: 'png', width: 37, height: 21 });
  });

  it('reads JPEG dimensions from a JPEG written by jpeg-js', () => {
    const raw = { width: 45, height: 19, data: Buffer.alloc(45 * 19 * 4, 128) };
    const bytes = new Uint8Array(jpeg.encode(raw, 80).data);
    expect(sniffImage(bytes)).toEqual({ kind: 'jpeg', width: 45, height: 19 });
  });

  it.runIf(fs.existsSync(FIXTURES))('agrees with a real decoder on the shared fixture photos and recognises DICOM', () => {
    for (const f of fs.readdirSync(path.join(FIXTURES, 'images')).filter((n) => /\.(jpe?g|png)$/i.test(n))) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'images', f)));
      const s = sniffImage(bytes);
      const decoded = /png$/i.test(f) ? PNG.sync.read(Buffer.from(bytes)) : jpeg.decode(bytes, { maxMemoryUsageInMB: 2048, maxResolutionInMP: 200 });
      expect(s, f).toMatchObject({ width: decoded.width, height: decoded.height });
    }
    const dcm = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'dicom', 'CT_small.dcm')));
    expect(sniffImage(dcm).kind).toBe('dicom');
  });

  it('says unknown for text and truncated headers instead of throwing', () => {
    expect(sniffImage(new TextEncoder().encode('hello, this is not an image')).kind).toBe('unknown');
    expect(sniffImage(new Uint8Array([0x89, 0x50])).kind).toBe('unknown');
    expect(sniffImage(new Uint8Array(0)).kind).toBe('unknown');
  });
});
