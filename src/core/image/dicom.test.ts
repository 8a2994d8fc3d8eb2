import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'fflate';
import { UserError } from '../../shared/errors';
import { FSI, PDI } from '../../shared/names';
import { decodeDicom, looksLikeDicom, windowToRgba, type DicomImage } from './dicom';
import { dicomFile, encapsulated, imagePixel, pixelData, type El } from './dicom/testWriter';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const FIXTURES = path.resolve(ROOT, '../shared/fixtures/dicom');
const TESTDATA = path.join(HERE, 'dicom/testdata');

const read = (file: string): Uint8Array => new Uint8Array(fs.readFileSync(file));
const fixture = (name: string) => read(path.join(FIXTURES, name));
const testdata = (name: string) => read(path.join(TESTDATA, name));

async function allFrames(img: DicomImage): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < img.frameCount; i++) {
    const v = await img.frame(i);
    for (let k = 0; k < v.length; k++) out.push(v[k]);
  }
  return out;
}

async function open(name: string, bytes = fixture(name)) {
  const img = await decodeDicom(bytes, name);
  return { img, values: await allFrames(img) };
}

/** The UserError a promise rejects with (failing the test if it resolves or throws something else). */
async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError, but it succeeded');
}

// ---- MANIFEST.tsv --------------------------------------------------------------------------------------

interface ManifestRow {
  file: string;
  transferSyntaxUid: string;
  modality: string;
  rows: number;
  cols: number;
  frames: number;
  spp: number;
  photometric: string;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  stats?: { min: number; max: number; sum: number; n: number; sha1: string };
}

/** "Explicit VR LE", "RLE Lossless (1.2.840.10008.1.2.5)", "JPEG-LS Lossless (…4.80)" to a UID. */
function uidOf(label: string): string {
  const full = /\((1\.2\.[\d.]+)\)/.exec(label);
  if (full) return full[1];
  const tail = /\(…(4\.\d+)\)/.exec(label);
  if (tail) return `1.2.840.10008.1.2.${tail[1]}`;
  if (label === 'Explicit VR LE') return '1.2.840.10008.1.2.1';
  throw new Error(`MANIFEST.tsv: unknown transfer syntax label ${label}`);
}

function manifest(): ManifestRow[] {
  const lines = fs.readFileSync(path.join(FIXTURES, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  return lines.slice(1).map((line) => {
    const c = line.split('\t');
    const [rows, cols] = c[4].split('x').map(Number);
    const [bitsAllocated, bitsStored] = c[8].split('/').map(Number);
    const m = /min=(-?\d+) max=(-?\d+) sum=(-?\d+) n=(\d+) sha1\(pixels\)=([0-9a-f]+)/.exec(c[10] ?? '');
    return {
      file: c[0],
      transferSyntaxUid: uidOf(c[2]),
      modality: c[3],
      rows,
      cols,
      frames: Number(c[5]),
      spp: Number(c[6]),
      photometric: c[7],
      bitsAllocated,
      bitsStored,
      signed: c[9] === '1',
      stats: m ? { min: Number(m[1]), max: Number(m[2]), sum: Number(m[3]), n: Number(m[4]), sha1: m[5] } : undefined,
    };
  });
}

/**
 * The manifest's statistics run over the Pixel Data element as stored: little-endian words of Bits Allocated,
 * padded to an even length with a zero byte (PS3.5 7.1.1), which is why SC_rgb_small_odd (27 samples) has
 * n = 28 and min = 0 (checked by hand with pydicom: sha1 of ds.PixelData). So rebuild those bytes from the
 * decoded stored values.
 */
function storedBytes(values: number[], bitsAllocated: number): Uint8Array {
  const width = bitsAllocated / 8;
  const len = values.length * width;
  const bytes = new Uint8Array(len + (len % 2));
  const dv = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    if (width === 1) dv.setUint8(i, v & 0xff);
    else dv.setUint16(i * 2, v & 0xffff, true);
  });
  return bytes;
}

function statsOf(bytes: Uint8Array, bitsAllocated: number, signed: boolean) {
  const dv = new DataView(bytes.buffer);
  const n = bytes.length / (bitsAllocated / 8);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = bitsAllocated === 8 ? (signed ? dv.getInt8(i) : dv.getUint8(i)) : signed ? dv.getInt16(i * 2, true) : dv.getUint16(i * 2, true);
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { min, max, sum, n, sha1: createHash('sha1').update(bytes).digest('hex') };
}

describe('decodeDicom on ../shared/fixtures/dicom', () => {
  const rows = manifest();

  it('the manifest lists every .dcm file in the folder', () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.dcm')).sort();
    expect(rows.map((r) => r.file).sort()).toEqual(files);
  });

  for (const row of rows) {
    it(`${row.file}: size, frames, photometric${row.stats ? ' and stored values' : ''} as the manifest says`, async () => {
      const { img, values } = await open(row.file);
      expect(img).toMatchObject({
        width: row.cols,
        height: row.rows,
        frameCount: row.frames,
        samplesPerPixel: row.spp,
        photometric: row.photometric,
        bitsStored: row.bitsStored,
        signed: row.signed,
        modality: row.modality,
        transferSyntaxUid: row.transferSyntaxUid,
      });
      expect(values.length).toBe(row.rows * row.cols * row.spp * row.frames);
      if (row.stats) {
        const s = statsOf(storedBytes(values, row.bitsAllocated), row.bitsAllocated, row.signed);
        expect({ ...s, sha1: s.sha1.slice(0, row.stats.sha1.length) }).toEqual(row.stats);
      }
    });
  }
});

describe('decodeDicom: compressed files decode to the uncompressed original', () => {
  it('MR_small_RLE and MR_small_jpeg_ls_lossless equal MR_small pixel for pixel', async () => {
    const ref = (await open('MR_small.dcm')).values;
    expect((await open('MR_small_RLE.dcm')).values).toEqual(ref);
    expect((await open('MR_small_jpeg_ls_lossless.dcm')).values).toEqual(ref);
  });

  it('MR_small re-encoded by DCMTK and GDCM (big endian, deflate, JPEG lossless, JPEG 2000) equals MR_small', async () => {
    const ref = await open('MR_small.dcm');
    for (const f of ['MR_small_big_endian.dcm', 'MR_small_deflate.dcm', 'MR_small_jpeg_lossless_sv1.dcm', 'MR_small_j2k_lossless.dcm']) {
      const { img, values } = await open(f, testdata(f));
      expect(values, f).toEqual(ref.values);
      expect(img.signed, f).toBe(true);
      expect(img.windows, f).toEqual([{ center: 600, width: 1600 }]);
    }
  });

  it('High-Throughput JPEG 2000 (an OpenJPH-encoded MR_small in a file built here, 1.2.840.10008.1.2.4.201) equals MR_small', async () => {
    const ref = (await open('MR_small.dcm')).values;
    const htj2k = testdata('MR_small_htj2k_lossless.j2c');
    const file = dicomFile(imagePixel({ rows: 64, columns: 64, signed: true }), { transferSyntax: '1.2.840.10008.1.2.4.201', tail: encapsulated([htj2k]) });
    expect((await open('htj2k', file)).values).toEqual(ref);
  });

  it('SC_rgb in JPEG lossless, JPEG-LS and JPEG 2000 equals SC_rgb; both frames of SC_rgb_rle_2frame are SC_rgb and its negative', async () => {
    const ref = (await open('SC_rgb.dcm')).values;
    for (const f of ['SC_rgb_jpeg_lossless_sv1.dcm', 'SC_rgb_jpeg_ls_lossless.dcm', 'SC_rgb_j2k_lossless.dcm']) {
      expect((await open(f, testdata(f))).values, f).toEqual(ref);
    }
    // pydicom 2.3.1 decodes the second frame as 255 minus the first.
    const rle = await decodeDicom(fixture('SC_rgb_rle_2frame.dcm'));
    expect(Array.from(await rle.frame(0))).toEqual(ref);
    expect(Array.from(await rle.frame(1))).toEqual(ref.map((v) => 255 - v));
  });

  it('a fragmented multi-frame JPEG lossless file, with and without a Basic Offset Table, gives each frame of the original', async () => {
    const ref = await decodeDicom(fixture('emri_small.dcm'));
    for (const f of ['emri_3frames_jpeg_lossless_fragmented_bot.dcm', 'emri_3frames_jpeg_lossless_fragmented_nobot.dcm']) {
      const img = await decodeDicom(testdata(f), f);
      expect(img.frameCount).toBe(3);
      // Frames out of order, to show each is found on its own.
      for (const i of [2, 0, 1]) expect(Array.from(await img.frame(i)), `${f} frame ${i}`).toEqual(Array.from(await ref.frame(i)));
    }
  });

  it('JPGLosslessP14SV1 (8-bit, 768x1024) gives the values pydicom 2.3.1 + GDCM 3.0.21 give', async () => {
    const { values } = await open('JPGLosslessP14SV1_1s_1f_8b.dcm');
    // By hand: ds.pixel_array -> min 0, max 255, sum 13572107, sha1 of its bytes 10ce20ef14fb...
    expect(statsOf(storedBytes(values, 8), 8, false)).toMatchObject({ min: 0, max: 255, sum: 13572107, n: 786432 });
    expect(statsOf(storedBytes(values, 8), 8, false).sha1.slice(0, 12)).toBe('10ce20ef14fb');
  });
});

describe('decodeDicom: lossy JPEG decodes to plausible RGB', () => {
  it('SC_rgb_jpeg_dcmtk (YBR_FULL JPEG baseline) is SC_rgb within JPEG loss', async () => {
    const ref = (await open('SC_rgb.dcm')).values;
    const { img, values } = await open('SC_rgb_jpeg_dcmtk.dcm');
    expect(img.photometric).toBe('YBR_FULL');
    let total = 0;
    let worst = 0;
    for (let i = 0; i < ref.length; i++) {
      const d = Math.abs(values[i] - ref[i]);
      total += d;
      worst = Math.max(worst, d);
    }
    // Left as YCbCr (not converted) the mean error would be about 100; a channel swap about 85.
    expect(total / ref.length).toBeLessThan(3);
    expect(worst).toBeLessThan(64);
  });

  it('IM00001 (8 frames of YBR_FULL JPEG baseline in 44 fragments, no offset table) matches GDCM frame by frame', async () => {
    const img = await decodeDicom(fixture('IM00001.fragmented_no_bot_jpeg_baseline.50.dcm'));
    // pydicom 2.3.1 + GDCM 3.0.21, then pydicom's convert_color_space(YBR_FULL -> RGB), by hand:
    const gdcmSums = [12978922, 13772227, 12717182, 12657461, 11334637, 10771502, 9905058, 11501893];
    for (let i = 0; i < 8; i++) {
      const v = await img.frame(i);
      let sum = 0;
      for (let k = 0; k < v.length; k++) sum += v[k];
      // Two IDCT/upsampling implementations: within 0.01% per frame (a wrong frame differs by several %).
      expect(Math.abs(sum - gdcmSums[i]), `frame ${i}`).toBeLessThan(gdcmSums[i] * 1e-4);
    }
    const px = async (frame: number, row: number, col: number) => Array.from(await img.frame(frame)).slice((row * 320 + col) * 3, (row * 320 + col) * 3 + 3);
    const near = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]) <= 2);
    expect(near(await px(0, 100, 100), [5, 5, 5])).toBe(true);
    expect(near(await px(0, 120, 160), [240, 151, 9])).toBe(true);
    expect(near(await px(3, 50, 50), [53, 53, 53])).toBe(true);
  });

  it('a 12-bit JPEG extended (process 4) frame equals what IJG 12-bit (dcmdjpeg) decodes, within 1', async () => {
    const { img, values } = await open('MR_small_12bit_jpeg_extended.dcm', testdata('MR_small_12bit_jpeg_extended.dcm'));
    expect(img).toMatchObject({ transferSyntaxUid: '1.2.840.10008.1.2.4.51', bitsStored: 12, signed: false });
    const ref = (await open('ref', testdata('MR_small_12bit_jpeg_extended.dcmdjpeg.dcm'))).values;
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(values[i] - ref[i]));
    expect(worst).toBeLessThanOrEqual(1);
  });
});

// ---- Files built in code -------------------------------------------------------------------------------

const MR = (): El[] => [{ tag: 0x00080060, vr: 'CS', value: 'MR' }];

describe('decodeDicom: layouts built in code', () => {
  const signed16 = [-5, 0, 7, 1000, -32768, 32767, 1, 2, 3, 4, 5, 6];
  const els = (): El[] => [...MR(), ...imagePixel({ rows: 3, columns: 4, signed: true }), pixelData(signed16, 16)];

  it('reads a data set with no preamble and no file meta as implicit VR little endian', async () => {
    const bytes = dicomFile(els(), { part10: false, explicit: false });
    expect(looksLikeDicom(bytes)).toBe(true);
    const img = await decodeDicom(bytes, 'bare');
    expect(img).toMatchObject({ width: 4, height: 3, modality: 'MR', signed: true, transferSyntaxUid: '1.2.840.10008.1.2' });
    expect(Array.from(await img.frame(0))).toEqual(signed16);
  });

  it('reads a bare explicit VR data set, and file meta with no preamble', async () => {
    const explicit = dicomFile(els(), { part10: false, explicit: true });
    expect(Array.from(await (await decodeDicom(explicit)).frame(0))).toEqual(signed16);
    const noPreamble = dicomFile(els()).slice(132);
    expect(looksLikeDicom(noPreamble)).toBe(true);
    expect(Array.from(await (await decodeDicom(noPreamble)).frame(0))).toEqual(signed16);
  });

  it('reads a deflated data set built with fflate', async () => {
    const plain = dicomFile(els(), { transferSyntax: '1.2.840.10008.1.2.1.99' });
    // Deflate everything after the file meta (PS3.5 A.5): find where the meta group ends.
    const metaLength = new DataView(plain.buffer).getUint32(132 + 8, true);
    const start = 132 + 12 + metaLength;
    const deflated = new Uint8Array([...plain.subarray(0, start), ...deflateSync(plain.subarray(start))]);
    expect(Array.from(await (await decodeDicom(deflated)).frame(0))).toEqual(signed16);
  });

  it('keeps only Bits Stored: masks unsigned values and extends the sign of signed ones', async () => {
    // High bits set above bit 11 (old files kept overlays there).
    const raw = [0xf000 | 4095, 0x1000, 0xa000 | 2048];
    const u = await decodeDicom(dicomFile([...imagePixel({ rows: 1, columns: 3, bitsStored: 12 }), pixelData(raw, 16)]));
    expect(Array.from(await u.frame(0))).toEqual([4095, 0, 2048]);
    // Signed 12-bit: 0x800 is -2048, 0xFFF is -1, 0x7FF is 2047.
    const s = await decodeDicom(dicomFile([...imagePixel({ rows: 1, columns: 3, bitsStored: 12, signed: true }), pixelData([0xa800, 0x0fff, 0xf7ff], 16)]));
    expect(Array.from(await s.frame(0))).toEqual([-2048, -1, 2047]);
  });

  it('gives each frame of a native multi-frame image, and refuses a frame that is not there', async () => {
    const img = await decodeDicom(dicomFile([...imagePixel({ rows: 1, columns: 2, bitsAllocated: 8, frames: 3 }), pixelData([1, 2, 3, 4, 5, 6], 8)]), 'three.dcm');
    expect(img.frameCount).toBe(3);
    expect(Array.from(await img.frame(2))).toEqual([5, 6]);
    expect(Array.from(await img.frame(0))).toEqual([1, 2]);
    const e = await userError(img.frame(3));
    expect(e.title).toContain('three.dcm');
  });

  it('reads 8-bit samples in a big-endian OW element (each 16-bit word byte-swapped, PS3.5 A.2)', async () => {
    // Samples 1 2 3 4 are stored as the words 0x0102, 0x0304 written big endian: 02 01 04 03 read little endian.
    const ow: El = { tag: 0x7fe00010, vr: 'OW', value: new Uint8Array([2, 1, 4, 3]) };
    const img = await decodeDicom(dicomFile([...imagePixel({ rows: 2, columns: 2, bitsAllocated: 8 }), ow], { transferSyntax: '1.2.840.10008.1.2.2' }));
    expect(Array.from(await img.frame(0))).toEqual([1, 2, 3, 4]);
  });

  it('unpacks 1-bit samples, least significant bit first, with frames not on byte boundaries (PS3.5 8.1.1)', async () => {
    // Two 3x3 frames = 18 bits: frame 0 = 1 0 1 / 0 1 0 / 1 0 1, frame 1 = all ones.
    // Bits 0-7: 1,0,1,0,1,0,1,0 -> 0x55; bits 8-15: 1 (last of frame 0), then seven ones -> 0xFF; bits 16-17: 1,1 -> 0x03.
    const bits: El = { tag: 0x7fe00010, vr: 'OB', value: new Uint8Array([0x55, 0xff, 0x03, 0x00]) };
    const img = await decodeDicom(dicomFile([...imagePixel({ rows: 3, columns: 3, bitsAllocated: 1, frames: 2 }), bits]));
    expect(Array.from(await img.frame(0))).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(Array.from(await img.frame(1))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('interleaves planar RGB (Planar Configuration 1)', async () => {
    const img = await decodeDicom(dicomFile([...imagePixel({ rows: 1, columns: 2, samplesPerPixel: 3, bitsAllocated: 8, planar: 1 }), pixelData([10, 11, 20, 21, 30, 31], 8)]));
    expect(Array.from(await img.frame(0))).toEqual([10, 20, 30, 11, 21, 31]);
  });

  it('converts native YBR_FULL to RGB (PS3.3 C.7.6.3.1.2), by hand', async () => {
    // Y=128, Cb=128, Cr=255: R = 128 + 1.402*127 = 306 -> 255, G = 128 - 0.714136*127 = 37.3 -> 37, B = 128.
    // Y=100, Cb=50, Cr=200: R = 100 + 1.402*72 = 200.9 -> 201, G = 100 + 0.344136*78 - 0.714136*72 = 75.4 -> 75,
    //   B = 100 - 1.772*78 = -38.2 -> 0.
    const img = await decodeDicom(dicomFile([...imagePixel({ rows: 1, columns: 2, samplesPerPixel: 3, bitsAllocated: 8, photometric: 'YBR_FULL' }), pixelData([128, 128, 255, 100, 50, 200], 8)]));
    expect(Array.from(await img.frame(0))).toEqual([255, 37, 128, 201, 75, 0]);
  });

  it('expands native YBR_FULL_422 (Y1 Y2 Cb Cr per pair of pixels) to RGB, odd width included', async () => {
    // Pair 1: Y 100, 110 with Cb 50, Cr 200 -> (201, 75, 0) and (211, 85, 0) [110 + 100.9, 110 + 26.8 - 51.4, <0].
    // Pair 2 (one pixel, the last column): Y 128, Cb 128, Cr 128 -> grey 128.
    const img = await decodeDicom(dicomFile([...imagePixel({ rows: 1, columns: 3, samplesPerPixel: 3, bitsAllocated: 8, photometric: 'YBR_FULL_422' }), pixelData([100, 110, 50, 200, 128, 0, 128, 128], 8)]));
    expect(img.samplesPerPixel).toBe(3);
    expect(Array.from(await img.frame(0))).toEqual([201, 75, 0, 211, 85, 0, 128, 128, 128]);
  });

  it('expands PALETTE COLOR through its lookup tables, clamping indices outside them', async () => {
    // 4 entries from index 10, 16-bit: shown as their top byte.
    const lut = (tag: number, entries: number[]): El[] => [
      { tag: 0x00281101 + tag, vr: 'US', value: [4, 10, 16] },
      { tag: 0x00281201 + tag, vr: 'OW', value: new Uint8Array(new Uint16Array(entries).buffer) },
    ];
    const img = await decodeDicom(
      dicomFile([
        ...imagePixel({ rows: 1, columns: 5, bitsAllocated: 8, photometric: 'PALETTE COLOR' }),
        ...lut(0, [0x0000, 0x4000, 0x8000, 0xffff]),
        ...lut(1, [0x0100, 0x0200, 0x0300, 0x0400]),
        ...lut(2, [0xff00, 0xfe00, 0xfd00, 0xfc00]),
        pixelData([5, 10, 11, 13, 200], 8),
      ]),
    );
    expect(img).toMatchObject({ samplesPerPixel: 3, bitsStored: 8, photometric: 'PALETTE COLOR' });
    // Index 5 is below the first mapped (10): entry 0; 200 is past the end: entry 3.
    expect(Array.from(await img.frame(0))).toEqual([0, 1, 255, 0, 1, 255, 0x40, 2, 254, 0xff, 4, 252, 0xff, 4, 252]);
    const rgba = windowToRgba(img, await img.frame(0));
    expect(Array.from(rgba.data.slice(8, 12))).toEqual([0x40, 2, 254, 255]);
  });

  it('reads rescale and every window from the file, and from the shared functional groups of an enhanced image', async () => {
    const top = await decodeDicom(
      dicomFile([
        ...imagePixel({ rows: 1, columns: 1 }),
        { tag: 0x00281050, vr: 'DS', value: '40\\-600' },
        { tag: 0x00281051, vr: 'DS', value: '400\\1500' },
        { tag: 0x00281052, vr: 'DS', value: '-1024' },
        { tag: 0x00281053, vr: 'DS', value: '1' },
        pixelData([0], 16),
      ]),
    );
    expect(top).toMatchObject({ rescaleSlope: 1, rescaleIntercept: -1024, windows: [{ center: 40, width: 400 }, { center: -600, width: 1500 }] });
    const shared = await decodeDicom(
      dicomFile([
        ...imagePixel({ rows: 1, columns: 1, frames: 1 }),
        {
          tag: 0x52009229,
          vr: 'SQ',
          value: [
            [
              { tag: 0x00289132, vr: 'SQ', value: [[{ tag: 0x00281050, vr: 'DS', value: '50' }, { tag: 0x00281051, vr: 'DS', value: '350' }]] },
              { tag: 0x00289145, vr: 'SQ', value: [[{ tag: 0x00281052, vr: 'DS', value: '-1000' }, { tag: 0x00281053, vr: 'DS', value: '2' }]] },
            ],
          ],
        },
        pixelData([0], 16),
      ]),
    );
    expect(shared).toMatchObject({ rescaleSlope: 2, rescaleIntercept: -1000, windows: [{ center: 50, width: 350 }] });
  });

  it('splits uncompressed frames kept in fragments (Encapsulated Uncompressed, 1.2.840.10008.1.2.1.98)', async () => {
    const frag = (v: number[]) => new Uint8Array(new Uint16Array(v).buffer);
    const bytes = dicomFile(imagePixel({ rows: 1, columns: 2, frames: 2 }), { transferSyntax: '1.2.840.10008.1.2.1.98', tail: encapsulated([frag([1, 2]), frag([300, 400])]) });
    const img = await decodeDicom(bytes);
    expect(Array.from(await img.frame(1))).toEqual([300, 400]);
  });
});

// ---- Bad input -----------------------------------------------------------------------------------------

describe('decodeDicom: bad input is a UserError naming the file and what is wrong', () => {
  it('a file that is not DICOM', async () => {
    const e = await userError(decodeDicom(new TextEncoder().encode('name,age\nAda,36\n'.repeat(20)), 'patients.csv'));
    expect(e.title).toBe(`"${FSI}patients.csv${PDI}" is not a DICOM file`);
    expect(looksLikeDicom(new TextEncoder().encode('hello world, not dicom'))).toBe(false);
  });

  it('pixel data cut short: a truncated native file, a truncated RLE file, and an element shorter than its image', async () => {
    const native = await userError(decodeDicom(fixture('MR_small.dcm').slice(0, 9000), 'MR_small.dcm'));
    expect(native.title).toBe(`"${FSI}MR_small.dcm${PDI}" is cut short`);
    // MR_small's pixel data starts at byte 1500 (dcmdump: 126 bytes of Data Set Trailing Padding follow it),
    // so 7500 of its 8192 bytes are left.
    expect(native.detail).toMatch(/1 frame of 64 x 64 \(8192 bytes\), but the file ends after 7500 bytes/);
    const rle = await userError(decodeDicom(fixture('MR_small_RLE.dcm').slice(0, 7000), 'MR_small_RLE.dcm'));
    expect(rle.title).toBe(`"${FSI}MR_small_RLE.dcm${PDI}" is cut short`);
    const short = await userError(decodeDicom(dicomFile([...imagePixel({ rows: 4, columns: 4 }), pixelData([1, 2, 3], 16)]), 'short.dcm'));
    expect(short.title).toBe(`"${FSI}short.dcm${PDI}" is cut short`);
    expect(short.detail).toContain('(32 bytes), but holds 6');
    for (const cut of [600, 300]) {
      // 600: inside the data set; 300: inside the file meta.
      const header = await userError(decodeDicom(fixture('CT_small.dcm').slice(0, cut), 'CT_small.dcm'));
      expect(header.title).toBe(`"${FSI}CT_small.dcm${PDI}" is cut short`);
      expect(header.detail).toContain('inside its header');
    }
  });

  it('an unsupported transfer syntax, named', async () => {
    const mpeg = await userError(decodeDicom(dicomFile([...imagePixel({ rows: 2, columns: 2 })], { transferSyntax: '1.2.840.10008.1.2.4.100', tail: encapsulated([new Uint8Array([0, 0, 1, 0xb3])]) }), 'echo.dcm'));
    expect(mpeg.title).toContain(`"${FSI}echo.dcm${PDI}"`);
    expect(mpeg.detail).toContain('MPEG-2 Main Profile video (1.2.840.10008.1.2.4.100)');
    expect(mpeg.action).toContain('still frames');
    const unknown = await userError(decodeDicom(dicomFile([...imagePixel({ rows: 1, columns: 1 }), pixelData([0], 16)], { transferSyntax: '1.2.3.4.999' }), 'odd.dcm'));
    expect(unknown.detail).toContain('one Glassbox does not know (1.2.3.4.999)');
  });

  it('an object with no pixel data (a structured report)', async () => {
    const sr = dicomFile([
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.88.33' },
      { tag: 0x00080060, vr: 'CS', value: 'SR' },
      { tag: 0x0040a040, vr: 'CS', value: 'CONTAINER' },
    ]);
    const e = await userError(decodeDicom(sr, 'report.dcm'));
    expect(e.title).toBe(`"${FSI}report.dcm${PDI}" holds no image`);
    expect(e.detail).toBe('It is a DICOM structured report (SR) (modality SR) with no pixel data.');
  });

  it('a corrupt JPEG lossless fragment: cut in half, or with bytes overwritten, is refused rather than shown as garbage', async () => {
    // The real 768x1024 JPEG lossless stream of JPGLosslessP14SV1, damaged, in a file built around it.
    const src = fixture('JPGLosslessP14SV1_1s_1f_8b.dcm');
    const soi = src.findIndex((b, i) => b === 0xff && src[i + 1] === 0xd8 && src[i + 2] === 0xff);
    const stream = src.slice(soi, src.length - 8); // up to the sequence delimiter
    const damaged = {
      half: stream.slice(0, stream.length >> 1),
      overwritten: stream.map((b, i) => (i >= 50000 && i < 50010 ? 0xff : b)),
      zeroed: stream.map((b, i) => (i >= 50000 && i < 60000 ? 0 : b)),
    };
    for (const [how, bytes] of Object.entries(damaged)) {
      const file = dicomFile(imagePixel({ rows: 768, columns: 1024, bitsAllocated: 8 }), { transferSyntax: '1.2.840.10008.1.2.4.70', tail: encapsulated([bytes]) });
      const img = await decodeDicom(file, 'us.dcm');
      const e = await userError(img.frame(0));
      expect(e.title, how).toBe(`"${FSI}us.dcm${PDI}" could not be decoded`);
      expect(e.detail, how).toMatch(/^Frame 1 of 1: its JPEG Lossless SV1 .* data is corrupt or cut short/);
    }
    // The undamaged stream in the same wrapping decodes (so it is the damage that is refused).
    const whole = dicomFile(imagePixel({ rows: 768, columns: 1024, bitsAllocated: 8 }), { transferSyntax: '1.2.840.10008.1.2.4.70', tail: encapsulated([stream]) });
    const ok = await (await decodeDicom(whole)).frame(0);
    expect(ok.length).toBe(768 * 1024);
  });

  it('fragments that cannot be split into the frames the header declares', async () => {
    const noSoi = new Uint8Array([1, 2, 3, 4]);
    const e = await userError(decodeDicom(dicomFile(imagePixel({ rows: 2, columns: 2, frames: 3 }), { transferSyntax: '1.2.840.10008.1.2.4.70', tail: encapsulated([noSoi, noSoi]) }), 'x.dcm'));
    expect(e.title).toBe(`"${FSI}x.dcm${PDI}" could not be decoded`);
    expect(e.detail).toContain('2 fragments (no Basic Offset Table) could not be split into the 3 frames');
  });

  it('header values no image can have', async () => {
    const e = await userError(decodeDicom(dicomFile([...imagePixel({ rows: 1, columns: 1, bitsAllocated: 24 }), pixelData([0, 0, 0], 8)]), 'h.dcm'));
    expect(e.detail).toContain('Bits Allocated is 24');
  });
});
