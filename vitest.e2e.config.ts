import { defineConfig } from 'vitest/config';

// Browser tests: a real server on a temp database driven by Debian's Chromium.
export default defineConfig({
  test: {
    globals: true,
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
