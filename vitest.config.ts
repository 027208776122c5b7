import { defineConfig } from 'vitest/config';

// Integration tests start real Anvil nodes and talk to a real Redis; on a 2-core machine
// a small worker pool keeps them from starving each other.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
