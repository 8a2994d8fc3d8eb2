// Image files for the e2e journeys, written in Node by real encoders (pngjs, jpeg-js, gifenc) or by
// hand where the format is trivial (BMP), so the browser's decoders are tested on independent bytes.

import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
// @ts-expect-error gifenc ships no types
import { GIFEncoder } from 'gifenc';
import { syntheticSample } from '../src/core/data/synthetic';
import type { RgbaImage } from '../src/shared/types';

export function lesionImage(size = 160, index = 0): RgbaImage {
  return syntheticSample(777, index, { size, label: 1 }).image;
}

export function png(img: RgbaImage): Buffer {
  const p = new PNG({ width: img.width, height: img.height });
  Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength).copy(p.data);
  return PNG.sync.write(p);
}

export function jpg(img: RgbaImage, quality = 90): Buffer {
  return Buffer.from(jpeg.encode({ width: img.width, height: img.height, data: Buffer.from(img.data) }, quality).data);
}

/** 24-bit bottom-up BMP. */
export function bmp(img: RgbaImage): Buffer {
  const rowBytes = Math.ceil((img.width * 3) / 4) * 4;
  const size = 54 + rowBytes * img.height;
  const b = Buffer.alloc(size);
  b.write('BM', 0, 'ascii');
  b.writeUInt32LE(size, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(img.width, 18);
  b.writeInt32LE(img.height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(rowBytes * img.height, 34);
  for (let y = 0; y < img.height; y++) {
    const row = 54 + (img.height - 1 - y) * rowBytes;
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      b[row + x * 3] = img.data[i + 2];
      b[row + x * 3 + 1] = img.data[i + 1];
      b[row + x * 3 + 2] = img.data[i];
    }
  }
  return b;
}

/** A two-frame GIF: the first frame is solid `first`, the second solid `second`. */
export function gif2(width: number, height: number, first: [number, number, number], second: [number, number, number]): Buffer {
  const enc = GIFEncoder();
  const palette = [first, second];
  enc.writeFrame(new Uint8Array(width * height).fill(0), width, height, { palette, delay: 100 });
  enc.writeFrame(new Uint8Array(width * height).fill(1), width, height, { palette, delay: 100 });
  enc.finish();
  return Buffer.from(enc.bytes());
}

/** A PNG header that claims to be width x height: enough for Glassbox to refuse it before decoding. */
export function hugePngHeader(width: number, height: number): Buffer {
  const real = png({ width: 2, height: 2, data: new Uint8ClampedArray(16).fill(255) });
  const b = Buffer.from(real);
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}
