import { describe, expect, it } from 'vitest';
import phone from './phone';
import type { CatalogueTree } from './catalogue';
import { i18n } from './index';

function keys(t: CatalogueTree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('phone catalogue', () => {
  it('has every English key in Chinese, with the same placeholders, and nothing more', () => {
    const en = keys(phone.en);
    expect(keys(phone.zh).sort()).toEqual([...en].sort());
    const get = (t: CatalogueTree, k: string) => k.split('.').reduce<CatalogueTree | string>((n, p) => (n as CatalogueTree)[p], t) as string;
    for (const k of en) expect(placeholders(get(phone.zh, k)), k).toEqual(placeholders(get(phone.en, k)));
  });
  it('is registered: the shared instance translates its keys, with plurals', () => {
    expect(i18n.t('phone:layers.count', { shown: 3, total: 154, lng: 'en' })).toBe('3 of 154 layers');
    expect(i18n.t('phone:saved.count', { count: 1, lng: 'en' })).toBe('1 model');
    expect(i18n.t('phone:saved.count', { count: 2, lng: 'en' })).toBe('2 models');
    expect(i18n.t('phone:views.models.label', { lng: 'zh' })).toBe('模型');
  });
});
