// The layer map in eslint.config.js, proved: ESLint's Node API lints small snippets as if they were files in
// each folder (lintText with a filePath; the imported files are real ones), and every forbidden import must
// be reported by boundaries/dependencies, every allowed one must not.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundaries/dependencies messages ESLint gives `code` placed at `file` (relative to the repo root). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  // An import of a file that no longer exists is not ours to judge (the rule skips it): say so instead.
  const spec = /from '(\.[^']+)'|import\('(\.[^']+)'\)/.exec(code);
  const target = spec && path.resolve(root, path.dirname(file), spec[1] ?? spec[2]);
  if (target && !['.ts', '.tsx', '/index.ts'].some((ext) => fs.existsSync(target + ext))) {
    throw new Error(`${file}: ${code} imports a file that does not exist; point this case at one that does`);
  }
  const [r] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath: path.join(root, file) });
  const fatal = r.messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(`${file}: ${fatal[0].message}`);
  return r.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

type Case = [file: string, code: string];
const forbidden = (cases: Case[]) =>
  it.each(cases)('%s: %s is reported', async (file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });
const allowed = (cases: Case[]) =>
  it.each(cases)('%s: %s is allowed', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });

describe('the UI and its state reach the worker only through src/worker/client.ts', () => {
  forbidden([
    ['src/ui/Fixture.tsx', "import { x } from '../worker/engine';"],
    ['src/ui/Fixture.tsx', "import { x } from '../worker/spawn';"],
    ['src/ui/charts/Fixture.tsx', "import { x } from '../../worker/engine.worker';"],
    ['src/state/fixture.ts', "import { x } from '../worker/engine';"],
    ['src/state/fixture.ts', "const x = await import('../worker/engine');"],
    ['src/ui/Fixture.tsx', "export { x } from '../worker/engine';"],
    // and never src/core, not even for types
    ['src/ui/Fixture.tsx', "import { x } from '../core/explain/registry';"],
    ['src/ui/Fixture.tsx', "import type { x } from '../core/explain/types';"],
    ['src/state/fixture.ts', "import { x } from '../core/model/io';"],
    ['src/ui/Fixture.tsx', "import { x } from '../core/explain/methods/gradCam';"],
  ]);
  allowed([
    ['src/ui/Fixture.tsx', "import { x } from '../worker/client';"],
    ['src/ui/models/Fixture.tsx', "import type { x } from '../../worker/client';"],
    ['src/state/fixture.ts', "import { x } from '../worker/client';"],
    ['src/ui/Fixture.tsx', "import { x } from '../shared/types';"],
    ['src/state/fixture.ts', "import { x } from '../shared/errors';"],
    ['src/ui/Fixture.tsx', "import { x } from '../state/store';"],
    ['src/ui/Fixture.tsx', "import { x } from './colormaps';"],
    ['src/main.tsx', "import { x } from './ui/App';"],
  ]);
});

describe('client.ts runs in the page: it sees the engine’s types, never its code', () => {
  forbidden([
    ['src/worker/client.ts', "import { x } from './engine';"],
    ['src/worker/client.ts', "import { x } from '../core/model/io';"],
    ['src/worker/spawn.ts', "import { x } from './engine';"],
  ]);
  allowed([
    ['src/worker/client.ts', "import type { x } from './engine';"],
    ['src/worker/client.ts', "import { x } from './spawn';"],
    ['src/worker/client.ts', "import { x } from '../shared/errors';"],
  ]);
});

describe('state never imports ui', () => {
  forbidden([
    ['src/state/fixture.ts', "import { x } from '../ui/App';"],
    ['src/state/fixture.ts', "import { x } from '../ui/colormaps';"],
  ]);
  allowed([['src/state/fixture.ts', "import { x } from './store';"]]);
});

describe('core never imports the worker, the UI or its state', () => {
  forbidden([
    ['src/core/model/fixture.ts', "import { x } from '../../worker/engine';"],
    ['src/core/model/fixture.ts', "import { x } from '../../worker/client';"],
    ['src/core/explain/fixture.ts', "import { x } from '../../ui/colormaps';"],
    ['src/core/fixture.ts', "import { x } from '../state/store';"],
    ['src/core/explain/methods/fixture.ts', "import { x } from '../../../worker/engine';"],
  ]);
  allowed([
    ['src/core/explain/fixture.ts', "import { x } from '../model/io';"],
    ['src/core/explain/fixture.ts', "import { x } from '../../shared/types';"],
    ['src/core/explain/fixture.ts', "import { x } from './methods/gradCam';"],
    ['src/worker/fixture.ts', "import { x } from '../core/explain/registry';"],
    ['src/bench/fixture.ts', "import { x } from '../core/model/io';"],
  ]);
});

describe('methods never import other methods', () => {
  forbidden([
    ['src/core/explain/methods/fixture.ts', "import { x } from './gradCam';"],
    ['src/core/explain/methods/fixture.ts', "import type { x } from './saliency';"],
    ['src/core/explain/methods/gradCam.ts', "import { x } from './layerCam';"],
    // the imports the plumbing modules (gradients, baselines, perturb, linalg) replaced stay forbidden
    ['src/core/explain/methods/lime.ts', "import { x } from './occlusion';"],
    ['src/core/explain/methods/kernelShap.ts', "import { x } from './lime';"],
    ['src/core/explain/methods/rise.ts', "import { x } from './saliency';"],
  ]);
  allowed([
    ['src/core/explain/methods/fixture.ts', "import { x } from '../types';"],
    ['src/core/explain/methods/fixture.ts', "import { x } from '../batching';"],
    ['src/core/explain/methods/fixture.ts', "import { x } from '../../model/graph';"],
    // a method's test may compare it with another method
    ['src/core/explain/methods/fixture.test.ts', "import { x } from './gradCam';"],
  ]);

  it('says where shared code goes', async () => {
    const [m] = await boundaryErrors('src/core/explain/methods/fixture.ts', "import { x } from './gradCam';");
    expect(m).toMatch(/src\/core\/explain/);
  });
});

describe('shared imports nothing of ours but shared', () => {
  forbidden([
    ['src/shared/fixture.ts', "import { x } from '../core/model/io';"],
    ['src/shared/fixture.ts', "import type { x } from '../core/explain/types';"],
    ['src/shared/fixture.ts', "import { x } from '../worker/client';"],
    ['src/shared/fixture.ts', "import { x } from '../state/store';"],
    ['src/shared/fixture.ts', "import { x } from '../ui/colormaps';"],
  ]);
  allowed([
    ['src/shared/fixture.ts', "import { x } from './types';"],
    ['src/shared/fixture.ts', "import * as x from 'comlink';"],
  ]);
});

describe('TensorFlow.js only in core, the worker and the bench', () => {
  forbidden([
    ['src/ui/Fixture.tsx', "import * as x from '@tensorflow/tfjs';"],
    ['src/state/fixture.ts', "import * as x from '@tensorflow/tfjs';"],
    ['src/shared/fixture.ts', "import type { Tensor as x } from '@tensorflow/tfjs';"],
    ['src/ui/Fixture.tsx', "import '@tensorflow/tfjs-backend-wasm';"],
    ['src/worker/client.ts', "import * as x from '@tensorflow/tfjs';"],
    ['src/worker/spawn.ts', "import * as x from '@tensorflow/tfjs-backend-wasm';"],
  ]);
  allowed([
    ['src/core/model/fixture.ts', "import * as x from '@tensorflow/tfjs';"],
    ['src/core/explain/methods/fixture.ts', "import * as x from '@tensorflow/tfjs';"],
    ['src/worker/fixture.ts', "import * as x from '@tensorflow/tfjs-backend-wasm';"],
    ['src/bench/fixture.ts', "import * as x from '@tensorflow/tfjs';"],
    // the page learns where the wasm binaries are (a URL), not their code
    ['src/worker/spawn.ts', "import x from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';"],
  ]);
});

describe('React and d3 never in core (nor in the worker or shared, which run without a DOM)', () => {
  forbidden([
    ['src/core/fixture.ts', "import { x } from 'react';"],
    ['src/core/explain/fixture.ts', "import * as x from 'd3';"],
    ['src/core/explain/methods/fixture.ts', "import * as x from 'd3';"],
    ['src/core/fixture.ts', "import { x } from 'react-dom/client';"],
    ['src/worker/fixture.ts', "import { create as x } from 'zustand';"],
    ['src/shared/fixture.ts', "import * as x from 'd3';"],
  ]);
  allowed([
    ['src/ui/Fixture.tsx', "import { x } from 'react';"],
    ['src/ui/charts/Fixture.tsx', "import * as x from 'd3';"],
    ['src/state/fixture.ts', "import { create as x } from 'zustand';"],
  ]);
});
