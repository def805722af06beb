import { defineConfig } from 'vitest/config';
import { workspaceSources } from './vitest.shared.js';

// The chaos suite (issue 16): real hub and agent processes under faults, one scenario at a time. OUTPOST_CHAOS_FULL=1
// runs the documented durations (docs/reliability.md); CI runs the short ones.
export default defineConfig({
  resolve: workspaceSources,
  test: {
    include: ['e2e/chaos/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
