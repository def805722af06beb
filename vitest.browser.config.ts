import { defineConfig } from 'vitest/config';
import { workspaceSources } from './vitest.shared.js';

export default defineConfig({
  resolve: workspaceSources,
  test: {
    include: ['e2e/browser/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
