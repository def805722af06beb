import { isUuid } from '@outpost/protocol';
import { HubError, quoteInput } from '../errors.js';
import type { HubServices } from '../services.js';
import { hashToken, tokensEqual } from '../auth/tokens.js';
import { findJobById, type JobRow } from '../store/jobs.js';
import { appendLogEvents } from '../store/job-logs.js';
import { sliceLines, type LogLines } from '../store/log-lines.js';
import { planLogAppend, trimmedNotice } from './log-budget-policy.js';
import { isLogTokenAccepted, planLogPush } from './log-push-policy.js';

type Deps = Pick<HubServices, 'store' | 'log' | 'now' | 'wakeups' | 'metrics' | 'config' | 'jobSecrets'>;

export interface LogPush {
  startFrom: number;
  /** The event lines, one JSON object each, as the agent wrote them. */
  lines: LogLines;
  /** Size of the batch as received, for the ingest counter. */
  bytes: number;
}

/**
 * The job a log push may write to (spec §4.4), before its body is read: the Bearer token must be the job's current
 * log token, unexpired, and — once the job finished — used within the flush window. An unknown or malformed job id
 * gets the same 401 as a wrong token, so the answer does not tell which job ids exist.
 */
export async function authenticateLogPush(deps: Pick<Deps, 'store' | 'now'>, jobId: string, logToken: string | null | undefined): Promise<JobRow> {
  const refuse = () => new HubError('INVALID_LOG_TOKEN', { jobId: quoteInput(jobId) });
  if (!logToken || !isUuid(jobId)) throw refuse();
  const job = await findJobById(deps.store.db, jobId.toLowerCase());
  if (!job) throw refuse();
  const tokenMatches = job.log_token_hash !== null && tokensEqual(hashToken(logToken), job.log_token_hash);
  if (!isLogTokenAccepted({ tokenMatches, expiresAt: job.log_token_expires_at, finishedAt: job.finished_at }, deps.now())) throw refuse();
  return job;
}

/**
 * POST <logger.url>?start_from=N for an authenticated job: the batch is stored truncate-then-append within the job's
 * budget (append-only once the job finished), and log followers are woken. Throws 422 once the budget is spent
 * (the agent then stops pushing).
 */
export async function pushJobLog(deps: Deps, job: JobRow, push: LogPush): Promise<void> {
  const eventCount = push.lines.ends.length;
  const plan = planLogPush({ finished: job.finished_at !== null, storedCount: job.log_event_count, startFrom: push.startFrom, eventCount });
  if (plan.skip >= eventCount) return;
  const lines = sliceLines(push.lines, plan.skip, eventCount);
  const now = deps.now();
  const budgetBytes = deps.config.logBudgetBytes;
  // A job's secret values never reach the store: masked here, with earlier events rewritten when a value spans pushes.
  const masked = await deps.jobSecrets.maskPush(job.id, plan.startFrom, lines);
  const outcome = await appendLogEvents(deps.store, {
    jobId: job.id, startFrom: masked.startFrom, lines: masked.lines, budgetBytes, planAppend: planLogAppend, trimmedNotice: trimmedNotice(budgetBytes, now), now,
  });
  if (outcome.kind === 'no-such-job') throw new HubError('INVALID_LOG_TOKEN', { jobId: job.id });
  if (outcome.kind === 'stored' || outcome.kind === 'trimmed') {
    deps.metrics.logBytes.inc(push.bytes);
    deps.wakeups.notify(`job:${job.id}`);
  }
  if (outcome.kind === 'trimmed') deps.log.warn({ jobId: job.id, budgetBytes }, 'job log trimmed');
  if (outcome.kind !== 'stored') throw new HubError('LOG_BUDGET_SPENT', { jobId: job.id });
}
