import { defineConfig } from 'vitest/config';

// Unit tests (`npm test -- unit`, `npm run test:unit`): fast, beside the code they test. Slow statistical
// checks (pointing games on the demo model, the bench smoke run) are named *.slow.test.ts and run in
// vitest.slow.config.ts (`npm run test:slow`); `npm test` with no arguments (CI) runs both.
export const SLOW_TESTS = ['src/**/*.slow.test.{ts,tsx}', 'scripts/**/*.slow.test.ts'];

export const nodeTests = {
  environment: 'node' as const,
  testTimeout: 180_000,
  hookTimeout: 180_000,
  // tfjs keeps one global engine per process: keep each file in its own process, and at most two
  // at once on these 2-core machines.
  pool: 'forks' as const,
  maxWorkers: 2,
};

export default defineConfig({
  test: {
    ...nodeTests,
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...SLOW_TESTS],
  },
});
