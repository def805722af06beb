import { fileURLToPath } from 'node:url';

/** Tests import the workspace packages from their sources, so no suite depends on a stale build of them. */
export const workspaceSources = {
  alias: {
    '@outpost/protocol': fileURLToPath(new URL('./packages/protocol/src/index.ts', import.meta.url)),
    '@outpost/pipeline': fileURLToPath(new URL('./packages/pipeline/src/index.ts', import.meta.url)),
  },
};
