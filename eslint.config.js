import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

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
    // The model lives in the worker: the UI and its state only ever see plain data from src/shared.
    files: ['src/ui/**/*.{ts,tsx}', 'src/state/**/*.{ts,tsx}', 'src/main.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@tensorflow/*'], message: 'TensorFlow.js belongs in the worker (src/core, src/worker). The UI sees plain data from src/shared.' },
          { group: ['**/core/*', '**/core/**'], message: 'The UI reaches the engine only through src/worker/client.ts.' },
        ],
      }],
    },
  },
  {
    // core runs in the worker and in Node: no React, no DOM.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'react/*', 'zustand', 'd3', 'd3-*'], message: 'src/core runs in the worker and in Node: no UI libraries.' },
          { group: ['**/ui/**', '**/state/**'], message: 'src/core must not depend on the UI.' },
        ],
      }],
    },
  },
);
