/**
 * Commit statuses (pure): what each forge is told about a pipeline, and when a failed report is tried again.
 *
 * One forge state per pipeline phase. GitHub and Gitea/Forgejo have no "running", so queued and running are both
 * `pending` there; GitLab has `running` and `canceled`. A failed pipeline is `failure`/`failed`; a pipeline that never
 * ran its commands properly (malformed file, missing agent type) is `error`, as is a stopped or canceled one on GitHub
 * and Gitea (neither has a "canceled" state; Gitea's `warning` is left for a run that passed with complaints).
 */
export const FORGE_KINDS = ['github', 'gitlab', 'gitea'] as const;
export type ForgeKind = (typeof FORGE_KINDS)[number];

export type PipelinePhase = 'queuing' | 'running' | 'stopping' | 'done';
export type PipelineResult = 'passed' | 'failed' | 'stopped' | 'canceled';

export interface PipelineStatusFacts {
  state: PipelinePhase;
  result: PipelineResult | null;
  /** Semaphore's result reason in lower case: test, malformed, stuck, deleted, internal, user, strategy, timeout… */
  reason: string | null;
}

export interface ForgeStatus {
  /** The forge's own state word. */
  state: string;
  /** A sentence for the commit page (GitHub cuts descriptions at 140 characters). */
  description: string;
}

type Outcome = 'queued' | 'running' | 'passed' | 'failed' | 'errored' | 'stopped' | 'canceled';

const STATE_WORDS: Record<ForgeKind, Record<Outcome, string>> = {
  github: { queued: 'pending', running: 'pending', passed: 'success', failed: 'failure', errored: 'error', stopped: 'error', canceled: 'error' },
  gitlab: { queued: 'pending', running: 'running', passed: 'success', failed: 'failed', errored: 'failed', stopped: 'canceled', canceled: 'canceled' },
  gitea: { queued: 'pending', running: 'pending', passed: 'success', failed: 'failure', errored: 'error', stopped: 'error', canceled: 'error' },
};

const DESCRIPTIONS: Record<Outcome, string> = {
  queued: 'The pipeline is queued',
  running: 'The pipeline is running',
  passed: 'The pipeline passed',
  failed: 'The pipeline failed',
  errored: 'The pipeline could not run',
  stopped: 'The pipeline was stopped',
  canceled: 'The pipeline was canceled',
};

// Reasons that mean the commands never had a fair run (Semaphore's MALFORMED, STUCK, INTERNAL): an error, not a failure.
const ERROR_REASONS = new Set(['malformed', 'stuck', 'internal', 'deleted']);

function outcomeOf(p: PipelineStatusFacts): Outcome {
  if (p.state === 'queuing') return 'queued';
  if (p.state !== 'done') return 'running';
  if (p.result === 'passed') return 'passed';
  if (p.result === 'stopped') return 'stopped';
  if (p.result === 'canceled') return 'canceled';
  return p.reason !== null && ERROR_REASONS.has(p.reason) ? 'errored' : 'failed';
}

export function forgeStatusFor(forge: ForgeKind, pipeline: PipelineStatusFacts): ForgeStatus {
  const outcome = outcomeOf(pipeline);
  return { state: STATE_WORDS[forge][outcome], description: DESCRIPTIONS[outcome] };
}

/** The status's name on the commit: one per pipeline file, so two pipelines of one commit do not overwrite each other. */
export function statusContext(pipelineFile: string): string {
  return `outpost/${pipelineFile.replace(/^\.\//, '')}`;
}

export interface RetryBudget {
  /** The first retry waits about this long; each one after it twice as long. */
  baseMs: number;
  capMs: number;
  /** Sends in all (the first one included) before the report is given up. */
  maxAttempts: number;
}

// 10 sends over about 20 minutes (5 s, 10 s, 20 s … capped at 5 min): a forge outage of a few minutes loses nothing,
// and a status that cannot be sent for 20 minutes is no longer worth showing.
export const DEFAULT_RETRY_BUDGET: RetryBudget = { baseMs: 5_000, capMs: 300_000, maxAttempts: 10 };

/**
 * The wait before send number `attempt + 1`, after `attempt` failed sends: exponential with "equal jitter" (half
 * fixed, half random) so hubs retrying after one forge outage do not all knock at once. `random` is in [0, 1).
 */
export function backoffMs(attempt: number, budget: RetryBudget, random: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(budget.capMs, budget.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export type SendOutcome = { kind: 'sent' } | { kind: 'retry'; waitMs: number } | { kind: 'give-up' };

export interface SendFacts {
  /** HTTP status, or null when no answer came (timeout, refused connection, DNS). */
  httpStatus: number | null;
  /** Whether the answer carried Retry-After (a rate limit that is not a refusal). */
  retryAfterS: number | null;
  /** Sends so far, this one included. */
  attempts: number;
}

/** 2xx is delivered; no answer, 408, 429 and 5xx are tried again within the budget; other 4xx will not get better. */
export function decideAfterSend(facts: SendFacts, budget: RetryBudget, random: number): SendOutcome {
  const { httpStatus, attempts } = facts;
  if (httpStatus !== null && httpStatus >= 200 && httpStatus < 300) return { kind: 'sent' };
  const transient = httpStatus === null || httpStatus === 408 || httpStatus === 429 || httpStatus >= 500 || facts.retryAfterS !== null;
  if (!transient || attempts >= budget.maxAttempts) return { kind: 'give-up' };
  const asked = facts.retryAfterS !== null ? Math.min(facts.retryAfterS * 1000, budget.capMs) : 0;
  return { kind: 'retry', waitMs: Math.max(asked, backoffMs(attempts, budget, random)) };
}
