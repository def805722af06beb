import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// One run for every package and e2e; the browser and chaos suites have their own configs (vitest.*.config.ts).
export default defineConfig({
  resolve: {
    alias: {
      '@outpost/protocol': fileURLToPath(new URL('./packages/protocol/src/index.ts', import.meta.url)),
      '@outpost/pipeline': fileURLToPath(new URL('./packages/pipeline/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'e2e/**/*.test.ts'],
    exclude: ['e2e/browser/**', 'e2e/chaos/**', '**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make the process-spawning suites fight for CPU.
    maxWorkers: 2,
  },
});
