import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';

// ── THE layer map ────────────────────────────────────────────────────────────────────────────────
// Each folder is one layer (src/main.tsx, the only file at src/'s top, is `entry`). `mayImport` lists the
// layers a layer's files may import from (its own included); any other import of ours is an error.
// scripts/layers.test.ts proves every rule below with small snippets placed in each folder.
export const LAYERS = [
  { type: 'worker', pattern: 'src/worker', mayImport: ['worker', 'core', 'methods', 'shared'] },
  // One file per explanation method: what two methods share lives in core/explain, never in a method.
  { type: 'methods', pattern: 'src/core/explain/methods', mayImport: ['methods', 'core', 'shared'] },
  { type: 'core', pattern: 'src/core', mayImport: ['core', 'methods', 'shared'] },
  { type: 'shared', pattern: 'src/shared', mayImport: ['shared'] },
  // The UI and its state reach the engine only through src/worker/client.ts (below).
  { type: 'state', pattern: 'src/state', mayImport: ['state', 'shared'] },
  { type: 'ui', pattern: 'src/ui', mayImport: ['ui', 'state', 'shared'] },
  { type: 'bench', pattern: 'src/bench', mayImport: ['bench', 'core', 'methods', 'shared'] },
  { type: 'entry', pattern: 'src', mayImport: ['ui', 'shared'] },
  // Node entry points and the browser journeys: tools around the app, free to use any of it.
  { type: 'scripts', pattern: 'scripts', mayImport: ['*'] },
  { type: 'e2e', pattern: 'e2e', mayImport: ['*'] },
];

// Files with a role inside their layer.
export const FILES = [
  // THE boundary the page calls, and how it starts the worker: the page side of src/worker.
  { category: 'client', pattern: 'src/worker/client.ts' },
  { category: 'spawn', pattern: 'src/worker/spawn*.ts' },
  // The page side of the worker's supervision (client.ts watches the worker through it), its fake worker for tests, and the engine pool's page side (poolPage.ts).
  { category: 'page', pattern: 'src/worker/{supervisor,fakeWorker,poolPage}.ts' },
  { category: 'method', pattern: 'src/core/explain/methods/*.ts', capture: ['name'] },
  { category: 'test', pattern: '**/*.test.{ts,tsx}' },
];

// Packages only some layers may use.
export const PACKAGES = [
  { source: '@tensorflow/*', only: ['core', 'methods', 'worker', 'bench', 'scripts', 'e2e'], why: 'TensorFlow.js runs in the worker (src/core, src/worker); the page sees plain data from src/shared.' },
  { source: ['react', 'react-dom', 'react-i18next', 'd3', 'd3-*', 'zustand'], only: ['ui', 'state', 'entry'], why: 'UI libraries belong to src/ui and src/state; the core, the worker and src/shared run without a DOM.' },
];

const allTypes = LAYERS.map((l) => l.type);
const pageSide = { element: { type: 'worker' }, file: { categories: { anyOf: ['client', 'spawn', 'page'] } } };
const pageMessage = 'The page reaches the engine only through src/worker/client.ts, which imports the engine\'s types, never its code (that would pull TensorFlow.js into the page).';

export const boundaryRule = {
  default: 'disallow',
  checkAllOrigins: true,
  checkInternals: true,
  message: 'Layer {{from.type}} may not import layer {{to.type}}: see the layer map in eslint.config.js.',
  policies: [
    // Packages and Node built-ins: allowed, except where PACKAGES says otherwise (below).
    { allow: { to: { module: { origin: ['external', 'core'] } } } },
    ...LAYERS.map((l) => ({
      from: { element: { type: l.type } },
      allow: { to: { element: { type: l.mayImport.includes('*') ? allTypes : l.mayImport } } },
    })),
    // The page side of the worker: the UI and its state may import client.ts, and nothing else of src/worker.
    { from: { element: { type: ['ui', 'state'] } }, allow: { to: { element: { type: 'worker' }, file: { categories: 'client' } } } },
    // client.ts and spawn*.ts run in the page: shared, each other, the engine's types, and wasm asset URLs.
    { from: pageSide, disallow: { to: { element: { type: allTypes } } }, message: pageMessage },
    { from: pageSide, allow: { to: [{ element: { type: 'shared' } }, { element: { type: 'worker' }, file: { categories: { anyOf: ['client', 'spawn', 'page'] } } }] } },
    // The state's tests may drive the client over a fake worker (worker/fakeWorker.ts) and the supervisor's types.
    { from: { element: { type: 'state' }, file: { categories: 'test' } }, allow: { to: { element: { type: 'worker' }, file: { categories: 'page' } } } },
    { from: pageSide, allow: { to: { element: { type: 'worker' } }, dependency: { kind: 'type' } } },
    // Methods never import methods; a method's test may compare it with others.
    {
      from: { element: { type: 'methods' }, file: { categories: { noneOf: ['test'] } } },
      disallow: { to: { element: { type: 'methods' } } },
      message: 'A method never imports another method: move what both need into a module of src/core/explain.',
    },
    ...PACKAGES.map((p) => ({
      from: { element: { type: allTypes.filter((t) => !p.only.includes(t)) } },
      disallow: { to: { module: { origin: 'external', source: p.source } } },
      message: p.why,
    })),
    { from: pageSide, disallow: { to: { module: { source: '@tensorflow/*' } } }, message: pageMessage },
    { from: pageSide, allow: { dependency: { source: '**/*.wasm?url*' } } },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'public/**', 'bench/**', 'scratch/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs}', 'e2e/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYERS.map(({ type, pattern }) => ({ type, pattern, partialMatch: false })),
      'boundaries/files': FILES,
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', boundaryRule],
    },
  },
);
