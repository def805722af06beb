import type { Logger } from 'pino';
import type { Store } from '../store/database.js';
import { newTimeOrderedId } from '../ids/time-ordered-id.js';
import {
  claimCommitStatus,
  findDueCommitStatuses,
  findPipelineForReport,
  recordCommitStatus,
  recordSendResult,
  type CommitStatusRow,
  type PipelineForReport,
  type ProjectForReport,
} from '../store/commit-statuses.js';
import { buildStatusRequest, resolveForgeTarget, type ForgeTarget } from './forge-api-policy.js';
import { sendForgeRequest, type FetchLike } from './forge-client.js';
import { decideAfterSend, forgeStatusFor, statusContext, type PipelinePhase, type PipelineResult, type RetryBudget } from './status-policy.js';

/** Opens a project's sealed secrets; secrets/project-vault.ts's ProjectVault fits. */
export interface ProjectSecretOpener {
  open(project: { id: string; name: string; key_id: string }, purpose: 'credentials' | 'forge-token', envelope: string): string;
}

export interface StatusReporterDeps {
  store: Store;
  log: Logger;
  now: () => number;
  random: () => number;
  fetch: FetchLike;
  vault: ProjectSecretOpener;
  /** The hub's address in links (the pipeline page). */
  hubUrl: () => string;
  budget: RetryBudget;
  timeoutMs: number;
}

export interface StatusReporter {
  /** After a pipeline may have moved (post-commit): records its forge state if new, then sends it soon. Never throws. */
  pipelineChanged(pipelineId: string): void;
  /** Records the pipeline's current forge state in the outbox (idempotent). */
  record(pipelineId: string): Promise<void>;
  /** Sends every due report once; the report sweep calls it. Runs never overlap. */
  deliverDue(): Promise<void>;
  /** Whether this hub recorded or retried a report that may still be unsent (the sweep then looks every run). */
  mayHavePending(): boolean;
  /** Resolves when the work in flight has ended. */
  close(): Promise<void>;
}

// A sweep run sends at most this many; the next run takes the rest.
const BATCH = 100;
// Pipelines whose current forge state was recorded: skips a database write per advance (about once a second each).
const RECORDED_CACHE_MAX = 10_000;

export function createStatusReporter(deps: StatusReporterDeps): StatusReporter {
  const log = deps.log.child({ component: 'commit-status' });
  const inFlight = createInFlight();
  let delivering: Promise<void> | undefined;
  let pending = false;
  // Counts new records, so a delivery run that ends does not clear `pending` for a record made while it ran.
  let recordedSeq = 0;

  const record = createRecorder(deps, log, () => {
    pending = true;
    recordedSeq++;
  });

  function deliverDue(): Promise<void> {
    const seqAtStart = recordedSeq;
    delivering ??= deliverBatch(deps, log).then((left) => {
      pending = left || recordedSeq !== seqAtStart;
    }).finally(() => {
      delivering = undefined;
    });
    return delivering;
  }

  return {
    record,
    deliverDue,
    mayHavePending: () => pending,
    pipelineChanged(pipelineId) {
      // Safe to go on: the report sweep records the states of unsettled pipelines on every run.
      void inFlight.track(record(pipelineId).then(deliverDue)).catch((err: unknown) => log.warn({ err, pipelineId }, 'recording a commit status failed; the sweep will retry'));
    },
    async close() {
      await Promise.allSettled([...inFlight.pending(), delivering]);
    },
  };
}

/** Records a pipeline's forge state in the outbox, skipping the write when this hub already recorded that state. */
function createRecorder(deps: StatusReporterDeps, log: Logger, onQueued: () => void): (pipelineId: string) => Promise<void> {
  const recorded = new Map<string, string>();
  return async function record(pipelineId: string): Promise<void> {
    const pipeline = await findPipelineForReport(deps.store.db, pipelineId);
    if (!pipeline?.project_id) return;
    const context = reportContext(deps, pipeline);
    if (!context) return;
    const key = `${context.state}|${context.problem ?? ''}`;
    if (recorded.get(pipelineId) === key) return;
    const row = commitStatusRow(pipeline, pipeline.project_id, context, deps.now());
    if (await recordCommitStatus(deps.store.db, row)) {
      onQueued();
      log.info({ pipelineId, state: context.state, problem: context.problem ?? undefined }, 'commit status queued');
    }
    if (recorded.size >= RECORDED_CACHE_MAX) recorded.clear();
    recorded.set(pipelineId, key);
  };
}

/** Work started and not awaited (a pipeline's report), so close() can wait for it. */
function createInFlight() {
  const works = new Set<Promise<unknown>>();
  return {
    track<T>(work: Promise<T>): Promise<T> {
      works.add(work);
      void work.finally(() => works.delete(work)).catch(() => undefined);
      return work;
    },
    pending: () => [...works],
  };
}

/** A new outbox row: pending to send, or failed at once when the report cannot be sent at all. */
function commitStatusRow(pipeline: PipelineForReport, projectId: string, context: ReportContext, now: number): CommitStatusRow {
  return {
    id: newTimeOrderedId(now),
    org_id: pipeline.org_id,
    project_id: projectId,
    pipeline_id: pipeline.id,
    forge_state: context.state,
    description: context.description,
    status: context.problem ? 'failed' : 'pending',
    attempts: 0,
    next_attempt_at: now,
    last_error: context.problem,
    last_http_status: null,
    created_at: now,
    updated_at: now,
    sent_at: null,
  };
}

interface ReportContext {
  state: string;
  description: string;
  /** Why this report cannot be sent at all (no forge known, the token unreadable); null when it can. */
  problem: string | null;
}

/** A project reports once it has a token (a status token, or its HTTPS token); without one it reports nothing. */
function reportContext(deps: StatusReporterDeps, pipeline: PipelineForReport): ReportContext | null {
  const target = targetOf(deps, pipeline);
  if (!target) return null;
  const facts = { state: pipeline.state as PipelinePhase, result: pipeline.result as PipelineResult | null, reason: pipeline.result_reason };
  const { state, description } = forgeStatusFor(target.ok ? target.target.kind : 'github', facts);
  return { state, description, problem: target.ok ? null : target.problem };
}

type TargetAndToken = { ok: true; target: ForgeTarget; token: string } | { ok: false; problem: string };

function targetOf(deps: StatusReporterDeps, pipeline: PipelineForReport): TargetAndToken | null {
  const { project, forge } = pipeline;
  if (!project) return null;
  const token = openToken(deps, project, forge?.token ?? null, forge?.key_id ?? null);
  if (token === null) return null;
  if (!token.ok) return token;
  const target = resolveForgeTarget(project.repo_url, { kind: forge?.kind ?? null, apiUrl: forge?.api_url ?? null, repository: forge?.repository ?? null }, pipeline.hook_provider);
  if (!target.ok) return target;
  if (!pipeline.commit_sha) return { ok: false, problem: 'the pipeline has no commit to report to' };
  return { ok: true, target: target.target, token: token.token };
}

/** The status token when set, else the project's HTTPS token; null when the project has neither. */
function openToken(deps: StatusReporterDeps, project: ProjectForReport, statusToken: string | null, keyId: string | null): { ok: true; token: string } | { ok: false; problem: string } | null {
  try {
    if (statusToken) return { ok: true, token: deps.vault.open({ ...project, key_id: keyId ?? '' }, 'forge-token', statusToken) };
    if (project.credential_kind !== 'token' || !project.credential) return null;
    const credential = JSON.parse(deps.vault.open(project, 'credentials', project.credential)) as { token?: unknown };
    return typeof credential.token === 'string' ? { ok: true, token: credential.token } : null;
  } catch (err) {
    return { ok: false, problem: `the forge token cannot be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Sends the due reports; true when some may still be unsent (a retry scheduled, a send failed, a full batch). */
async function deliverBatch(deps: StatusReporterDeps, log: Logger): Promise<boolean> {
  const due = await findDueCommitStatuses(deps.store.db, deps.now(), BATCH);
  let left = due.length === BATCH;
  for (const row of due) {
    // One report's failure must not hold up the others; its row stays due and the next run retries it.
    const outcome = await deliverOne(deps, log, row).catch((err: unknown) => {
      log.error({ err, pipelineId: row.pipeline_id }, 'sending a commit status failed');
      return 'pending' as const;
    });
    left ||= outcome === 'pending';
  }
  return left;
}

async function deliverOne(deps: StatusReporterDeps, log: Logger, row: CommitStatusRow): Promise<'pending' | 'sent' | 'failed' | 'taken'> {
  // The claim outlasts the send's timeout, so a hub that dies mid-send leaves the row due again soon after.
  if (!(await claimCommitStatus(deps.store.db, row, deps.now() + deps.timeoutMs + 5_000))) return 'taken';
  const pipeline = await findPipelineForReport(deps.store.db, row.pipeline_id);
  const target = pipeline ? targetOf(deps, pipeline) : null;
  const attempts = row.attempts + 1;
  const base = { id: row.id, attempts, lastHttpStatus: null, now: deps.now() };
  if (!pipeline || !target || !target.ok) {
    const lastError = target && !target.ok ? target.problem : 'the project no longer has a forge token';
    await recordSendResult(deps.store.db, { ...base, status: 'failed', nextAttemptAt: base.now, lastError });
    log.warn({ pipelineId: row.pipeline_id, problem: lastError }, 'commit status not sent');
    return 'failed';
  }
  const request = buildStatusRequest(target.target, {
    sha: pipeline.commit_sha,
    state: row.forge_state,
    description: row.description,
    context: statusContext(pipeline.yaml_file_path),
    targetUrl: `${deps.hubUrl().replace(/\/+$/, '')}/pipelines/${pipeline.id}`,
  });
  const answer = await sendForgeRequest(deps.fetch, request, target.token, deps.timeoutMs);
  const now = deps.now();
  const next = decideAfterSend({ httpStatus: answer.httpStatus, retryAfterS: answer.retryAfterS, attempts }, deps.budget, deps.random());
  const status = next.kind === 'sent' ? 'sent' : next.kind === 'retry' ? 'pending' : 'failed';
  const nextAttemptAt = next.kind === 'retry' ? now + next.waitMs : now;
  await recordSendResult(deps.store.db, { id: row.id, status, attempts, nextAttemptAt, lastError: answer.error, lastHttpStatus: answer.httpStatus, now });
  const fields = { pipelineId: pipeline.id, forge: target.target.kind, url: request.url, state: row.forge_state, httpStatus: answer.httpStatus, attempts };
  if (status === 'sent') log.info(fields, 'commit status sent');
  else log.warn({ ...fields, error: answer.error, retryInMs: next.kind === 'retry' ? next.waitMs : undefined }, status === 'pending' ? 'commit status send failed; retrying' : 'commit status given up');
  return status;
}
