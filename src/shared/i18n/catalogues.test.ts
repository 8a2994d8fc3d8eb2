// Every catalogue speaks both languages alike: the same keys in en and zh (plural forms aside: Chinese has
// only the _other form, English _one and _other), the same {{placeholders}} and the same <tags> (Trans
// components) in both, and no empty string. Plus the language helpers of index.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACES, detectLanguage, i18n, setLanguage, t, currentLanguage, type Namespace } from './index';
import type { CatalogueTree } from './catalogue';
import { LANGUAGE_KEY, isGlassboxStore } from '../storeNames';
import { formatNumber, formatProbability } from '../readable';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: CatalogueTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Keys with their plural suffixes removed, each with the union of its forms' placeholders and tags. */
function shape(tree: CatalogueTree): Map<string, { forms: Set<string>; vars: Set<string> }> {
  const out = new Map<string, { forms: Set<string>; vars: Set<string> }>();
  for (const [key, value] of flatten(tree)) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const e = out.get(base) ?? { forms: new Set<string>(), vars: new Set<string>() };
    e.forms.add(m ? m[1] : '');
    for (const v of value.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)) e.vars.add(`{{${v[1]}}}`);
    for (const v of value.matchAll(/<\/?(\w+)\s*\/?>/g)) e.vars.add(`<${v[1]}>`);
    out.set(base, e);
  }
  return out;
}

describe('catalogues', () => {
  for (const ns of Object.keys(NAMESPACES) as Namespace[]) {
    it(`${ns}: en and zh have the same keys, placeholders and tags, and no empty text`, () => {
      const cat = NAMESPACES[ns] as unknown as { en: CatalogueTree; zh: CatalogueTree };
      const en = shape(cat.en);
      const zh = shape(cat.zh);
      expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [key, e] of en) {
        const z = zh.get(key)!;
        expect([...z.vars].sort(), `${ns}:${key}`).toEqual([...e.vars].sort());
        // A plural in English is a plural in Chinese: the one form Chinese has is _other.
        if (e.forms.has('other')) expect(z.forms.has('other'), `${ns}:${key}_other`).toBe(true);
        if (!e.forms.has('')) expect(z.forms.has(''), `${ns}:${key} is a plural in en only`).toBe(false);
      }
      for (const [key, v] of [...flatten(cat.en), ...flatten(cat.zh)]) expect(v.trim(), `${ns}:${key}`).not.toBe('');
    });
  }

  it('the parity check itself catches a missing key and a renamed placeholder', () => {
    const en = shape({ a: 'x {{n}}', b: { c: 'y' } });
    expect([...shape({ a: 'x {{n}}' }).keys()].sort()).not.toEqual([...en.keys()].sort());
    expect([...shape({ a: 'x {{count}}', b: { c: 'y' } }).get('a')!.vars]).not.toEqual([...en.get('a')!.vars]);
  });
});

describe('language', () => {
  afterEach(() => void setLanguage('en'));

  it('a remembered choice wins; else the first Chinese or English preference decides; else English', () => {
    expect(detectLanguage('zh', ['en-US'])).toBe('zh');
    expect(detectLanguage('en', ['zh-CN'])).toBe('en');
    expect(detectLanguage('fr', ['zh-TW'])).toBe('zh'); // an unknown stored value is ignored
    expect(detectLanguage(null, ['zh-Hans-CN', 'en'])).toBe('zh');
    expect(detectLanguage(null, ['zh'])).toBe('zh');
    expect(detectLanguage(null, ['de-DE', 'zh-CN'])).toBe('zh');
    expect(detectLanguage(null, ['en-GB', 'zh-CN'])).toBe('en');
    expect(detectLanguage(null, ['zu'])).toBe('en'); // Zulu is not Chinese
    expect(detectLanguage(undefined, undefined)).toBe('en');
  });

  it('switches every t() outside React, and unknown languages mean English', () => {
    expect(setLanguage('zh')).toBe('zh');
    expect(currentLanguage()).toBe('zh');
    expect(t('studio:privacy.forget')).toBe('忘掉一切');
    expect(setLanguage('klingon')).toBe('en');
    expect(i18n.language).toBe('en');
    expect(t('studio:privacy.forget')).toBe('Forget everything');
  });

  it('the remembered choice is a Glassbox store, so "Forget everything" removes it', () => {
    expect(isGlassboxStore(LANGUAGE_KEY)).toBe(true);
  });

  it('numbers follow the language through Intl (en-US and zh-Hans both group by thousands with a comma)', () => {
    expect(formatNumber(12345.6, 3, 'en')).toBe('12,300');
    expect(formatNumber(12345.6, 3, 'zh')).toBe('12,300');
    expect(formatProbability(0.4567, 'zh')).toBe('45.7%');
    expect(formatProbability(0.9999, 'zh')).toBe('> 99.9%');
    setLanguage('zh');
    expect(formatProbability(0.0001)).toBe('< 0.1%');
  });
});
