import { randomBytes } from 'node:crypto';
import { createWake, waitOrWake, type RegisterRequest, type Wake } from '@outpost/protocol';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/config-policy.js';
import { baseUrlOf } from '../config/config-policy.js';
import type { AgentTimings } from '../config/timings.js';
import { AgentError } from '../errors.js';
import type { HostFacts } from '../host/host-facts.js';
import { logNameOf, randomAgentName } from '../host/name-policy.js';
import { HubCallError, type HubClient, type SyncAnswer } from '../hub-client/hub-client.js';
import { shouldRetry } from '../hub-client/retry-policy.js';
import { AGENT_VERSION } from '../version.js';
import type { ListenerEvent } from './listener-events.js';
import { createJobProcessor, type JobProcessor } from './job-processor.js';
import { runShutdownHook } from './shutdown-hook.js';
import { UNABLE_TO_SYNC, shutdownOf, unableToSync, type Shutdown } from './shutdown-policy.js';
import { longPollWaitSeconds, nextSyncDelayMs, planAction, syncRequestOf } from './sync-policy.js';
import { mustRegisterAgain, nameAfterRefusal, type CallFailure, type NameChoiceAgain } from './register-again-policy.js';

export type { ListenerEvent } from './listener-events.js';

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
  /** What the listener did, in order (tests, and a parent process over IPC). */
  onEvent?: (event: ListenerEvent) => void;
}

export interface Listener {
  /** Resolves with the process exit code. */
  run(): Promise<number>;
  /** SIGTERM/SIGINT: the first sets interrupted_at and forces a sync; later ones are only logged. */
  interrupt(): void;
  /** Ends the loop at once without disconnecting (tests, and a third signal). */
  close(): void;
}

/** One listener's state: its dependencies, what it has learnt, and the handles that cut its waits short. */
interface ListenerRun {
  deps: ListenerDeps;
  now: () => number;
  random: () => number;
  emit: (event: ListenerEvent) => void;
  /** Bound to the agent's name; rebound to the name the hub returns. */
  log: Logger;
  closed: AbortController;
  /** Ends the pause between syncs when a sync is forced. */
  wake: Wake;
  interruptedAt: number;
  longPoll: boolean;
  /** A sync was forced since the last one started: the next one goes out without a pause. */
  forcePending: boolean;
  /** The held long-poll sync, which a forced sync replaces. */
  inflight: AbortController | undefined;
  processor: JobProcessor | undefined;
  /** Registering again after the hub forgot the agent: its own name, or a new one while the old is still held. */
  nameAgain: NameChoiceAgain;
}

export function createListener(deps: ListenerDeps): Listener {
  const run: ListenerRun = {
    deps,
    now: deps.now ?? Date.now,
    random: deps.random ?? Math.random,
    emit: (event) => deps.onEvent?.(event),
    // A URL name (pre-signed STS) carries a signature and a session token: log only its host.
    log: deps.log.child({ agent: logNameOf(deps.name) }),
    closed: new AbortController(),
    wake: createWake(),
    interruptedAt: 0,
    longPoll: false,
    forcePending: false,
    inflight: undefined,
    processor: undefined,
    nameAgain: 'keep',
  };
  return {
    async run() {
      await register(run);
      run.processor = createJobProcessor({
        client: deps.client,
        config: deps.config,
        timings: deps.timings,
        log: run.log,
        jobShell: deps.jobShell,
        onEvent: run.emit,
        // The official agent forces a sync only when a job finishes; a long-polling agent reports every change.
        onChange: (_status, change) => {
          if (change === 'finished' || run.longPoll) forceSync(run);
        },
      });
      return loop(run, run.processor);
    },
    interrupt: () => interrupt(run),
    close: () => run.closed.abort(),
  };
}

function forceSync(run: ListenerRun): void {
  run.forcePending = true;
  run.inflight?.abort();
  run.wake.wake();
}

function interrupt(run: ListenerRun): void {
  if (!run.processor) {
    // Not registered yet: there is no hub to tell, so stop trying.
    run.log.info('interrupted before registration; exiting');
    run.emit({ kind: 'interrupted', repeated: false, registered: false });
    run.closed.abort();
    return;
  }
  if (run.interruptedAt > 0) {
    run.log.warn('already interrupted; waiting for the hub to stop the job or shut the agent down');
    run.emit({ kind: 'interrupted', repeated: true, registered: true });
    return;
  }
  run.interruptedAt = Math.floor(run.now() / 1000);
  run.log.info({ interruptedAt: run.interruptedAt }, 'interrupted; telling the hub');
  run.emit({ kind: 'interrupted', repeated: false, registered: true });
  forceSync(run);
}

function registrationBody(deps: ListenerDeps): RegisterRequest {
  const { config, host } = deps;
  return {
    name: deps.name,
    version: AGENT_VERSION,
    pid: host.pid,
    os: host.os,
    arch: host.arch,
    hostname: host.hostname,
    single_job: config.disconnectAfterJob,
    idle_timeout: config.idleTimeoutSeconds,
    interruption_grace_period: config.interruptionGracePeriodSeconds,
    job_id: config.jobId,
  };
}

// A new random name is 15 random bytes, 20 characters (spec §5.2).
const RANDOM_NAME_BYTES = 15;

async function nameToRegister(run: ListenerRun): Promise<string> {
  if (run.nameAgain === 'new-random') return randomAgentName(randomBytes(RANDOM_NAME_BYTES));
  return run.deps.nameForRegistration ? await run.deps.nameForRegistration() : run.deps.name;
}

function failureOf(error: unknown): CallFailure {
  return error instanceof HubCallError ? { status: error.status, hubCode: error.hubCode } : { status: undefined, hubCode: undefined };
}

/** `again`: the hub forgot this agent (a sync answered 401); a name it still holds gives way to a new one. */
async function register(run: ListenerRun, again = false): Promise<void> {
  const { config, timings, client } = run.deps;
  const body = registrationBody(run.deps);
  // 30 tries, 1 s apart, every failure alike (spec §1.2); an interrupt ends the attempts.
  for (let attempt = 1; ; attempt++) {
    try {
      const name = await nameToRegister(run);
      const answer = await client.register(config.token, { ...body, name }, run.closed.signal);
      client.setAccessToken(answer.token);
      run.log = run.deps.log.child({ agent: answer.name });
      run.log.info({ requestedName: logNameOf(run.deps.name) }, 'registered');
      run.emit({ kind: 'registered', name: answer.name });
      return;
    } catch (error) {
      run.log.warn({ err: error, attempt }, 'registration failed');
      if (again) run.nameAgain = nameAfterRefusal(failureOf(error), run.nameAgain);
      if (!shouldRetry(attempt, timings.registerAttempts) || run.closed.signal.aborted || run.interruptedAt > 0) {
        const detail = error instanceof Error ? error.message : String(error);
        throw new AgentError('registration-failed', { url: baseUrlOf(config), attempts: attempt, detail }, { cause: error });
      }
      await waitOrWake(timings.registerRetryDelayMs, run.closed.signal);
    }
  }
}

async function obey(run: ListenerRun, answer: SyncAnswer, jobs: JobProcessor): Promise<Shutdown | undefined> {
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
      run.log.warn({ action: answer.action, jobId: answer.jobId, why: plan.why }, 'ignoring the hub’s answer');
      run.emit({ kind: 'ignored', action: answer.action, jobId: answer.jobId, why: plan.why });
      return undefined;
    case 'continue':
      return undefined;
  }
}

async function shutdown(run: ListenerRun, jobs: JobProcessor | undefined, how: Shutdown): Promise<number> {
  run.log.info({ reason: how.reason, exitCode: how.exitCode }, 'shutting down');
  run.emit({ kind: 'shutdown', shutdown: how });
  await jobs?.abandon();
  await disconnect(run);
  if (run.deps.config.shutdownHookPath) await runShutdownHook(run.deps.config.shutdownHookPath, how.reason, run.log);
  return how.exitCode;
}

/** 100 tries, 1 s apart (spec §1.6); a failure is logged and the shutdown goes on. */
async function disconnect(run: ListenerRun): Promise<void> {
  const { client, timings } = run.deps;
  for (let attempt = 1; !run.closed.signal.aborted; attempt++) {
    try {
      await client.disconnect(run.closed.signal);
      return;
    } catch (error) {
      run.log.warn({ err: error, attempt }, 'disconnect failed');
      if (!shouldRetry(attempt, timings.disconnectAttempts)) return;
      await waitOrWake(timings.disconnectRetryDelayMs, run.closed.signal);
    }
  }
}

/** What one sync round ended with: a pause before the next, a shutdown, or a forced sync that replaced it. */
type SyncRound =
  | { next: 'pause'; ms: number; syncedAt: number | undefined }
  | { next: 'shutdown'; how: Shutdown }
  | { next: 'again' }
  | { next: 'register-again' }
  | { next: 'closed' };

async function syncRound(run: ListenerRun, jobs: JobProcessor, lastSuccess: number): Promise<SyncRound> {
  const { client, timings } = run.deps;
  const waitSeconds = run.longPoll ? longPollWaitSeconds(timings) : 0;
  const request = syncRequestOf(jobs.status(), run.interruptedAt);
  run.forcePending = false;
  const controller = new AbortController();
  // Only a held long-poll is cut short by a forced sync; a plain sync is answered at once anyway.
  run.inflight = waitSeconds > 0 ? controller : undefined;
  const startedAt = run.now();
  try {
    const answer = await client.sync(request, { waitSeconds, signal: AbortSignal.any([controller.signal, run.closed.signal]) });
    run.inflight = undefined;
    const syncedAt = run.now();
    run.longPoll = answer.longPoll;
    run.emit({ kind: 'synced', answer });
    const stop = await obey(run, answer, jobs);
    if (stop) return { next: 'shutdown', how: stop };
    return { next: 'pause', ms: nextSyncDelayMs({ answer, elapsedMs: run.now() - startedAt, random: run.random(), timings }), syncedAt };
  } catch (error) {
    run.inflight = undefined;
    if (run.closed.signal.aborted) return { next: 'closed' };
    if (controller.signal.aborted) return { next: 'again' };
    run.log.warn({ err: error }, 'sync failed');
    run.emit({ kind: 'sync-failed', message: error instanceof Error ? error.message : String(error) });
    run.longPoll = false;
    if (mustRegisterAgain(failureOf(error), { singleJob: run.deps.config.disconnectAfterJob })) return { next: 'register-again' };
    if (unableToSync(lastSuccess, run.now(), timings.unableToSyncMs)) return { next: 'shutdown', how: UNABLE_TO_SYNC };
    return { next: 'pause', ms: nextSyncDelayMs({ elapsedMs: run.now() - startedAt, random: run.random(), timings }), syncedAt: undefined };
  }
}

/**
 * The hub answered 401 to a sync: it declared this agent lost (and failed or requeued its job) or lost its database.
 * The job it may still run is no longer the agent's to report; it is dropped and the agent registers as a new one.
 */
async function registerAgain(run: ListenerRun, jobs: JobProcessor): Promise<boolean> {
  run.log.warn('the hub no longer knows this agent (its sync was answered 401); registering again');
  if (jobs.status().state !== 'waiting-for-jobs') await jobs.abandon();
  jobs.waitForJobs();
  try {
    await register(run, true);
    return true;
  } catch (error) {
    run.log.error({ err: error }, 'registering again failed; the next sync tries again');
    return false;
  }
}

async function loop(run: ListenerRun, jobs: JobProcessor): Promise<number> {
  let lastSuccess = run.now();
  while (!run.closed.signal.aborted) {
    const round = await syncRound(run, jobs, lastSuccess);
    if (round.next === 'shutdown') return shutdown(run, jobs, round.how);
    if (round.next === 'closed') break;
    if (round.next === 'again') continue;
    if (round.next === 'register-again') {
      // A registration is an answer from the hub as good as a sync; a failed one leaves the unable-to-sync clock running.
      if (await registerAgain(run, jobs)) lastSuccess = run.now();
      else if (run.interruptedAt > 0 || unableToSync(lastSuccess, run.now(), run.deps.timings.unableToSyncMs)) return shutdown(run, jobs, UNABLE_TO_SYNC);
      continue;
    }
    lastSuccess = round.syncedAt ?? lastSuccess;
    // A sync forced while this one ran goes out at once; a forced sync during the pause ends it.
    if (!run.forcePending) await waitOrWake(round.ms, run.closed.signal, run.wake);
  }
  await jobs.abandon();
  return 1;
}
