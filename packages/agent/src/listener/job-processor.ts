import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitOrWake, type JobRequest, type JobResult } from '@outpost/protocol';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/config-policy.js';
import type { AgentTimings } from '../config/timings.js';
import type { HubClient } from '../hub-client/hub-client.js';
import { shouldRetry } from '../hub-client/retry-policy.js';
import { createJobRunner, type JobRunner } from '../job/job-runner.js';
import { constructionProblem, parseJobRequest } from '../job/parse-job-request.js';
import { createLogBuffer, type LogBuffer } from '../logs/log-buffer.js';
import { createLogShipper, type LogShipper } from '../logs/log-shipper.js';
import type { ListenerEvent } from './listener-events.js';
import { WAITING, type AgentStatus } from './sync-policy.js';
import { uploadJobLogs } from './upload-job-logs.js';

/**
 * One job at a time, from `run-job` to the `finished-job` report (spec §2.3, §3.3): fetch the job (10 × 3 s),
 * check it, run it with its log going to a local file and on to the hub, flush the log (≤ 60 s), report.
 */
export interface JobProcessorDeps {
  client: Pick<HubClient, 'getJob' | 'refresh' | 'pushLogs'>;
  config: AgentConfig;
  timings: AgentTimings;
  log: Logger;
  /** Called on every status change; `finished` asks for an immediate sync. */
  onChange: (status: AgentStatus, change: StatusChange) => void;
  onEvent?: (event: ListenerEvent) => void;
  /** The job shell's home directory and starting environment (default: the agent's). */
  jobShell?: { home?: string; env?: Record<string, string> };
}

export type StatusChange = 'starting' | 'running' | 'stopping' | 'finished' | 'waiting';

export interface JobProcessor {
  status(): AgentStatus;
  start(jobId: string): void;
  stop(jobId: string): void;
  /** Drops the active job without a report (shutdown, or wait-for-jobs during a job) and kills its processes. */
  abandon(): Promise<void>;
  waitForJobs(): void;
}

interface ActiveJob {
  id: string;
  fetch: AbortController;
  stopRequested: boolean;
  abandoned: boolean;
  runner?: JobRunner;
  shipper?: LogShipper;
  done: Promise<void>;
}

/** The processor's state: the status it reports and the job it works on. */
interface Processing {
  deps: JobProcessorDeps;
  status: AgentStatus;
  active: ActiveJob | undefined;
}

export function createJobProcessor(deps: JobProcessorDeps): JobProcessor {
  const processing: Processing = { deps, status: WAITING, active: undefined };
  return {
    status: () => processing.status,
    start: (jobId) => startJob(processing, jobId),
    stop: (jobId) => stopJob(processing, jobId),
    abandon: () => abandonJob(processing),
    waitForJobs: () => change(processing, WAITING, 'waiting'),
  };
}

function change(processing: Processing, next: AgentStatus, kind: StatusChange): void {
  processing.status = next;
  processing.deps.onChange(next, kind);
}

function startJob(processing: Processing, jobId: string): void {
  const job: ActiveJob = { id: jobId, fetch: new AbortController(), stopRequested: false, abandoned: false, done: Promise.resolve() };
  processing.active = job;
  processing.deps.log.info({ jobId }, 'job received');
  change(processing, { state: 'starting-job', jobId, jobResult: '' }, 'starting');
  job.done = lifecycle(processing, job);
}

function stopJob(processing: Processing, jobId: string): void {
  const job = processing.active;
  if (!job) return;
  processing.deps.log.info({ jobId }, 'stop requested');
  job.stopRequested = true;
  job.fetch.abort();
  change(processing, { state: 'stopping-job', jobId, jobResult: '' }, 'stopping');
  job.runner?.stop();
}

async function abandonJob(processing: Processing): Promise<void> {
  const job = processing.active;
  processing.active = undefined;
  if (!job) return;
  processing.deps.log.warn({ jobId: job.id }, 'abandoning the job');
  job.abandoned = true;
  job.fetch.abort();
  job.shipper?.abort();
  job.runner?.stop({ abandon: true });
  await job.done;
}

function finish(processing: Processing, job: ActiveJob, result: JobResult): void {
  if (job.abandoned) return;
  processing.active = undefined;
  processing.deps.log.info({ jobId: job.id, result }, 'job finished');
  change(processing, { state: 'finished-job', jobId: processing.status.jobId || job.id, jobResult: result }, 'finished');
}

async function lifecycle(processing: Processing, job: ActiveJob): Promise<void> {
  const { log } = processing.deps;
  try {
    const raw = await fetchJob(processing.deps, job);
    if (job.stopRequested || raw === undefined) return finish(processing, job, job.stopRequested ? 'stopped' : 'failed');
    const parsed = parseJobRequest(raw);
    const problem = parsed.ok ? constructionProblem(parsed.request, 'listener') : parsed.problem;
    if (!parsed.ok || problem) {
      log.error({ jobId: job.id, problem }, 'cannot run the job');
      return finish(processing, job, 'failed');
    }
    finish(processing, job, await runJob(processing, job, parsed.request));
  } catch (error) {
    // A job must always end in a report, or the hub would wait for it until it declares the agent lost.
    log.error({ err: error, jobId: job.id }, 'the job failed inside the agent');
    finish(processing, job, 'failed');
  }
}

/** GET /jobs/:id with its retry budget (10 × 3 s, spec §1.4); undefined when it never came or a stop ended it. */
async function fetchJob(deps: JobProcessorDeps, job: ActiveJob): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.client.getJob(job.id, job.fetch.signal);
    } catch (error) {
      if (job.fetch.signal.aborted) return undefined;
      deps.log.warn({ err: error, jobId: job.id, attempt }, 'could not fetch the job');
      if (!shouldRetry(attempt, deps.timings.getJobAttempts)) return undefined;
      await waitOrWake(deps.timings.getJobRetryDelayMs, job.fetch.signal);
      if (job.fetch.signal.aborted) return undefined;
    }
  }
}

async function runJob(processing: Processing, job: ActiveJob, request: JobRequest): Promise<JobResult> {
  const { deps } = processing;
  const buffer = createLogBuffer(join(tmpdir(), `job_log_${process.hrtime.bigint()}.json`));
  const shipper = shipperFor(deps, job.id, request, buffer);
  const runner = runnerFor(deps, job.id, request, buffer, shipper);
  job.runner = runner;
  job.shipper = shipper;
  if (job.stopRequested) runner.stop();
  else change(processing, { state: 'running-job', jobId: job.id, jobResult: '' }, 'running');
  try {
    const result = await runner.run();
    if (job.abandoned) return result;
    const shipped = await shipper.finish();
    if (!shipped.complete && !shipped.trimmed) deps.log.error({ jobId: job.id, ...shipped }, 'the job log is incomplete on the hub');
    await uploadJobLogs({ mode: deps.config.uploadJobLogs, trimmed: shipped.trimmed, request, eventsFile: buffer.path, log: deps.log });
    return result;
  } finally {
    shipper.abort();
    buffer.close();
  }
}

function shipperFor(deps: JobProcessorDeps, jobId: string, request: JobRequest, buffer: LogBuffer): LogShipper {
  return createLogShipper({
    buffer,
    url: request.logger.url,
    token: request.logger.token,
    push: (push) => deps.client.pushLogs(push),
    refresh: () => deps.client.refresh(),
    timings: deps.timings,
    log: deps.log.child({ jobId, component: 'log-shipper' }),
    onPushFailed: (failure) => deps.onEvent?.({ kind: 'log-push-failed', jobId, ...failure }),
  });
}

function runnerFor(deps: JobProcessorDeps, jobId: string, request: JobRequest, buffer: LogBuffer, shipper: LogShipper): JobRunner {
  return createJobRunner({
    request,
    hooks: deps.config,
    hostEnvVars: deps.config.envVars,
    emit: (event) => {
      buffer.append(event);
      shipper.notify();
    },
    stopGraceMs: deps.timings.stopGraceMs,
    log: deps.log.child({ jobId }),
    home: deps.jobShell?.home,
    baseEnv: deps.jobShell?.env,
  });
}
