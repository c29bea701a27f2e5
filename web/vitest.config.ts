import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.integration-test.ts', 'emulator/**/*.test.ts', 'emulator/**/*.integration-test.ts', 'test/**/*.test.ts', 'test/**/*.integration-test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // Browser tests poll the page; on a loaded 2-core machine a first render can take seconds (default: 1 s).
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
  },
});
