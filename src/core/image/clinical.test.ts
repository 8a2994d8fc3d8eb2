// Recognising clinical and HEIF files by their first bytes, and the TIFF and training paths, in Node.

import { describe, expect, it } from 'vitest';
import { encode as encodePng } from 'fast-png';
import { ClinicalView, clinicalKind, openClinical } from './clinical';
import { decodeBlob } from './decode';
import { sniffImage } from './sniff';
import { dicomFile, imagePixel, pixelData } from './dicom/testWriter';
import { FSI, PDI } from '../../shared/names';
import { UserError } from '../../shared/errors';

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
/** An ISO BMFF box: 32-bit size, type, payload (ISO/IEC 14496-12 4.2). */
const box = (type: string, payload: number[]) => [...u32(8 + payload.length), ...ascii(type), ...payload];

/** A HEIF/AVIF file head: ftyp (major brand, compatible brands) and a meta box holding one ispe property. */
function heif(major: string, compatible: string[], width: number, height: number): Uint8Array {
  const ftyp = box('ftyp', [...ascii(major), 0, 0, 0, 0, ...compatible.flatMap(ascii)]);
  const ispe = box('ispe', [0, 0, 0, 0, ...u32(width), ...u32(height)]);
  const meta = box('meta', [0, 0, 0, 0, ...box('iprp', box('ipco', ispe))]);
  return new Uint8Array([...ftyp, ...meta, ...box('mdat', [1, 2, 3, 4])]);
}

/** A little-endian TIFF of one strip, written by hand (TIFF 6.0): `extra` entries appended (tag, SHORT, value). */
function tiff(width: number, height: number, bits: number, samples: number[], photometric: number, extra: [number, number][] = []): Uint8Array {
  const bytesPer = bits / 8;
  const strip = 8;
  const ifd = strip + samples.length * bytesPer + ((samples.length * bytesPer) % 2);
  const entries: [number, number, number][] = [
    [256, 3, width], [257, 3, height], [258, 3, bits], [259, 3, 1], [262, 3, photometric],
    [273, 4, strip], [277, 3, samples.length / (width * height)], [278, 3, height], [279, 4, samples.length * bytesPer],
    ...extra.map(([t, v]) => [t, 3, v] as [number, number, number]),
  ].sort((a, b) => a[0] - b[0]) as [number, number, number][];
  const out = new DataView(new ArrayBuffer(ifd + 2 + entries.length * 12 + 4));
  out.setUint16(0, 0x4949, true);
  out.setUint16(2, 42, true);
  out.setUint32(4, ifd, true);
  samples.forEach((v, i) => (bits === 8 ? out.setUint8(strip + i, v) : out.setUint16(strip + 2 * i, v, true)));
  out.setUint16(ifd, entries.length, true);
  entries.forEach(([tag, type, value], k) => {
    const at = ifd + 2 + 12 * k;
    out.setUint16(at, tag, true);
    out.setUint16(at + 2, type, true);
    out.setUint32(at + 4, 1, true);
    if (type === 3) out.setUint16(at + 8, value, true);
    else out.setUint32(at + 8, value, true);
  });
  return new Uint8Array(out.buffer);
}

describe('recognised by content', () => {
  it('AVIF (its size from ispe) and HEIC, by their ftyp brands', async () => {
    expect(await sniffImage(heif('avif', ['mif1', 'miaf'], 1200, 800))).toEqual({ kind: 'avif', width: 1200, height: 800 });
    expect((await sniffImage(heif('mif1', ['avif', 'miaf'], 10, 20))).kind).toBe('avif');
    expect((await sniffImage(heif('heic', ['mif1', 'heic'], 4032, 3024))).kind).toBe('heic');
    expect((await sniffImage(heif('mif1', ['heic'], 4032, 3024))).kind).toBe('heic');
  });

  it('DICOM with a TIFF header in its preamble, a bare data set, 16-bit grey PNG; not 8-bit or colour 16-bit PNG', async () => {
    const part10 = dicomFile([...imagePixel({ rows: 1, columns: 1 }), pixelData([5], 16)]);
    part10.set([0x49, 0x49, 0x2a, 0x00], 0); // dual-format files keep a TIFF header in the preamble
    expect(clinicalKind(part10)).toBe('dicom');
    expect((await sniffImage(part10)).kind).toBe('dicom');
    // As bare data sets start: with group 0008 (here Modality), implicit VR little endian.
    const bare = dicomFile([{ tag: 0x00080060, vr: 'CS', value: 'CT' }, ...imagePixel({ rows: 1, columns: 1 }), pixelData([5], 16)], { part10: false, transferSyntax: '1.2.840.10008.1.2' });
    expect(clinicalKind(bare)).toBe('dicom');
    expect((await sniffImage(bare)).kind).toBe('dicom');
    const grey16 = encodePng({ width: 2, height: 2, data: new Uint16Array(4), depth: 16, channels: 1 });
    const grey8 = encodePng({ width: 2, height: 2, data: new Uint8Array(4), depth: 8, channels: 1 });
    const rgb16 = encodePng({ width: 2, height: 2, data: new Uint16Array(12), depth: 16, channels: 3 });
    expect([clinicalKind(grey16), clinicalKind(grey8), clinicalKind(rgb16)]).toEqual(['png16', null, null]);
    expect(clinicalKind(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]))).toBeNull();
    expect(await openClinical(new Blob([grey8.slice()]), 'x.png')).toBeNull();
  });
});

describe('TIFF', () => {
  it('WhiteIsZero is shown inverted by default; 8-bit grey keeps its values', async () => {
    const src = await openClinical(new Blob([tiff(2, 1, 8, [10, 200], 0).slice()]), 'wiz.tif');
    const view = await ClinicalView.open(src!);
    expect(view.display.invert).toBe(true);
    // Full range 10..200 (centre 105.5, width 191): 10 -> 0 -> inverted 255; 200 -> 255 -> 0.
    expect(Array.from(view.rgba().data)).toEqual([255, 255, 255, 255, 0, 0, 0, 255]);
    expect(view.valueAt(1, 0)).toEqual([200]);
  });

  it('refuses separate planes by what they are', async () => {
    let e: unknown;
    try {
      await openClinical(new Blob([tiff(1, 1, 8, [1, 2, 3], 2, [[284, 2]]).slice()]), 'planes.tif');
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).title).toBe(`"${FSI}planes.tif${PDI}" is a kind of TIFF Glassbox cannot read`);
    expect((e as UserError).detail).toContain('in separate planes');
  });
});

describe('decodeBlob (the training path) windows clinical files', () => {
  it('gives the default windowed image of a DICOM', async () => {
    const file = dicomFile([...imagePixel({ rows: 1, columns: 3 }), { tag: 0x00281050, vr: 'DS', value: '100' }, { tag: 0x00281051, vr: 'DS', value: '101' }, pixelData([0, 100, 200], 16)]);
    const rgba = await decodeBlob(new Blob([file.slice()]), 'x.dcm', () => Promise.reject(new Error('not the browser')));
    // Window 100/101: lo = 49.5, hi = 149.5; 0 -> 0, 100 -> round(((100 - 99.5) / 100 + 0.5) * 255) = round(128.775) = 129, 200 -> 255.
    expect([rgba.data[0], rgba.data[4], rgba.data[8]]).toEqual([0, 129, 255]);
  });
});
