import { defineConfig } from 'vitest/config';
import { workspaceSources } from './vitest.shared.js';

// One run for every package and e2e; the browser and chaos suites have their own configs (vitest.*.config.ts).
export default defineConfig({
  resolve: workspaceSources,
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
