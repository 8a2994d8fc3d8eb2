// Help and glossary coverage: every training setting has a label and a help text in English and Chinese,
// every glossary term a name and a definition in both, and every term a help text links to exists.
import { describe, expect, it } from 'vitest';
import teach from '../../shared/i18n/teach';
import type { CatalogueTree } from '../../shared/i18n/catalogue';
import { GLOSSARY_TERMS, SETTING_HELP } from './help';

function at(tree: CatalogueTree, path: string): unknown {
  return path.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as CatalogueTree)[k] : undefined), tree);
}

// The settings the Train view offers, listed by hand from src/shared/training.ts's TrainingSettings.
const SETTINGS = ['inputSize', 'grayscale', 'resize', 'width', 'depth', 'epochs', 'batchSize', 'learningRate', 'validationFraction', 'seed', 'flip', 'rotateShift', 'brightnessContrast', 'earlyStopping', 'patience'];
const REQUIRED = ['epochs', 'batchSize', 'learningRate', 'validationFraction', 'flip', 'rotateShift', 'brightnessContrast', 'earlyStopping'];
const REQUIRED_TERMS = ['overfitting', 'underfitting', 'saliencyMap', 'superpixel', 'shapley', 'baseline', 'logit', 'attribution', 'gradCam', 'deletion'];

describe('help on training settings and the glossary', () => {
  it('covers every training setting', () => {
    expect(Object.keys(SETTING_HELP).sort()).toEqual([...SETTINGS].sort());
    for (const k of REQUIRED) expect(SETTINGS).toContain(k);
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`has a label and a help text for every setting in ${lang}`, () => {
      for (const k of SETTINGS) {
        const label = at(teach[lang], `settings.label.${k}`);
        const help = at(teach[lang], `settings.help.${k}`);
        expect(typeof label, `${lang} label ${k}`).toBe('string');
        expect(typeof help, `${lang} help ${k}`).toBe('string');
        expect((help as string).length).toBeGreaterThan(10);
      }
    });

    it(`defines every glossary term in ${lang}`, () => {
      for (const term of REQUIRED_TERMS) expect(GLOSSARY_TERMS as readonly string[]).toContain(term);
      for (const term of GLOSSARY_TERMS) {
        expect(typeof at(teach[lang], `glossary.term.${term}`), `${lang} ${term}`).toBe('string');
        expect((at(teach[lang], `glossary.def.${term}`) as string).length).toBeGreaterThan(15);
      }
    });
  }

  it('Chinese texts are Chinese, not copied English', () => {
    const han = /[\u4e00-\u9fff]/;
    for (const k of SETTINGS) expect(han.test(at(teach.zh, `settings.help.${k}`) as string), k).toBe(true);
    for (const term of GLOSSARY_TERMS) expect(han.test(at(teach.zh, `glossary.def.${term}`) as string), term).toBe(true);
  });

  it('links help texts only to terms the glossary defines', () => {
    for (const terms of Object.values(SETTING_HELP)) for (const term of terms) expect(GLOSSARY_TERMS).toContain(term);
    // the terms an educator needs from the settings are reachable from them
    const linked = new Set(Object.values(SETTING_HELP).flat());
    for (const term of ['overfitting', 'underfitting', 'validation', 'augmentation']) expect(linked.has(term as never)).toBe(true);
  });
});

describe('the teach catalogue', () => {
  const keys = (tree: CatalogueTree, prefix = ''): string[] =>
    Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
  it('has the same keys in English and Chinese, none empty', () => {
    expect(keys(teach.zh).sort()).toEqual(keys(teach.en).sort());
    for (const lang of ['en', 'zh'] as const) for (const k of keys(teach[lang])) expect((at(teach[lang], k) as string).trim().length, `${lang} ${k}`).toBeGreaterThan(0);
  });
  it('keeps the same placeholders in both languages', () => {
    const ph = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort().join(',');
    for (const k of keys(teach.en)) expect(ph(at(teach.zh, k) as string), k).toBe(ph(at(teach.en, k) as string));
  });
});
