import { describe, expect, it } from 'vitest';
import a11y from '../../shared/i18n/a11y';
import type { CatalogueTree } from '../../shared/i18n/catalogue';

/** Every leaf key of a catalogue tree, dotted. */
function keys(tree: CatalogueTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}
/** The {{placeholders}} of a string, sorted. */
const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const at = (tree: CatalogueTree, key: string) => key.split('.').reduce<CatalogueTree | string>((t, k) => (t as CatalogueTree)[k], tree) as string;

describe('a11y catalogue', () => {
  it('has the same keys in English and Chinese, each Chinese string non-empty with the same placeholders', () => {
    const en = keys(a11y.en);
    expect(keys(a11y.zh).sort()).toEqual([...en].sort());
    for (const k of en) {
      expect(at(a11y.zh, k).trim().length, k).toBeGreaterThan(0);
      expect(holes(at(a11y.zh, k)), k).toEqual(holes(at(a11y.en, k)));
    }
  });
  it('the Chinese catalogue is Chinese: most strings hold CJK characters', () => {
    const zh = keys(a11y.zh).map((k) => at(a11y.zh, k));
    const cjk = zh.filter((s) => /[\u4e00-\u9fff]/.test(s)).length;
    expect(cjk / zh.length).toBeGreaterThan(0.9);
  });
});
