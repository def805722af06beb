import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: {
      '@outpost/protocol': fileURLToPath(new URL('./packages/protocol/src/index.ts', import.meta.url)),
      '@outpost/pipeline': fileURLToPath(new URL('./packages/pipeline/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['e2e/browser/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
