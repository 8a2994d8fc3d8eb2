import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
// @ts-expect-error gifenc ships no types
import { GIFEncoder } from 'gifenc';
import { blobSource, bytesSource, measureImage, sniffImage, type ByteSource } from './sniff';
import { REPO_ROOT } from '../testing/node';
import { bmpHeader, gifWithFrames, jpegWithApps, setJpegSize, vp8lBitstream, webpRiff } from '../testing/imageFiles';

const FIXTURES = path.join(REPO_ROOT, '..', 'shared', 'fixtures');

function smallJpeg(width: number, height: number): Uint8Array {
  return new Uint8Array(jpeg.encode({ width, height, data: Buffer.alloc(width * height * 4, 128) }, 80).data);
}

/** Counts the bytes a measurement reads. */
function counted(src: ByteSource): { src: ByteSource; bytes: () => number } {
  let n = 0;
  return {
    src: { size: src.size, read: async (o, len) => {
      const b = await src.read(o, len);
      n += b.length;
      return b;
    } },
    bytes: () => n,
  };
}

describe('measureImage', () => {
  it('reads PNG dimensions from a PNG written by pngjs', async () => {
    const png = new PNG({ width: 37, height: 21 });
    const bytes = new Uint8Array(PNG.sync.write(png));
    expect(await sniffImage(bytes)).toEqual({ kind: 'png', width: 37, height: 21 });
  });

  it('reads JPEG dimensions from a JPEG written by jpeg-js', async () => {
    expect(await sniffImage(smallJpeg(45, 19))).toEqual({ kind: 'jpeg', width: 45, height: 19 });
  });

  it('finds a JPEG frame header behind 200 KB of APP1/APP2 metadata, as jpeg-js decodes it', async () => {
    const bytes = jpegWithApps(smallJpeg(45, 19), 200_000);
    // The construction really puts the frame header beyond the first 64 KiB: a head alone has no size.
    expect(await sniffImage(bytes.subarray(0, 65536))).toEqual({ kind: 'jpeg' });
    const decoded = jpeg.decode(bytes);
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width: 45, height: 19 });
    expect(await sniffImage(bytes)).toEqual({ kind: 'jpeg', width: 45, height: 19 });
    // The same through a Blob, reading a window at a time.
    expect(await measureImage(blobSource(new Blob([bytes])))).toEqual({ kind: 'jpeg', width: 45, height: 19 });
  });

  it('walks JPEG segments by their lengths: a decoy frame header inside the metadata is not taken', async () => {
    // Each APP segment carries bytes FF C0 ... claiming 160 x 120 (like an EXIF thumbnail would).
    const bytes = jpegWithApps(setJpegSize(smallJpeg(45, 19), 12000, 9000), 200_000, { decoy: { width: 160, height: 120 } });
    expect(await sniffImage(bytes)).toEqual({ kind: 'jpeg', width: 12000, height: 9000 });
  });

  it('skips large segments instead of reading them: 2 MB of metadata costs a few small windows', async () => {
    const bytes = jpegWithApps(smallJpeg(45, 19), 2_000_000);
    const c = counted(bytesSource(bytes));
    expect(await measureImage(c.src)).toEqual({ kind: 'jpeg', width: 45, height: 19 });
    // 31 segments of 64 KiB: one 4 KiB window per hop is about 130 KB, a small part of the 2 MB file
    expect(c.bytes()).toBeLessThan(bytes.length / 10);
  });

  it('gives no JPEG size when the file ends before the frame header or the scan comes first', async () => {
    const full = jpegWithApps(smallJpeg(8, 8), 100_000);
    expect(await sniffImage(full.subarray(0, 90_000))).toEqual({ kind: 'jpeg' });
    // SOI then straight into SOS: no frame header at all
    expect(await sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 1, 2, 3, 4, 5, 6]))).toEqual({ kind: 'jpeg' });
  });

  it('joins a GIF logical screen with its first frame (the decoded size) and with every frame (the extent)', async () => {
    // screen 100 x 80; first frame at (5, 6) 300 x 20 -> decoded 305 x 80 (Chromium grows the canvas to it)
    expect(await sniffImage(gifWithFrames({ width: 100, height: 80 }, [{ left: 5, top: 6, width: 300, height: 20 }]))).toEqual({ kind: 'gif', width: 305, height: 80 });
    // frame 1 at (0,0) 50 x 40 fits; frame 2 at (10, 20) 4000 x 3000 reaches 4010 x 3020 (Chromium clips it)
    const bytes = gifWithFrames({ width: 100, height: 80 }, [
      { left: 0, top: 0, width: 50, height: 40 },
      { left: 10, top: 20, width: 4000, height: 3000 },
    ]);
    expect(await sniffImage(bytes)).toEqual({ kind: 'gif', width: 100, height: 80, extent: { width: 4010, height: 3020 } });
    // and a GIF whose frames all fit keeps its screen size
    expect(await sniffImage(gifWithFrames({ width: 100, height: 80 }, [{ left: 5, top: 5, width: 20, height: 20 }]))).toEqual({ kind: 'gif', width: 100, height: 80 });
  });

  it('reads the size of a real two-frame GIF written by gifenc, local colour tables and extensions included', async () => {
    const enc = GIFEncoder();
    const palette = [[0, 0, 0], [255, 0, 0], [0, 0, 255]];
    enc.writeFrame(new Uint8Array(30 * 20).fill(1), 30, 20, { palette, delay: 100 });
    enc.writeFrame(new Uint8Array(30 * 20).fill(2), 30, 20, { palette, delay: 100 });
    enc.finish();
    const bytes = new Uint8Array(enc.bytes());
    expect(await sniffImage(bytes)).toEqual({ kind: 'gif', width: 30, height: 20 });
    // shrink the logical screen to 10 x 10: the 30 x 20 frames still make it 30 x 20
    const patched = bytes.slice();
    patched[6] = 10; patched[7] = 0; patched[8] = 10; patched[9] = 0;
    expect(await sniffImage(patched)).toEqual({ kind: 'gif', width: 30, height: 20 });
  });

  it('reads WebP sizes from VP8L, VP8 and VP8X chunks and from ANMF frames', async () => {
    expect(await sniffImage(webpRiff([['VP8L', vp8lBitstream(300, 17)]]))).toEqual({ kind: 'webp', width: 300, height: 17 });
    // VP8 key frame header: frame tag (3 bytes), start code 9d 01 2a, 14-bit width and height
    const vp8 = new Uint8Array([0, 0, 0, 0x9d, 0x01, 0x2a, 640 & 0xff, 640 >> 8, 480 & 0xff, 480 >> 8]);
    expect(await sniffImage(webpRiff([['VP8 ', vp8]]))).toEqual({ kind: 'webp', width: 640, height: 480 });
    // VP8X canvas 64 x 48 (stored minus one) holding a 9000 x 9000 bitstream: decoded at the canvas, the bitstream is the extent
    const canvas = (w: number, h: number) => new Uint8Array([0, 0, 0, 0, (w - 1) & 0xff, ((w - 1) >> 8) & 0xff, (w - 1) >> 16, (h - 1) & 0xff, ((h - 1) >> 8) & 0xff, (h - 1) >> 16]);
    expect(await sniffImage(webpRiff([['VP8X', canvas(64, 48)], ['VP8L', vp8lBitstream(9000, 9000)]]))).toEqual({ kind: 'webp', width: 64, height: 48, extent: { width: 9000, height: 9000 } });
    // an animation frame at (2*5, 2*6) = (10, 12) of 100 x 50 on a 20 x 20 canvas reaches 110 x 62
    const anmf = new Uint8Array(16 + 8 + 5);
    anmf.set([5, 0, 0, 6, 0, 0, 99, 0, 0, 49, 0, 0]);
    anmf.set([...'VP8L'].map((c) => c.charCodeAt(0)), 16);
    anmf.set([5, 0, 0, 0], 20);
    anmf.set(vp8lBitstream(100, 50), 24);
    expect(await sniffImage(webpRiff([['VP8X', canvas(20, 20)], ['ANMF', anmf]]))).toEqual({ kind: 'webp', width: 20, height: 20, extent: { width: 110, height: 62 } });
  });

  it('reads BMP sizes from an info header (top-down too) and from an OS/2 core header', async () => {
    expect(await sniffImage(bmpHeader(40, 123, -45))).toEqual({ kind: 'bmp', width: 123, height: 45 });
    expect(await sniffImage(bmpHeader(12, 321, 54))).toEqual({ kind: 'bmp', width: 321, height: 54 });
  });

  it.runIf(fs.existsSync(FIXTURES))('agrees with a real decoder on the shared fixture photos and recognises DICOM', async () => {
    for (const f of fs.readdirSync(path.join(FIXTURES, 'images')).filter((n) => /\.(jpe?g|png)$/i.test(n))) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'images', f)));
      const s = await measureImage(blobSource(new Blob([bytes])));
      const decoded = /png$/i.test(f) ? PNG.sync.read(Buffer.from(bytes)) : jpeg.decode(bytes, { maxMemoryUsageInMB: 2048, maxResolutionInMP: 200 });
      expect(s, f).toEqual({ kind: /png$/i.test(f) ? 'png' : 'jpeg', width: decoded.width, height: decoded.height });
    }
    const dcm = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'dicom', 'CT_small.dcm')));
    expect((await sniffImage(dcm)).kind).toBe('dicom');
  });

  it('says unknown for text and truncated headers instead of throwing', async () => {
    expect((await sniffImage(new TextEncoder().encode('hello, this is not an image'))).kind).toBe('unknown');
    expect((await sniffImage(new Uint8Array([0x89, 0x50]))).kind).toBe('unknown');
    expect((await sniffImage(new Uint8Array(0))).kind).toBe('unknown');
    // a PNG signature cut before IHDR: a PNG without a size
    const png = new Uint8Array(PNG.sync.write(new PNG({ width: 5, height: 5 })));
    expect(await sniffImage(png.subarray(0, 20))).toEqual({ kind: 'png' });
  });
});
