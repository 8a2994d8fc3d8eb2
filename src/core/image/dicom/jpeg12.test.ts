import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJpeg8 } from './codecs';
import { decodeJpeg12 } from './jpeg12';
import { CodecError } from './codecs';

const TESTDATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const jpg = (name: string) => new Uint8Array(fs.readFileSync(path.join(TESTDATA, name)));

const hasMarker = (d: Uint8Array, m: number) => d.some((b, i) => b === 0xff && d[i + 1] === m);

/** Largest and mean absolute difference between two decodes of the same stream. */
function diff(a: ArrayLike<number>, b: ArrayLike<number>) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    worst = Math.max(worst, d);
    total += d;
  }
  return { worst, mean: total / a.length };
}

// The 12-bit decoder also reads 8-bit streams, so libjpeg-turbo (an independent decoder) can referee it on
// streams written by libjpeg-turbo's cjpeg 2.1.5 (see testdata/README.md). Its 12-bit output is checked
// against IJG's 12-bit decoder in dicom.test.ts.
describe('decodeJpeg12 (T.81 sequential DCT) against libjpeg-turbo', () => {
  it('greyscale with a restart marker after every MCU row: within 1 of libjpeg-turbo', async () => {
    const data = jpg('gray_restart.jpg');
    expect(hasMarker(data, 0xdd) && hasMarker(data, 0xd6)).toBe(true); // DRI, and RST0..RST6 between the 8 MCU rows
    const mine = decodeJpeg12(data);
    const ref = await decodeJpeg8(data);
    expect(mine).toMatchObject({ width: 64, height: 64, components: 1, bitsPerSample: 8 });
    expect(diff(mine.samples, ref.samples).worst).toBeLessThanOrEqual(1);
  });

  it('colour, 4:4:4, YCbCr converted to RGB: within 3 of libjpeg-turbo, 0.5 on average', async () => {
    const data = jpg('rgb444.jpg');
    const mine = decodeJpeg12(data);
    const ref = await decodeJpeg8(data);
    expect(mine.components).toBe(3);
    // A rounding difference of 1 in Cb (integer IDCT there, float here) becomes 1.772 in B.
    const d = diff(mine.samples, ref.samples);
    expect(d.worst).toBeLessThanOrEqual(3);
    expect(d.mean).toBeLessThan(0.5);
  });

  it('colour, 4:2:0 with restart intervals: close to libjpeg-turbo (which smooths chroma; this decoder replicates it)', async () => {
    const data = jpg('rgb420_restart.jpg');
    expect(hasMarker(data, 0xdd)).toBe(true);
    const mine = decodeJpeg12(data);
    const ref = await decodeJpeg8(data);
    const d = diff(mine.samples, ref.samples);
    // A wrong MCU order or lost restart sync shifts whole blocks (mean error in the tens).
    expect(d.mean).toBeLessThan(2);
  });

  it('refuses damaged and cut-short streams with a CodecError', () => {
    const data = jpg('gray_restart.jpg');
    expect(() => decodeJpeg12(data.slice(0, data.length >> 1))).toThrow(CodecError);
    expect(() => decodeJpeg12(data.slice(2))).toThrow(/SOI/);
    // A progressive frame header (SOF2) is named, not misread.
    const progressive = data.slice();
    const sof = progressive.findIndex((b, i) => b === 0xff && progressive[i + 1] === 0xc0);
    progressive[sof + 1] = 0xc2;
    expect(() => decodeJpeg12(progressive)).toThrow(/progressive/);
  });
});
