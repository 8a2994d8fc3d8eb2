import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { decodeBlob, decodePlan, type DecodePlan, type Rasterise } from './decode';
import { UserError } from '../../shared/errors';
import { gifWithFrames, jpegWithApps, setJpegSize } from '../testing/imageFiles';

const FSI = '\u2068';
const PDI = '\u2069';

/** A decoder that records what it was asked and returns a 1 x 1 image: proves whether a decode happened. */
function recorder() {
  const calls: DecodePlan[] = [];
  const rasterise: Rasterise = async (_blob, plan) => {
    calls.push(plan);
    return { width: 1, height: 1, data: new Uint8ClampedArray(4) };
  };
  return { calls, rasterise };
}

async function refusal(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

const baseJpeg = new Uint8Array(jpeg.encode({ width: 16, height: 8, data: Buffer.alloc(16 * 8 * 4, 90) }, 80).data);

/** A JPEG claiming width x height whose frame header sits behind 200 KB of APP1/APP2 metadata. */
function jpegBehindMetadata(width: number, height: number): Blob {
  return new Blob([jpegWithApps(setJpegSize(baseJpeg, width, height), 200_000, { decoy: { width: 160, height: 120 } })]);
}

describe('decodeBlob refuses before decoding', () => {
  it.each([
    [12000, 9000, '108'],
    [16000, 16000, '256'],
    [20000, 20000, '400'],
  ])('a %i x %i JPEG whose frame header is behind 200 KB of metadata', async (w, h, mp) => {
    const r = recorder();
    const e = await refusal(decodeBlob(jpegBehindMetadata(w, h), 'scan.jpg', r.rasterise));
    expect(e.title).toBe(`"${FSI}scan.jpg${PDI}" is too large`);
    expect(e.detail).toBe(`It is ${w} x ${h} pixels (${mp} megapixels); Glassbox accepts up to 80 megapixels.`);
    expect(r.calls).toEqual([]);
  });

  it('a GIF whose frame (9000 x 9000) is far larger than its 100 x 100 logical screen', async () => {
    const r = recorder();
    const gif = gifWithFrames({ width: 100, height: 100 }, [{ left: 0, top: 0, width: 9000, height: 9000 }]);
    const e = await refusal(decodeBlob(new Blob([gif]), 'anim.gif', r.rasterise));
    expect(e.detail).toContain('9000 x 9000 pixels (81 megapixels)');
    // and one whose first frame fits but a later frame reaches 9000 x 9000: the frames count too
    const later = gifWithFrames({ width: 100, height: 100 }, [{ left: 0, top: 0, width: 50, height: 50 }, { left: 0, top: 0, width: 9000, height: 9000 }]);
    const e2 = await refusal(decodeBlob(new Blob([later]), 'anim.gif', r.rasterise));
    expect(e2.detail).toBe('It is 100 x 100 pixels and its frames reach 9000 x 9000 (81 megapixels); Glassbox accepts up to 80 megapixels.');
    expect(r.calls).toEqual([]);
  });

  it('files that are not images, a DICOM and a TIFF cut short, HEIC, and a PNG cut before its size, each with its own message', async () => {
    const r = recorder();
    const dicom = new Uint8Array(200);
    dicom.set([0x44, 0x49, 0x43, 0x4d], 128);
    const png = new Uint8Array(PNG.sync.write(new PNG({ width: 4, height: 4 }))).subarray(0, 20);
    const cases: [Uint8Array, string][] = [
      [new TextEncoder().encode('not a picture at all'), `"${FSI}a${PDI}" is not an image Glassbox can read`],
      [new Uint8Array(0), `"${FSI}a${PDI}" is empty`],
      [dicom, `"${FSI}a${PDI}" is cut short`],
      [new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]), `"${FSI}a${PDI}" could not be decoded`],
      // An iPhone photo: 'ftyp' box, major brand heic (ISO/IEC 23008-12).
      [new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0, 0x6d, 0x69, 0x66, 0x31, 0x68, 0x65, 0x69, 0x63]), `"${FSI}a${PDI}" is a HEIC photo`],
      [png, `"${FSI}a${PDI}" could not be decoded`],
    ];
    for (const [bytes, title] of cases) expect((await refusal(decodeBlob(new Blob([bytes.slice()]), 'a', r.rasterise))).title).toBe(title);
    expect(r.calls).toEqual([]);
  });
});

describe('decodeBlob decodes what it accepts at most MAX_KEPT_SIDE (2048) on the longest side', () => {
  it('an 8000 x 6000 JPEG (48 MP) behind metadata is decoded resized to 2048 wide', async () => {
    const r = recorder();
    await decodeBlob(jpegBehindMetadata(8000, 6000), 'big.jpg', r.rasterise);
    expect(r.calls).toEqual([{ resizeWidth: 2048 }]);
  });

  it('a GIF with a 4000 x 4000 frame on a 100 x 100 screen is capped too (the screen alone would not be)', async () => {
    const r = recorder();
    await decodeBlob(new Blob([gifWithFrames({ width: 100, height: 100 }, [{ left: 0, top: 0, width: 4000, height: 4000 }])]), 'g.gif', r.rasterise);
    await decodeBlob(new Blob([gifWithFrames({ width: 100, height: 100 }, [{ left: 0, top: 0, width: 1000, height: 3000 }])]), 'tall.gif', r.rasterise);
    // a later frame that outgrows the screen is clipped by the browser: no resize asked (it would upscale)
    await decodeBlob(new Blob([gifWithFrames({ width: 100, height: 100 }, [{ left: 0, top: 0, width: 100, height: 100 }, { left: 0, top: 0, width: 3000, height: 3000 }])]), 'later.gif', r.rasterise);
    expect(r.calls).toEqual([{ resizeWidth: 2048 }, { resizeHeight: 2048 }, {}]);
  });

  it('a small PNG is decoded as it is', async () => {
    const r = recorder();
    const png = new Uint8Array(PNG.sync.write(new PNG({ width: 300, height: 200 })));
    expect(await decodeBlob(new Blob([png]), 'p.png', r.rasterise)).toEqual({ width: 1, height: 1, data: new Uint8ClampedArray(4) });
    expect(r.calls).toEqual([{}]);
  });

  it('decodePlan resizes only the longest side, and only past 2048', () => {
    expect(decodePlan(2048, 1000)).toEqual({});
    expect(decodePlan(2049, 1000)).toEqual({ resizeWidth: 2048 });
    expect(decodePlan(1000, 2049)).toEqual({ resizeHeight: 2048 });
    expect(decodePlan(5000, 5000)).toEqual({ resizeWidth: 2048 });
  });
});
