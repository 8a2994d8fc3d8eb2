// Every tag name the decoders show (the key tags of each real DICOM fixture, the identifying tags, the 16-bit
// PNG and TIFF ones) has a Chinese name in the clinical catalogue, and keeps its English one in English.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLanguage } from '../../shared/i18n';
import { IDENTIFYING_TAGS, decodeDicom } from './dicom';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/dicom');
const tagName = (label: string) => i18n.t(`clinical:tag.${label}`, { defaultValue: label });

describe('DICOM tag names in two languages', () => {
  afterEach(() => setLanguage('en'));

  it('names every key tag of the fixtures, every identifying tag, and the PNG/TIFF ones', async () => {
    const labels = new Set<string>(IDENTIFYING_TAGS.map(([, label]) => label));
    // core/image/clinical.ts: 16-bit PNG and TIFF
    for (const l of ['Format', 'Size', 'Bits', 'Compression', 'Pages']) labels.add(l);
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.dcm'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const img = await decodeDicom(new Uint8Array(fs.readFileSync(path.join(FIXTURES, f))), f).catch(() => null);
      for (const tag of img?.keyTags ?? []) labels.add(tag.label);
    }
    for (const l of ['Modality', 'Transfer syntax', 'Photometric interpretation', 'Pixel spacing']) expect(labels).toContain(l);
    setLanguage('en');
    for (const l of labels) expect(tagName(l)).toBe(l);
    setLanguage('zh');
    for (const l of labels) {
      expect(tagName(l), l).toMatch(/[\u4e00-\u9fff]/);
      expect(tagName(l).replace(/ID/g, ''), l).not.toMatch(/[A-Za-z]/);
    }
  });

  it('writes the key tags’ values in the studio’s language', async () => {
    const name = 'CT1_UNC.explicit_little_endian.dcm';
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
    const value = (img: Awaited<ReturnType<typeof decodeDicom>>, label: string) => img.keyTags.find((tag) => tag.label === label)?.value;
    setLanguage('en');
    const en = await decodeDicom(bytes, name);
    expect(value(en, 'Size')).toBe('512 x 512 pixels');
    expect(value(en, 'Bits')).toBe('16 stored of 16, signed');
    setLanguage('zh');
    const zh = await decodeDicom(bytes, name);
    expect(value(zh, 'Size')).toBe('512 × 512 像素');
    expect(value(zh, 'Bits')).toBe('16 位中存储 16 位，有符号');
    expect(value(zh, 'Pixel spacing')).toMatch(/^[\d.]+ × [\d.]+ 毫米（行 × 列）$/);
  });
});
