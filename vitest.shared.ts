// The vitest settings every project shares; each project's vitest.config.ts
// takes them (apps/cli adds its end-to-end needs on top).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
