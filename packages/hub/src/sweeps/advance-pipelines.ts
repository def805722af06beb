import type { HubServices } from '../services.js';
import { findActivePipelineIds } from '../store/pipelines.js';
import { runEvery, type Sweep } from './run-sweep.js';

// A run visits at most this many; the next run (≈1 s later) takes the rest.
const BATCH = 1000;

/**
 * Every unsettled pipeline is advanced about once a second: the post-commit advance after a job's result covers the
 * fast path, and this covers a hub killed between a job's result and the next block's enqueue, a time limit that
 * passes with no event, and a queue whose older pipeline finished on another replica. Safe on every replica at once:
 * each change is a conditional UPDATE (store/pipeline-blocks.ts startBlock).
 */
export function startAdvancePipelinesSweep(services: HubServices): Sweep {
  const log = services.log.child({ component: 'advance-pipelines' });
  return runEvery('advance-pipelines', services.config.sweepIntervalMs, () => advanceActivePipelines(services), log);
}

export async function advanceActivePipelines(services: HubServices): Promise<void> {
  for (const id of await findActivePipelineIds(services.store.db, BATCH)) {
    // One pipeline's failure must not hold up the others; the next run retries it.
    await services.pipelines.advance(id).catch((err: unknown) => services.log.error({ err, pipelineId: id }, 'advancing a pipeline failed'));
  }
}
