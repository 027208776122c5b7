import { defineConfig } from 'vitest/config';

// Integration tests start real Anvil nodes and talk to a real Redis; on a 2-core machine
// a small worker pool keeps them from starving each other.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The two-process daemon market run paces itself by wall-clock blocks; beside the other
    // test files on 2 cores its keepers fell behind the chain. `npm test` runs it right
    // after this suite, alone (vitest.daemon-e2e.config.ts).
    exclude: ['test/e2e/daemon.test.ts', '**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
