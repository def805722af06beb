import type { HubServices } from '../services.js';
import { findLimitedRunningJobs } from '../store/jobs.js';
import { guardFor, hasExceededTimeLimit } from '../lifecycle/job-policy.js';
import { applyJobEvent } from '../lifecycle/jobs.js';
import { runEvery, type Sweep } from './run-sweep.js';

const BATCH = 1000;
const STOPPABLE = guardFor('exceed-time-limit');

/** A running job past its execution_time_limit is stopped; its agent hears stop-job on its next (or held) sync. */
export function startExecutionTimeLimitSweep(services: HubServices): Sweep {
  const log = services.log.child({ component: 'execution-time-limit' });
  return runEvery('execution-time-limit', services.config.sweepIntervalMs, () => stopJobsOverTimeLimit(services), log);
}

export async function stopJobsOverTimeLimit(services: HubServices): Promise<void> {
  const now = services.now();
  for (const job of await findLimitedRunningJobs(services.store.db, STOPPABLE, BATCH)) {
    if (!hasExceededTimeLimit({ startedAt: job.started_at, timeLimitSeconds: job.execution_time_limit_s }, now)) continue;
    await applyJobEvent(services, job, { event: 'exceed-time-limit' }, { agentId: null });
  }
}
