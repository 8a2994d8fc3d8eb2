import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { decodeBlob, type DecodePlan, type Rasterise } from './decode';
import { orientRgba, orientedSize, readJpegOrientation, withoutOrientation, type ExifOrientation } from './orientation';
import { blobSource, bytesSource } from './sniff';
import { resizeRgba } from './preprocess';
import { jpegWithApps, jpegWithOrientation } from '../testing/imageFiles';
import type { RgbaImage } from '../../shared/types';

const RED = [230, 20, 20];
const GREEN = [20, 200, 20];
const BLUE = [20, 20, 230];
const WHITE = [250, 250, 250];

/** A width x height JPEG whose pixel colour is colourAt(x, y). */
function jpegOf(width: number, height: number, colourAt: (x: number, y: number) => number[]): Uint8Array<ArrayBuffer> {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set([...colourAt(x, y), 255], (y * width + x) * 4);
    }
  }
  return new Uint8Array(jpeg.encode({ width, height, data }, 90).data);
}

/** Left half red, right half blue (the picture). */
const halves = (w: number, h: number) => jpegOf(w, h, (x) => (x < w / 2 ? RED : BLUE));
/** Quadrants: top-left red, top-right green, bottom-left blue, bottom-right white. */
const quadrants = (w: number, h: number) => jpegOf(w, h, (x, y) => (y < h / 2 ? (x < w / 2 ? RED : GREEN) : x < w / 2 ? BLUE : WHITE));

/**
 * A stand-in for the browser's decoder: jpeg-js (which, like a decoder asked for orientation 1, ignores
 * EXIF) and the plan's one-sided resize with the aspect ratio kept. Records what it was given.
 */
function nodeDecoder() {
  const seen: { plan: DecodePlan; orientation: number | null }[] = [];
  const rasterise: Rasterise = async (blob, plan) => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    seen.push({ plan, orientation: (await readJpegOrientation(bytesSource(bytes)))?.orientation ?? null });
    const d = jpeg.decode(bytes, { useTArray: true });
    const img: RgbaImage = { width: d.width, height: d.height, data: new Uint8ClampedArray(d.data.buffer, d.data.byteOffset, d.data.length) };
    if (plan.resizeWidth) return resizeRgba(img, plan.resizeWidth, Math.round((d.height * plan.resizeWidth) / d.width));
    if (plan.resizeHeight) return resizeRgba(img, Math.round((d.width * plan.resizeHeight) / d.height), plan.resizeHeight);
    return img;
  };
  return { seen, rasterise };
}

function colourAt(img: RgbaImage, x: number, y: number): string {
  const o = (Math.floor(y) * img.width + Math.floor(x)) * 4;
  const c = [img.data[o], img.data[o + 1], img.data[o + 2]];
  const near = (ref: number[]) => ref.every((v, i) => Math.abs(v - c[i]) < 40);
  return near(RED) ? 'red' : near(GREEN) ? 'green' : near(BLUE) ? 'blue' : near(WHITE) ? 'white' : `rgb(${c.join(',')})`;
}

function corners(img: RgbaImage): string[] {
  const a = 0.15;
  const b = 0.85;
  return [colourAt(img, img.width * a, img.height * a), colourAt(img, img.width * b, img.height * a), colourAt(img, img.width * a, img.height * b), colourAt(img, img.width * b, img.height * b)];
}

// Where the stored picture's corners are shown (top-left, top-right, bottom-left, bottom-right) for each
// EXIF orientation, from the EXIF 2.32 table of tag 0x0112 (row 0 / column 0 placement), by hand.
const SHOWN: Record<ExifOrientation, string[]> = {
  1: ['red', 'green', 'blue', 'white'],
  2: ['green', 'red', 'white', 'blue'], // mirrored left-right
  3: ['white', 'blue', 'green', 'red'], // 180°
  4: ['blue', 'white', 'red', 'green'], // mirrored top-bottom
  5: ['red', 'blue', 'green', 'white'], // transposed
  6: ['blue', 'red', 'white', 'green'], // 90° clockwise
  7: ['white', 'green', 'blue', 'red'], // transverse
  8: ['green', 'white', 'red', 'blue'], // 90° anticlockwise
};
const ALL: ExifOrientation[] = [1, 2, 3, 4, 5, 6, 7, 8];

describe('readJpegOrientation', () => {
  it('finds the Orientation in big- and little-endian EXIF, behind XMP/ICC segments, and nothing where there is none', async () => {
    const base = quadrants(16, 8);
    for (const o of ALL) {
      expect((await readJpegOrientation(bytesSource(jpegWithOrientation(base, o))))?.orientation).toBe(o);
      expect((await readJpegOrientation(bytesSource(jpegWithOrientation(base, o, { littleEndian: true, padding: 3000 }))))?.orientation).toBe(o);
    }
    // behind 150 KB of other APP1/APP2 segments (jpegWithApps puts an "Exif" segment without a valid TIFF header first)
    const behind = jpegWithApps(jpegWithOrientation(base, 6), 150_000);
    expect((await readJpegOrientation(bytesSource(behind)))?.orientation).toBe(6);
    expect(await readJpegOrientation(bytesSource(base))).toBeNull();
    expect(await readJpegOrientation(bytesSource(jpegWithOrientation(base, 9)))).toBeNull();
    expect(await readJpegOrientation(bytesSource(new TextEncoder().encode('not a jpeg')))).toBeNull();
    expect(await readJpegOrientation(bytesSource(jpegWithOrientation(base, 6).subarray(0, 20)))).toBeNull();
  });

  it('withoutOrientation patches exactly the two value bytes to 1 and keeps every other byte', async () => {
    for (const littleEndian of [false, true]) {
      const bytes = jpegWithOrientation(quadrants(16, 8), 8, { littleEndian });
      const at = (await readJpegOrientation(bytesSource(bytes)))!;
      const patched = new Uint8Array(await withoutOrientation(new Blob([bytes]), at).arrayBuffer());
      expect(patched.length).toBe(bytes.length);
      const differ = [...patched.keys()].filter((i) => patched[i] !== bytes[i]);
      // the value 8 is one byte (low byte: the first in II, the second in MM); it becomes 1
      expect(differ).toEqual([at.valueOffset + (littleEndian ? 0 : 1)]);
      expect((await readJpegOrientation(bytesSource(patched)))?.orientation).toBe(1);
      // the segment as exifOrientationSegment wrote it: value at 2 (FF E1) + 2 (length) + 6 (Exif) + 8 (TIFF header) + 2 (count) + 8 (tag, type, count) after SOI
      expect(at.valueOffset).toBe(2 + 2 + 2 + 6 + 8 + 2 + 8);
    }
  });
});

describe('orientRgba', () => {
  it('shows each of the 8 orientations as the EXIF table says, with the axes swapped for 5..8', () => {
    const d = jpeg.decode(quadrants(40, 20), { useTArray: true });
    const stored: RgbaImage = { width: 40, height: 20, data: new Uint8ClampedArray(d.data) };
    for (const o of ALL) {
      const shown = orientRgba(stored, o);
      expect([shown.width, shown.height], `orientation ${o}`).toEqual(o >= 5 ? [20, 40] : [40, 20]);
      expect(orientedSize(40, 20, o)).toEqual({ width: shown.width, height: shown.height });
      expect(corners(shown), `orientation ${o}`).toEqual(SHOWN[o]);
    }
  });

  it('moves pixels exactly (a 3 x 2 image of distinct values turned 90° clockwise)', () => {
    // stored:  1 2 3      shown (6):  4 1
    //          4 5 6                  5 2
    //                                 6 3
    const data = new Uint8ClampedArray(24);
    [1, 2, 3, 4, 5, 6].forEach((v, i) => data.set([v, v, v, 255], i * 4));
    const shown = orientRgba({ width: 3, height: 2, data }, 6);
    expect(shown.width).toBe(2);
    expect(shown.height).toBe(3);
    expect(Array.from(shown.data).filter((_, i) => i % 4 === 0)).toEqual([4, 1, 5, 2, 6, 3]);
  });
});

describe('decodeBlob with EXIF orientation', () => {
  it('a 2400 x 1200 JPEG with Orientation 6 (left red, right blue) comes out 1024 x 2048 with red on top', async () => {
    const dec = nodeDecoder();
    const img = await decodeBlob(new Blob([jpegWithOrientation(halves(2400, 1200), 6)]), 'phone.jpg', dec.rasterise);
    expect([img.width, img.height]).toEqual([1024, 2048]);
    expect(colourAt(img, 512, 200)).toBe('red');
    expect(colourAt(img, 512, 1848)).toBe('blue');
    // the decoder saw the stored picture (Orientation 1) and a plan made from its stored size
    expect(dec.seen).toEqual([{ plan: { resizeWidth: 2048 }, orientation: 1 }]);
  });

  it('every orientation is turned as the EXIF table says, small (no resize) and large (the 2048 cap)', async () => {
    const small = quadrants(64, 32);
    for (const o of ALL) {
      const dec = nodeDecoder();
      const img = await decodeBlob(new Blob([jpegWithOrientation(small, o)]), `o${o}.jpg`, dec.rasterise);
      expect([img.width, img.height], `orientation ${o}`).toEqual(o >= 5 ? [32, 64] : [64, 32]);
      expect(corners(img), `orientation ${o}`).toEqual(SHOWN[o]);
      // the decoder always sees Orientation 1 (patched; the orientation-1 file already says 1)
      expect(dec.seen[0]).toEqual({ plan: {}, orientation: 1 });
    }
    const large = quadrants(2200, 1100);
    for (const o of [3, 5, 7, 8] as const) {
      const dec = nodeDecoder();
      const img = await decodeBlob(new Blob([jpegWithOrientation(large, o)]), `o${o}.jpg`, dec.rasterise);
      expect([img.width, img.height], `orientation ${o}`).toEqual(o >= 5 ? [1024, 2048] : [2048, 1024]);
      expect(corners(img), `orientation ${o}`).toEqual(SHOWN[o]);
      expect(dec.seen).toEqual([{ plan: { resizeWidth: 2048 }, orientation: 1 }]);
    }
  });

  it('a circle on a 2800 x 2100 (4:3) Orientation 6 photo stays a circle', async () => {
    const photo = jpegOf(2800, 2100, (x, y) => ((x - 1400) ** 2 + (y - 1050) ** 2 < 700 ** 2 ? [10, 10, 10] : WHITE));
    const img = await decodeBlob(new Blob([jpegWithOrientation(photo, 6)]), 'circle.jpg', nodeDecoder().rasterise);
    expect([img.width, img.height]).toEqual([1536, 2048]);
    let minX = Infinity, maxX = -1, minY = Infinity, maxY = -1;
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        if (img.data[(y * img.width + x) * 4] < 128) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    // diameter 1400 px, shown at 2048/2800: 1024 px across and down
    expect(Math.abs(maxX - minX + 1 - 1024)).toBeLessThanOrEqual(2);
    expect(Math.abs(maxY - minY + 1 - 1024)).toBeLessThanOrEqual(2);
  });

  it('a JPEG without EXIF and a PNG are decoded as before (blob passed through unchanged)', async () => {
    const blob = new Blob([halves(64, 32)]);
    let given: Blob | null = null;
    await decodeBlob(blob, 'plain.jpg', async (b) => {
      given = b;
      return { width: 1, height: 1, data: new Uint8ClampedArray(4) };
    });
    expect(given).toBe(blob);
    expect(await readJpegOrientation(blobSource(blob))).toBeNull();
  });
});
