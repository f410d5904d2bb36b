import { defineConfig } from 'vitest/config';

// Browser tests: a real server on a temp database driven by Debian's Chromium.
export default defineConfig({
  test: {
    globals: true,
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    // Set-ups start the server and run several CLI processes (each a fresh Node start) before any browser.
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
