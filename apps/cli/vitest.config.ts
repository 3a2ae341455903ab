import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      testTimeout: 300_000,
      hookTimeout: 300_000,
      // Each end-to-end file starts several processes on a 2-core machine: run the
      // files one at a time so that liveness deadlines measure the code, not the load.
      fileParallelism: false,
    },
  }),
);
