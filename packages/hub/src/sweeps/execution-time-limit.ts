import type { HubServices } from '../services.js';
import { findLimitedRunningJobs } from '../store/jobs.js';
import { FAILURE_REASONS, hasExceededTimeLimit } from '../lifecycle/job-policy.js';
import { stopJob } from '../lifecycle/jobs.js';
import { runEvery, type Sweep } from './run-sweep.js';

const BATCH = 1000;

/** A running job past its execution_time_limit is stopped; its agent hears stop-job on its next (or held) sync. */
export function startExecutionTimeLimitSweep(services: HubServices): Sweep {
  const log = services.log.child({ component: 'execution-time-limit' });
  return runEvery('execution-time-limit', services.config.sweepIntervalMs, () => stopJobsOverTimeLimit(services), log);
}

export async function stopJobsOverTimeLimit(services: HubServices): Promise<void> {
  const now = services.now();
  for (const job of await findLimitedRunningJobs(services.store.db, BATCH)) {
    const facts = { state: job.state, startedAt: job.started_at, timeLimitSeconds: job.execution_time_limit_s, stopRequested: job.stop_requested_at !== null };
    if (hasExceededTimeLimit(facts, now)) await stopJob(services, job.org_id, job.id, FAILURE_REASONS.timeLimit);
  }
}
