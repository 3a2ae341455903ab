import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Each end-to-end file starts several processes on a 2-core machine: run the
    // files one at a time so that liveness deadlines measure the code, not the load.
    fileParallelism: false,
  },
});
