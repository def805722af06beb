import { HubError } from '../errors.js';
import type { HubServices } from '../services.js';
import { hashToken, tokensEqual } from '../auth/tokens.js';
import { findJobById } from '../store/jobs.js';
import { appendLogEvents } from '../store/job-logs.js';
import { planLogAppend, trimmedNotice } from './log-budget-policy.js';

type Deps = Pick<HubServices, 'store' | 'log' | 'now' | 'wakeups' | 'metrics' | 'config' | 'jobSecrets'>;

export interface LogPush {
  jobId: string;
  /** The Bearer token the agent sent: the job's current log token. */
  logToken: string;
  startFrom: number;
  /** Raw event lines, one JSON object each, as the agent wrote them. */
  events: readonly string[];
  /** Size of the batch as received, for the ingest counter. */
  bytes: number;
}

/**
 * POST <logger.url>?start_from=N (spec §4.4): the job's log token must match and be unexpired; the batch is stored
 * truncate-then-append within the job's budget, and log followers are woken. Throws 404/401, and 422 once the
 * budget is spent (the agent then stops pushing).
 */
export async function pushJobLog(deps: Deps, push: LogPush): Promise<void> {
  const job = await findJobById(deps.store.db, push.jobId);
  if (!job) throw new HubError('NOT_FOUND', { what: `job '${push.jobId}'` });
  const now = deps.now();
  const valid = job.log_token_hash !== null && tokensEqual(hashToken(push.logToken), job.log_token_hash) && (job.log_token_expires_at ?? 0) > now;
  if (!valid) throw new HubError('INVALID_LOG_TOKEN', { jobId: push.jobId });
  if (push.events.length === 0) return;

  const budgetBytes = deps.config.logBudgetBytes;
  // A job's secret values never reach the store: masked here, with earlier events rewritten when a value spans pushes.
  const masked = await deps.jobSecrets.maskPush(push.jobId, push.startFrom, [...push.events]);
  const outcome = await appendLogEvents(deps.store, {
    jobId: push.jobId, startFrom: masked.startFrom, events: masked.events, budgetBytes, planAppend: planLogAppend, trimmedNotice: trimmedNotice(budgetBytes, now), now,
  });
  if (outcome.kind === 'no-such-job') throw new HubError('NOT_FOUND', { what: `job '${push.jobId}'` });
  if (outcome.kind === 'stored' || outcome.kind === 'trimmed') {
    deps.metrics.logBytes.inc(push.bytes);
    deps.wakeups.notify(`job:${push.jobId}`);
  }
  if (outcome.kind === 'trimmed') deps.log.warn({ jobId: push.jobId, budgetBytes }, 'job log trimmed');
  if (outcome.kind !== 'stored') throw new HubError('LOG_BUDGET_SPENT', { jobId: push.jobId });
}
