import { defineConfig } from 'vitest/config';
import { SLOW_TESTS, nodeTests } from './vitest.config';

// `npm run test:slow`: the statistical checks that take minutes (see vitest.config.ts). Timeouts are
// generous: these machines are shared, and a pointing game over 100 images is long under load.
export default defineConfig({
  test: {
    ...nodeTests,
    include: SLOW_TESTS,
    testTimeout: 900_000,
    hookTimeout: 300_000,
    // One file at a time: the bench smoke drives a browser whose cold start (backend probes, shader
    // compiles) timed out at 120 s while a pointing game filled the other core; alone it takes about 5 s.
    fileParallelism: false,
  },
});
