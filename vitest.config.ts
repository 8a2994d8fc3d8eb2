import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // tfjs keeps one global engine per process: keep each file in its own process, and at most two
    // at once on these 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
