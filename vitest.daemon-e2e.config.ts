import { defineConfig } from 'vitest/config';

// The two-process daemon end-to-end run on its own, second step of `npm test` (see
// vitest.config.ts for why).
export default defineConfig({
  test: {
    include: ['test/e2e/daemon.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
