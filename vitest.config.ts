import { defineConfig } from 'vitest/config';

// Unit and database tests. Each *.db.spec.ts loops over the engines in EPIGRID_TEST_DATABASES.
export default defineConfig({
  test: {
    globals: true,
    include: ['src/**/*.spec.ts', 'bench/**/*.spec.ts'],
    globalSetup: ['src/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { EPIGRID_LOG_LEVEL: 'silent' },
  },
});
