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
});
