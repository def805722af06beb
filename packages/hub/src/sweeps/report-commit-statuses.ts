import type { Logger } from 'pino';
import type { StatusReporter } from '../forge/status-reporter.js';
import type { Store } from '../store/database.js';
import { findActiveProjectPipelineIds } from '../store/commit-statuses.js';
import { runEvery, type Sweep } from './run-sweep.js';

// A run records at most this many unsettled pipelines; the next run (≈1 s later) takes the rest.
const BATCH = 1000;
const FULL_PASS_EVERY = 10;

/**
 * Commit statuses go out from here: a run records the forge state of every unsettled project pipeline (which
 * covers a post-commit record lost to a crash) and sends the reports that are due, retries included. Safe on every
 * replica at once: recording is an insert that ignores repeats, and a send first claims its row with a conditional
 * UPDATE. Never in the way of a run: nothing here is awaited by the pipeline runtime.
 */
export function startReportCommitStatusesSweep(deps: { store: Store; log: Logger; reporter: StatusReporter; intervalMs: number }): Sweep {
  const log = deps.log.child({ component: 'report-commit-statuses' });
  let run = 0;
  return runEvery('report-commit-statuses', deps.intervalMs, async () => {
    // A full pass (every unsettled project pipeline, every due row, also those another replica recorded) every tenth
    // run; in between only while this hub knows of unsent reports, so an idle hub spends one query per ten runs.
    const fullPass = ++run % FULL_PASS_EVERY === 0;
    if (fullPass) {
      for (const id of await findActiveProjectPipelineIds(deps.store.db, BATCH)) {
        // One pipeline's failure must not hold up the others; the next run retries it.
        await deps.reporter.record(id).catch((err: unknown) => log.error({ err, pipelineId: id }, 'recording a commit status failed'));
      }
    }
    if (fullPass || deps.reporter.mayHavePending()) await deps.reporter.deliverDue();
  }, log);
}
