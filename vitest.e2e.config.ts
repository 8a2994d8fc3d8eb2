import { defineConfig } from 'vitest/config';

// e2e journeys drive Debian's Chromium against the built app (dist/). One file at a time: software
// WebGL/WebGPU and the wasm backend share two cores with the browser.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
