import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import type { HubConfig } from './config.js';
import { buildApp } from './app.js';
import { createLogger, type Logger } from './log.js';
import { openStore } from './store/database.js';
import { createInProcessWakeups } from './wakeups/wakeups.js';
import { createApiAuth } from './auth/api-auth.js';
import { createAgentAuth } from './auth/agent-auth.js';
import { createSessions } from './auth/sessions.js';
import { noInvitationMailer } from './mail/invitation-mailer.js';
import { createSmtpInvitationMailer } from './mail/smtp-mailer.js';
import type { HubServices } from './services.js';
import { createStsVerifier } from './sts/create-sts-verifier.js';
import type { Sweep } from './sweeps/run-sweep.js';
import { startReleaseNamesSweep } from './sweeps/release-names.js';
import { bootstrapIfEmpty, firstStartMessage } from './lifecycle/bootstrap.js';
import { createLongPoll } from './dispatch/long-poll.js';
import { createDispatcher } from './dispatch/dispatcher.js';
import { createLastSyncBuffer } from './dispatch/last-sync-buffer.js';
import { createPgWakeups } from './wakeups/pg-wakeups.js';
import { createHubMetrics } from './metrics/hub-metrics.js';
import { startExpireOffersSweep } from './sweeps/expire-offers.js';
import { startDetectLostAgentsSweep } from './sweeps/detect-lost-agents.js';
import { startExecutionTimeLimitSweep } from './sweeps/execution-time-limit.js';
import { startAdvancePipelinesSweep } from './sweeps/advance-pipelines.js';
import { createPipelineRuntime, type PipelineRuntime } from './lifecycle/pipelines.js';
import { loadSecretsKey, type SecretsKeyState } from './secrets/secrets-key.js';
import { createSecretVault } from './secrets/vault.js';
import { createSecretResolver } from './secrets/secret-resolver.js';
import { createJobSecrets } from './secrets/job-secrets.js';
import { countSecretsOfOtherKeys } from './store/secrets.js';
import { startPurgeJobSecretsSweep } from './sweeps/purge-job-secrets.js';
import { createProjectVault } from './secrets/project-vault.js';
import { createRepositoryCache } from './git/repository-cache.js';
import { createPipelineEvents } from './lifecycle/pipeline-events.js';
import { createStatusReporter, type StatusReporter } from './forge/status-reporter.js';
import { DEFAULT_RETRY_BUDGET } from './forge/status-policy.js';
import { startReportCommitStatusesSweep } from './sweeps/report-commit-statuses.js';
import { createProjectJobContext } from './lifecycle/project-job-context.js';
import { createHearing, type Hearing } from './lifecycle/hearing.js';
import { PIPELINE_YAML_MAX_BYTES } from '@outpost/protocol';
import type { Store } from './store/database.js';
import type { JobRow } from './store/jobs.js';

export interface RunningHub {
  app: FastifyInstance;
  services: HubServices;
  /** e.g. http://127.0.0.1:43117 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartHubOptions {
  /** Where log lines go (tests capture them); stdout by default. */
  logDestination?: pino.DestinationStream;
  now?: () => number;
  /** Where the one-time first-start message (sign-in, API token) goes; stdout by default, never the log. */
  print?: (text: string) => void;
}

/**
 * The composition root: config → store → services → app → sweeps → listen. Everything it opens, close() closes,
 * in reverse order.
 */
export async function startHub(config: HubConfig, options: StartHubOptions = {}): Promise<RunningHub> {
  const log: Logger = createLogger(config.logLevel, options.logDestination, config.logFormat);
  const now = options.now ?? Date.now;
  // First, before anything opens: a malformed key or a key file others can read stops the start (SecretsKeyError).
  const secretsKey = loadSecretsKey({ envKey: config.secretsKey, usesPostgres: Boolean(config.databaseUrl), dataDir: config.dataDir });
  const hearing = createHearing({ now, monotonic: () => performance.now(), log, tickMs: HEARING_TICK_MS, settings: hearingSettings(config) });
  const { store, firstStart } = await openHubStore(config, log, now, hearing).catch((err: unknown) => {
    hearing.close();
    throw err;
  });
  await reportSecretsKey(store, secretsKey, log);
  const parts = await createHubServices({ config, store, log, now, secretsKey, hearing });
  const https = config.tlsCertPath && config.tlsKeyPath
    ? { cert: readFileSync(config.tlsCertPath), key: readFileSync(config.tlsKeyPath) }
    : undefined;
  const app = await buildApp(parts.services, { log, https, trustProxy: config.trustProxy });
  const running: OpenParts = { ...parts, app, sweeps: startSweeps(parts.services, parts.statusReporter) };
  await listenOrClose(running);
  const { url, port } = listenedAddress(app, config, Boolean(https));
  log.info({ port, dialect: store.dialect }, 'hub started');
  parts.setListenUrl(url);
  if (firstStart) (options.print ?? ((text: string) => void process.stdout.write(text)))(firstStartMessage(firstStart, url));
  return runningHub(running, url, port);
}

interface HubServiceParts {
  services: HubServices;
  statusReporter: StatusReporter;
  /** Links in commit statuses point at the public URL, else at the address this hub listens on (known after listen). */
  setListenUrl(url: string): void;
}

interface OpenParts extends HubServiceParts {
  app: FastifyInstance;
  sweeps: Sweep[];
}

// The hub's clock ticks this often; a tick a second late means its event loop was stalled (lifecycle/hearing.ts).
const HEARING_TICK_MS = 250;

function hearingSettings(config: HubConfig) {
  return { stallToleranceMs: 1_000, storeQuietMs: Math.max(2_000, 2 * config.sweepIntervalMs) };
}

async function openHubStore(config: HubConfig, log: Logger, now: () => number, hearing: Hearing) {
  const store = await openStore({
    onStorageError: () => hearing.storeFailed(),
    onCheckpointProblem: ({ err, workerStopped }) =>
      log.warn({ err, workerStopped }, workerStopped ? 'the SQLite checkpoint worker stopped; commits checkpoint the write-ahead log themselves' : 'a background SQLite checkpoint failed; retrying'),
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    // A dropped idle connection (database restart, failover) must not crash the hub: the pool replaces it.
    onConnectionError: (err) => log.warn({ err }, 'an idle database connection failed; the pool opens a new one'),
  });
  const firstStart = await bootstrapIfEmpty({ store, log, now, config }).catch(async (cause: unknown) => {
    await store.close();
    throw new Error('create the first organization', { cause });
  });
  return { store, firstStart };
}

interface ServiceDeps {
  config: HubConfig;
  store: Store;
  log: Logger;
  now: () => number;
  secretsKey: SecretsKeyState;
  hearing: Hearing;
}

/** Every service the routes and sweeps share, wired once. */
async function createHubServices({ config, store, log, now, secretsKey, hearing }: ServiceDeps): Promise<HubServiceParts> {
  // Several hubs may share PostgreSQL: wake-ups then travel over LISTEN/NOTIFY to every replica.
  const wakeups = store.dialect === 'postgres' && store.pgPool ? await createPgWakeups({ pool: store.pgPool, log }) : createInProcessWakeups();
  const longPoll = createLongPoll({ wakeups });
  const lastSyncs = createLastSyncBuffer({ store, log, flushIntervalMs: config.lastSyncFlushMs });
  const metrics = createHubMetrics({ store, heldSyncs: longPoll.heldCount });
  const sessions = createSessions({ store, now });
  const secretVault = createSecretVault(secretsKey);
  const secrets = createSecretResolver({ store, vault: secretVault });
  const jobSecrets = createJobSecrets({ store, vault: secretVault, log });
  const projectVault = createProjectVault(secretsKey);
  const repositories = createHubRepositoryCache(config, log);
  const events = createPipelineEvents(log.child({ component: 'pipeline-events' }));
  const jobContext = createProjectJobContext({ store, projectVault, repositories });
  let listenUrl = '';
  const statusReporter = createHubStatusReporter({ config, store, log, now, projectVault, hubUrl: () => config.publicUrl ?? listenUrl });
  events.subscribe((event) => statusReporter.pipelineChanged(event.pipelineId));
  // Every job finish goes through announceFinished, which calls this once the result is committed.
  const afterJobFinished = config.testCrashAfterJobResult ? crashForTests : (job: JobRow) => pipelines.jobFinished(job.id);
  const pipelines: PipelineRuntime = createPipelineRuntime({ store, log, now, wakeups, metrics, secrets, afterJobFinished, jobContext, events });
  const services: HubServices = {
    config, store, log, now, wakeups, hearing,
    apiAuth: createApiAuth({ store, now, sessions: sessions.resolve }),
    sessions,
    authenticateAgent: createAgentAuth({ store }),
    stsVerifier: createStsVerifier({ log, now, testStsUrl: config.testStsUrl }),
    longPoll,
    lastSyncs,
    metrics,
    dispatcher: createDispatcher({ store, log, now, wakeups, metrics, longPoll, config, afterJobFinished, jobSecrets, lastSyncs }),
    pipelines, secrets, secretVault, jobSecrets, projectVault, repositories, events, jobContext, afterJobFinished,
    invitationMailer: config.smtpUrl ? createSmtpInvitationMailer({ smtpUrl: config.smtpUrl, from: config.smtpFrom, log }) : noInvitationMailer,
  };
  return { services, statusReporter, setListenUrl: (url) => { listenUrl = url; } };
}

function createHubRepositoryCache(config: HubConfig, log: Logger) {
  return createRepositoryCache({
    dataDir: config.dataDir,
    limits: { timeoutMs: config.gitTimeoutMs, fetchMaxBytes: config.gitFetchMaxBytes, fileMaxBytes: PIPELINE_YAML_MAX_BYTES },
    log: log.child({ component: 'git' }),
    sshProgram: config.testSshProgram,
  });
}

interface StatusReporterDeps extends Omit<ServiceDeps, 'secretsKey' | 'hearing'> {
  projectVault: ReturnType<typeof createProjectVault>;
  hubUrl: () => string;
}

function createHubStatusReporter({ config, store, log, now, projectVault, hubUrl }: StatusReporterDeps): StatusReporter {
  return createStatusReporter({
    store, log, now, random: Math.random, fetch: (url, init) => fetch(url, init), vault: projectVault,
    hubUrl,
    budget: { ...DEFAULT_RETRY_BUDGET, baseMs: config.commitStatusRetryBaseMs },
    timeoutMs: config.commitStatusTimeoutMs,
  });
}

/** Background sweeps (sweeps/*.ts) are started after the app is built, and closed first on close(). */
function startSweeps(services: HubServices, statusReporter: StatusReporter): Sweep[] {
  const { store, log, config } = services;
  return [
    startReleaseNamesSweep(services),
    startExpireOffersSweep(services),
    startDetectLostAgentsSweep(services),
    startExecutionTimeLimitSweep(services),
    startAdvancePipelinesSweep(services),
    startPurgeJobSecretsSweep(services),
    startReportCommitStatusesSweep({ store, log, reporter: statusReporter, intervalMs: config.sweepIntervalMs }),
  ];
}

/** A failed listen closes everything opened so far before it throws. */
async function listenOrClose({ app, services, sweeps, statusReporter }: OpenParts): Promise<void> {
  const { config } = services;
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (cause) {
    for (const sweep of sweeps) await sweep.close();
    await services.pipelines.close();
    await statusReporter.close();
    services.longPoll.close();
    await app.close();
    await services.lastSyncs.close();
    await services.wakeups.close();
    await services.store.close();
    throw new Error(`listen on ${config.host}:${config.port}`, { cause });
  }
}

function listenedAddress(app: FastifyInstance, config: HubConfig, https: boolean): { url: string; port: number } {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const scheme = https ? 'https' : 'http';
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return { url: `${scheme}://${host}:${port}`, port };
}

function runningHub({ app, services, sweeps, statusReporter }: OpenParts, url: string, port: number): RunningHub {
  let closed = false;
  return {
    app,
    services,
    url,
    port,
    async close() {
      if (closed) return;
      closed = true;
      for (const sweep of sweeps.reverse()) await sweep.close();
      await services.pipelines.close();
      await statusReporter.close();
      // Held long-polls answer now, so closing the server does not wait out their holds.
      services.longPoll.close();
      await closeApp(app);
      // After the last request, before the store closes: the buffered sync times are written.
      await services.lastSyncs.close();
      await services.wakeups.close();
      await services.store.close();
      services.hearing.close();
    },
  };
}

/** One line on where the secrets key came from (never the key), and a warning for secrets it cannot read. */
async function reportSecretsKey(store: Store, key: SecretsKeyState, log: Logger): Promise<void> {
  if (key.status === 'off') {
    log.warn({ reason: key.reason }, 'secrets are off');
    return;
  }
  log.info({ source: key.source, path: key.path, keyId: key.cipher.keyId }, 'secrets key loaded');
  const unreadable = await countSecretsOfOtherKeys(store.db, key.cipher.keyId).catch(async (cause: unknown) => {
    await store.close();
    throw new Error('count the secrets of other keys', { cause });
  });
  if (unreadable > 0) log.warn({ unreadable, keyId: key.cipher.keyId }, 'some secrets were encrypted with another key and cannot be used; start the hub with the OUTPOST_SECRETS_KEY they were written with');
}

/** The crash test's hub dies where a real crash hurts most: a job's result committed, its pipeline not yet advanced. */
function crashForTests(): void {
  process.kill(process.pid, 'SIGKILL');
}

// A client that gave up on a request without closing its socket would hold close() until the keep-alive timeout.
const CLOSE_GRACE_MS = 5_000;

async function closeApp(app: FastifyInstance): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
  timer.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
