// The UI renders a result from its spec (units, checks, regions, run), never from which method made it:
// no file in src/ui or src/state may spell a registry id as a string, so adding a method never means
// teaching the UI about it. (Run in Node: it reads the source files.)

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/node';
import { METHODS } from './registry';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    // Tests may name methods in their fixtures (a fake engine's method list, a fake result in a test-only
    // fixtures.ts that no app file imports); the app's code may not.
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && e.name !== 'fixtures.ts' ? [p] : [];
  });
}

describe('method ids stay out of the UI and the state', () => {
  const files = ['src/ui', 'src/state'].flatMap((d) => sources(path.join(REPO_ROOT, d)));

  it('finds the files it checks', () => {
    expect(files.some((f) => f.endsWith('Viewer.tsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('store.ts'))).toBe(true);
  });

  it('no UI or state file spells a registry id as a string literal', () => {
    const found: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of METHODS) {
        const literal = new RegExp(`(['"\`])${m.id}\\1`);
        if (literal.test(text)) found.push(`${path.relative(REPO_ROOT, f)}: '${m.id}'`);
      }
    }
    expect(found).toEqual([]);
  });

  it('would catch one (the check itself works)', () => {
    const literal = new RegExp(`(['"\`])${METHODS[0].id}\\1`);
    expect(literal.test(`if (a.run.method === '${METHODS[0].id}') {}`)).toBe(true);
    expect(literal.test(`const x = '${METHODS[0].id}s';`)).toBe(false);
  });
});
