import type { Logger } from 'pino';
import type { HubConfig } from './config.js';
import type { Store } from './store/database.js';
import type { Wakeups } from './wakeups/wakeups.js';
import type { ApiAuth } from './auth/api-auth.js';
import type { AuthenticateAgent } from './auth/agent-auth.js';
import type { Sessions } from './auth/sessions.js';
import type { StsVerifier } from './sts/sts-verifier.js';
import type { LongPoll } from './dispatch/long-poll.js';
import type { Dispatcher } from './dispatch/dispatcher.js';
import type { HubMetrics } from './metrics/hub-metrics.js';
import type { PipelineRuntime } from './lifecycle/pipelines.js';
import type { SecretResolver } from './lifecycle/pipeline-secrets.js';
import type { JobRow } from './store/jobs.js';
import type { SecretVault } from './secrets/vault.js';
import type { JobSecrets } from './secrets/job-secrets.js';
import type { ProjectVault } from './secrets/project-vault.js';
import type { RepositoryCache } from './git/repository-cache.js';
import type { PipelineEvents } from './lifecycle/pipeline-events.js';
import type { JobContextProvider } from './lifecycle/project-job-context.js';
import type { InvitationMailer } from './mail/invitation-mailer.js';
import type { Hearing } from './lifecycle/hearing.js';
import type { LastSyncBuffer } from './dispatch/last-sync-buffer.js';

/**
 * What the routes receive. main.ts (the composition root) creates every member explicitly; each concern adds its
 * service here as it arrives.
 */
export interface HubServices {
  config: HubConfig;
  store: Store;
  log: Logger;
  now: () => number;
  wakeups: Wakeups;
  /** When this hub could not hear agents (stalls, store failures): the lost-agent sweep asks it first. */
  hearing: Hearing;
  apiAuth: ApiAuth;
  /** Web UI sign-in sessions (cookie + CSRF token). */
  sessions: Sessions;
  authenticateAgent: AuthenticateAgent;
  stsVerifier: StsVerifier;
  /** Held long-poll syncs (X-Outpost-Wait). */
  longPoll: LongPoll;
  /** The times of syncs that changed nothing, written in one transaction per flush interval (the sweep flushes first). */
  lastSyncs: LastSyncBuffer;
  /** Sync decisions, offers and their acceptance, log tokens. */
  dispatcher: Dispatcher;
  /** Prometheus registry of this hub (GET /metrics). */
  metrics: HubMetrics;
  /** Advances pipelines block by block (lifecycle/pipelines.ts). */
  pipelines: PipelineRuntime;
  /** Resolves the secrets pipelines name (secrets/secret-resolver.ts). */
  secrets: SecretResolver;
  /** Encrypts and decrypts secret values (off on PostgreSQL without OUTPOST_SECRETS_KEY). */
  secretVault: SecretVault;
  /** A job's imported secrets: into the agent's payload, out of its stored log. */
  jobSecrets: JobSecrets;
  /** Seals a project's repository credentials and webhook secret (secrets/project-vault.ts). */
  projectVault: ProjectVault;
  /** Each project's repository, fetched shallow by the system git (git/repository-cache.ts). */
  repositories: RepositoryCache;
  /** Each pipeline state change this hub commits; forge status reporting subscribes here. */
  events: PipelineEvents;
  /** A project pipeline's repository for its jobs (SEMAPHORE_GIT_*, checkout). */
  jobContext: JobContextProvider;
  /** Mails invitation links when SMTP is configured. */
  invitationMailer: InvitationMailer;
  /** After a job's result is recorded: advances its pipeline. */
  afterJobFinished: (job: JobRow) => void;
}
