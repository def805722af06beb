import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/config-policy.js';
import { baseUrlOf } from '../config/config-policy.js';
import type { AgentTimings } from '../config/timings.js';
import { AgentError } from '../errors.js';
import type { HostFacts } from '../host/host-facts.js';
import { logNameOf } from '../host/name-policy.js';
import type { HubClient, SyncAnswer } from '../hub-client/hub-client.js';
import { shouldRetry } from '../hub-client/retry-policy.js';
import { AGENT_VERSION } from '../version.js';
import { createJobProcessor, type JobProcessor } from './job-processor.js';
import { runShutdownHook } from './shutdown-hook.js';
import { UNABLE_TO_SYNC, shutdownOf, unableToSync, type Shutdown } from './shutdown-policy.js';
import { nextSyncDelayMs, planAction, syncRequestOf } from './sync-policy.js';

/**
 * The agent's main loop (spec §2): register (30 × 1 s), then sync — at once, then as the hub says — and obey
 * each answer; jobs run beside the loop. SIGTERM/SIGINT only set `interrupted_at` and force a sync: the hub
 * decides what happens next. Ends with disconnect (100 × 1 s), the shutdown hook and an exit code (spec §2.7).
 *
 * Against a hub that answers with `x-outpost-long-poll: 1` every sync carries `X-Outpost-Wait`, the hub holds
 * it until something changes, and every change of state is reported at once; against any other hub the agent
 * polls exactly like the official one.
 */
export interface ListenerDeps {
  config: AgentConfig;
  timings: AgentTimings;
  client: HubClient;
  log: Logger;
  host: HostFacts;
  name: string;
  /** Called before every registration attempt when set: name-from-aws-sts signs a fresh STS URL each time. */
  nameForRegistration?: () => Promise<string>;
  now?: () => number;
  random?: () => number;
  /** The job shell's home and environment (default: the agent's own). */
  jobShell?: { home?: string; env?: Record<string, string> };
  /** Test hook: what the listener did, in order. */
  onEvent?: (event: ListenerEvent) => void;
}

export type ListenerEvent =
  | { kind: 'registered'; name: string }
  | { kind: 'synced'; answer: SyncAnswer }
  | { kind: 'shutdown'; shutdown: Shutdown };

export interface Listener {
  /** Resolves with the process exit code. */
  run(): Promise<number>;
  /** SIGTERM/SIGINT: the first sets interrupted_at and forces a sync; later ones are only logged. */
  interrupt(): void;
  /** Ends the loop at once without disconnecting (tests, and a third signal). */
  close(): void;
}

export function createListener(deps: ListenerDeps): Listener {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const { config, timings, client } = deps;
  // A URL name (pre-signed STS) carries a signature and a session token: log only its host.
  let log = deps.log.child({ agent: logNameOf(deps.name) });
  const closed = new AbortController();
  let interruptedAt = 0;
  let longPoll = false;
  let forcePending = false;
  let inflight: AbortController | undefined;
  let wakeWait: (() => void) | undefined;
  let processor: JobProcessor | undefined;

  function forceSync(): void {
    forcePending = true;
    inflight?.abort();
    wakeWait?.();
  }

  async function register(): Promise<void> {
    const body = {
      name: deps.name,
      version: AGENT_VERSION,
      pid: deps.host.pid,
      os: deps.host.os,
      arch: deps.host.arch,
      hostname: deps.host.hostname,
      single_job: config.disconnectAfterJob,
      idle_timeout: config.idleTimeoutSeconds,
      interruption_grace_period: config.interruptionGracePeriodSeconds,
      job_id: config.jobId,
    };
    // 30 tries, 1 s apart, every failure alike (spec §1.2); an interrupt ends the attempts.
    for (let attempt = 1; ; attempt++) {
      try {
        const name = deps.nameForRegistration ? await deps.nameForRegistration() : deps.name;
        const answer = await client.register(config.token, { ...body, name }, closed.signal);
        client.setAccessToken(answer.token);
        log = deps.log.child({ agent: answer.name });
        log.info({ requestedName: logNameOf(deps.name) }, 'registered');
        deps.onEvent?.({ kind: 'registered', name: answer.name });
        return;
      } catch (error) {
        log.warn({ err: error, attempt }, 'registration failed');
        if (!shouldRetry(attempt, timings.registerAttempts) || closed.signal.aborted || interruptedAt > 0) {
          const detail = error instanceof Error ? error.message : String(error);
          throw new AgentError('registration-failed', { url: baseUrlOf(config), attempts: attempt, detail }, { cause: error });
        }
        await delay(timings.registerRetryDelayMs, undefined, { signal: closed.signal }).catch(() => undefined);
      }
    }
  }

  async function obey(answer: SyncAnswer, jobs: JobProcessor): Promise<Shutdown | undefined> {
    const plan = planAction(answer, jobs.status().state);
    switch (plan.kind) {
      case 'run-job':
        jobs.start(plan.jobId);
        return undefined;
      case 'stop-job':
        jobs.stop(plan.jobId);
        return undefined;
      case 'wait-for-jobs':
        if (plan.abandon) await jobs.abandon();
        jobs.waitForJobs();
        return undefined;
      case 'shutdown':
        return shutdownOf(plan.reason);
      case 'ignore':
        log.warn({ action: answer.action, jobId: answer.jobId, why: plan.why }, 'ignoring the hub’s answer');
        return undefined;
      case 'continue':
        return undefined;
    }
  }

  /** Waits `ms`, or less when a sync is forced or the listener closes. */
  function pause(ms: number): Promise<void> {
    if (forcePending || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        closed.signal.removeEventListener('abort', done);
        wakeWait = undefined;
        resolve();
      }
      wakeWait = done;
      closed.signal.addEventListener('abort', done, { once: true });
    });
  }

  async function shutdown(jobs: JobProcessor | undefined, how: Shutdown): Promise<number> {
    log.info({ reason: how.reason, exitCode: how.exitCode }, 'shutting down');
    deps.onEvent?.({ kind: 'shutdown', shutdown: how });
    await jobs?.abandon();
    // 100 tries, 1 s apart (spec §1.6); a failure is logged and the shutdown goes on.
    for (let attempt = 1; !closed.signal.aborted; attempt++) {
      try {
        await client.disconnect(closed.signal);
        break;
      } catch (error) {
        log.warn({ err: error, attempt }, 'disconnect failed');
        if (!shouldRetry(attempt, timings.disconnectAttempts)) break;
        await delay(timings.disconnectRetryDelayMs, undefined, { signal: closed.signal }).catch(() => undefined);
      }
    }
    if (config.shutdownHookPath) await runShutdownHook(config.shutdownHookPath, how.reason, log);
    return how.exitCode;
  }

  async function loop(jobs: JobProcessor): Promise<number> {
    let lastSuccess = now();
    while (!closed.signal.aborted) {
      const waitSeconds = longPoll ? Math.max(1, Math.min(timings.longPollSeconds, Math.floor(timings.httpTimeoutMs / 1000) - 5)) : 0;
      const request = syncRequestOf(jobs.status(), interruptedAt);
      forcePending = false;
      const controller = new AbortController();
      // Only a held long-poll is cut short by a forced sync; a plain sync is answered at once anyway.
      inflight = waitSeconds > 0 ? controller : undefined;
      const startedAt = now();
      let wait: number;
      try {
        const answer = await client.sync(request, { waitSeconds, signal: AbortSignal.any([controller.signal, closed.signal]) });
        inflight = undefined;
        lastSuccess = now();
        longPoll = answer.longPoll;
        deps.onEvent?.({ kind: 'synced', answer });
        const stop = await obey(answer, jobs);
        if (stop) return shutdown(jobs, stop);
        wait = nextSyncDelayMs({ answer, elapsedMs: now() - startedAt, random: random(), timings });
      } catch (error) {
        inflight = undefined;
        if (closed.signal.aborted) break;
        if (controller.signal.aborted) continue; // a forced sync replaced this one
        log.warn({ err: error }, 'sync failed');
        longPoll = false;
        if (unableToSync(lastSuccess, now(), timings.unableToSyncMs)) return shutdown(jobs, UNABLE_TO_SYNC);
        wait = nextSyncDelayMs({ elapsedMs: now() - startedAt, random: random(), timings });
      }
      await pause(wait);
    }
    await jobs.abandon();
    return 1;
  }

  return {
    async run() {
      await register();
      processor = createJobProcessor({
        client,
        config,
        timings,
        log,
        sleep: (ms, signal) => delay(ms, undefined, { signal }),
        jobShell: deps.jobShell,
        onChange: (_status, change) => {
          // The official agent forces a sync only when a job finishes; a long-polling agent reports every change.
          if (change === 'finished' || longPoll) forceSync();
        },
      });
      return loop(processor);
    },

    interrupt() {
      if (!processor) {
        // Not registered yet: there is no hub to tell, so stop trying.
        log.info('interrupted before registration; exiting');
        closed.abort();
        return;
      }
      if (interruptedAt > 0) {
        log.warn('already interrupted; waiting for the hub to stop the job or shut the agent down');
        return;
      }
      interruptedAt = Math.floor(now() / 1000);
      log.info({ interruptedAt }, 'interrupted; telling the hub');
      forceSync();
    },

    close() {
      closed.abort();
      wakeWait?.();
    },
  };
}
