import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobRequest, JobResult } from '@outpost/protocol';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/config-policy.js';
import type { AgentTimings } from '../config/timings.js';
import type { HubClient } from '../hub-client/hub-client.js';
import { shouldRetry } from '../hub-client/retry-policy.js';
import { createJobRunner, type JobRunner } from '../job/job-runner.js';
import { constructionProblem, parseJobRequest } from '../job/parse-job-request.js';
import { createLogBuffer } from '../logs/log-buffer.js';
import { createLogShipper, type LogShipper } from '../logs/log-shipper.js';
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
  onChange: (status: AgentStatus, change: 'starting' | 'running' | 'stopping' | 'finished' | 'waiting') => void;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The job shell's home directory and starting environment (default: the agent's). */
  jobShell?: { home?: string; env?: Record<string, string> };
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

export type JobProcessor = ReturnType<typeof createJobProcessor>;

export function createJobProcessor(deps: JobProcessorDeps) {
  const { log, timings } = deps;
  let status: AgentStatus = WAITING;
  let active: ActiveJob | undefined;

  function change(next: AgentStatus, kind: Parameters<JobProcessorDeps['onChange']>[1]): void {
    status = next;
    deps.onChange(status, kind);
  }

  async function fetchJob(job: ActiveJob): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await deps.client.getJob(job.id, job.fetch.signal);
      } catch (error) {
        if (job.fetch.signal.aborted) return undefined;
        log.warn({ err: error, jobId: job.id, attempt }, 'could not fetch the job');
        if (!shouldRetry(attempt, timings.getJobAttempts)) return undefined;
        await deps.sleep(timings.getJobRetryDelayMs, job.fetch.signal).catch(() => undefined);
        if (job.fetch.signal.aborted) return undefined;
      }
    }
  }

  function finish(job: ActiveJob, result: JobResult): void {
    if (job.abandoned) return;
    active = undefined;
    log.info({ jobId: job.id, result }, 'job finished');
    change({ state: 'finished-job', jobId: status.jobId || job.id, jobResult: result }, 'finished');
  }

  async function runJob(job: ActiveJob, request: JobRequest): Promise<JobResult> {
    const buffer = createLogBuffer(join(tmpdir(), `job_log_${process.hrtime.bigint()}.json`));
    const shipper = createLogShipper({
      buffer,
      url: request.logger.url,
      token: request.logger.token,
      push: (push) => deps.client.pushLogs(push),
      refresh: () => deps.client.refresh(),
      timings,
      log: log.child({ jobId: job.id, component: 'log-shipper' }),
    });
    const runner = createJobRunner({
      request,
      hooks: deps.config,
      hostEnvVars: deps.config.envVars,
      emit: (event) => {
        buffer.append(event);
        shipper.notify();
      },
      stopGraceMs: timings.stopGraceMs,
      log: log.child({ jobId: job.id }),
      home: deps.jobShell?.home,
      baseEnv: deps.jobShell?.env,
    });
    job.runner = runner;
    job.shipper = shipper;
    if (job.stopRequested) runner.stop();
    else change({ state: 'running-job', jobId: job.id, jobResult: '' }, 'running');
    try {
      const result = await runner.run();
      if (job.abandoned) return result;
      const shipped = await shipper.finish();
      if (!shipped.complete && !shipped.trimmed) log.error({ jobId: job.id, ...shipped }, 'the job log is incomplete on the hub');
      await uploadJobLogs({ mode: deps.config.uploadJobLogs, trimmed: shipped.trimmed, request, eventsFile: buffer.path, log });
      return result;
    } finally {
      shipper.abort();
      buffer.close();
    }
  }

  async function lifecycle(job: ActiveJob): Promise<void> {
    try {
      const raw = await fetchJob(job);
      if (job.stopRequested || raw === undefined) return finish(job, job.stopRequested ? 'stopped' : 'failed');
      const parsed = parseJobRequest(raw);
      const problem = parsed.ok ? constructionProblem(parsed.request, 'listener') : parsed.problem;
      if (!parsed.ok || problem) {
        log.error({ jobId: job.id, problem }, 'cannot run the job');
        return finish(job, 'failed');
      }
      finish(job, await runJob(job, parsed.request));
    } catch (error) {
      // A job must always end in a report, or the hub would wait for it until it declares the agent lost.
      log.error({ err: error, jobId: job.id }, 'the job failed inside the agent');
      finish(job, 'failed');
    }
  }

  return {
    status: () => status,

    start(jobId: string): void {
      const job: ActiveJob = { id: jobId, fetch: new AbortController(), stopRequested: false, abandoned: false, done: Promise.resolve() };
      active = job;
      log.info({ jobId }, 'job received');
      change({ state: 'starting-job', jobId, jobResult: '' }, 'starting');
      job.done = lifecycle(job);
    },

    stop(jobId: string): void {
      const job = active;
      if (!job) return;
      log.info({ jobId }, 'stop requested');
      job.stopRequested = true;
      job.fetch.abort();
      change({ state: 'stopping-job', jobId, jobResult: '' }, 'stopping');
      job.runner?.stop();
    },

    /** Drops the active job without a report (shutdown, or wait-for-jobs during a job) and kills its processes. */
    async abandon(): Promise<void> {
      const job = active;
      active = undefined;
      if (job) {
        log.warn({ jobId: job.id }, 'abandoning the job');
        job.abandoned = true;
        job.fetch.abort();
        job.shipper?.abort();
        job.runner?.stop({ abandon: true });
        await job.done;
      }
    },

    waitForJobs(): void {
      change(WAITING, 'waiting');
    },
  };
}
