// The engine's catalogues (methods, model, image, engine, metrics, stable) are complete in Chinese: every English
// key has a Chinese string (a plural English key, x_one/x_other, needs x_other in Chinese, the only plural
// form Chinese has), no Chinese string is empty, and each keeps the English string's {{placeholders}}, so
// no value (a file name, a size) is lost in translation.

import { describe, expect, it } from 'vitest';
import type { CatalogueTree } from './catalogue';
import { NAMESPACES } from './index';

function flatten(tree: CatalogueTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const ENGINE_NAMESPACES = ['methods', 'model', 'image', 'engine', 'metrics', 'stable'] as const;

describe('the engine catalogues', () => {
  for (const ns of ENGINE_NAMESPACES) {
    const cat = (NAMESPACES as Record<string, { en: CatalogueTree; zh: CatalogueTree } | undefined>)[ns];
    it(`${ns}: every English string has a Chinese one with the same placeholders`, () => {
      expect(cat, `namespace ${ns} is registered`).toBeDefined();
      const en = flatten(cat!.en);
      const zh = flatten(cat!.zh);
      expect(en.size).toBeGreaterThan(0);
      for (const [key, text] of en) {
        const zhKey = zh.has(key) ? key : key.replace(/_(one|two|few|many|zero)$/, '_other');
        expect(zh.has(zhKey), `${ns}:${key} has no Chinese`).toBe(true);
        const z = zh.get(zhKey)!;
        expect(z.trim().length, `${ns}:${key} is empty in Chinese`).toBeGreaterThan(0);
        expect(placeholders(z), `${ns}:${key} placeholders`).toEqual(placeholders(text));
      }
    });
  }
});
