import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { LOG_BUDGET_DEFAULT_BYTES, LOG_FORMATS, type LogFormat } from '@outpost/protocol';
import { RUNNING_SYNC_INTERVAL_DEFAULT_MS } from './dispatch/sync-interval-policy.js';

// Both src/config.ts (tests) and dist/config.ts (the built hub) sit two levels below packages/.
const PACKAGES_DIR = fileURLToPath(new URL('../../', import.meta.url));
/** Where `npm run build` puts the web UI and the single-file agent, in this checkout. */
export const BUILT_WEB_DIR = `${PACKAGES_DIR}web/dist`;
export const BUILT_AGENT_BUNDLE = `${PACKAGES_DIR}agent/dist/agent.mjs`;

/** Everything the hub process needs to start, resolved from flags and environment (pure). */
export interface HubConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  tlsCertPath: string | undefined;
  tlsKeyPath: string | undefined;
  /** The URL agents and browsers reach this hub at; put into each job's logger.url. Derived from the request when unset. */
  publicUrl: string | undefined;
  /** Behind a TLS-terminating proxy: take the client IP and scheme from X-Forwarded-For/-Proto (Secure cookies, logger.url). */
  trustProxy: TrustProxy;
  /** When set, GET /metrics needs `Authorization: Bearer <token>` (Prometheus `bearer_token`). */
  metricsToken: string | undefined;
  /** OUTPOST_SMTP_URL (smtp:// or smtps://, user and password in the URL): invitation links are mailed through it. */
  smtpUrl: string | undefined;
  /** OUTPOST_SMTP_FROM: the sender of invitation mail. */
  smtpFrom: string;
  /** OUTPOST_SECRETS_KEY: 32 bytes (hex or base64) that encrypt secrets; else a key file in dataDir (SQLite only). */
  secretsKey: string | undefined;
  logLevel: string;
  /** --log-format / OUTPOST_LOG_FORMAT; undefined: readable lines on a terminal, JSON lines otherwise. */
  logFormat: LogFormat | undefined;
  bootstrapToken: string | undefined;
  /** The owner created on the first start (OUTPOST_ADMIN_EMAIL). */
  adminEmail: string;
  /** The owner's password on the first start (OUTPOST_ADMIN_PASSWORD); random when unset. */
  adminPassword?: string;
  logBudgetBytes: number;
  /** An agent silent this long is lost (long-polling agents sync at least every LONG_POLL_MAX_SECONDS). */
  lostAgentAfterMs: number;
  /** A polling agent is lost after this many missed intervals. */
  lostAgentMissedSyncs: number;
  /** How often the background sweeps run. */
  sweepIntervalMs: number;
  /** How long the time of a sync that changed nothing may wait before it is written (OUTPOST_LAST_SYNC_FLUSH_MS). */
  lastSyncFlushMs: number;
  logTokenTtlMs: number;
  /** A polling agent running a job syncs at least this often, so a stop reaches it (OUTPOST_RUNNING_SYNC_INTERVAL_MS). */
  runningSyncIntervalMs: number;
  /** Each git command the hub runs for a project (OUTPOST_GIT_TIMEOUT_MS); its process group is killed after it. */
  gitTimeoutMs: number;
  /** What one fetch may add to a project's repository cache (OUTPOST_GIT_FETCH_MAX_BYTES). */
  gitFetchMaxBytes: number;
  /** Commit statuses: the wait before the first retry (OUTPOST_COMMIT_STATUS_RETRY_BASE_MS); it doubles up to 5 min. */
  commitStatusRetryBaseMs: number;
  /** Commit statuses: one call to the forge may take this long (OUTPOST_COMMIT_STATUS_TIMEOUT_MS). */
  commitStatusTimeoutMs: number;
  /** Only with OUTPOST_ALLOW_TEST_OVERRIDES=1: the program git runs instead of ssh (a local stand-in for tests). */
  testSshProgram: string | undefined;
  /** Only with OUTPOST_ALLOW_TEST_OVERRIDES=1: the fake STS base URL for tests. */
  testStsUrl: string | undefined;
  /** Only with OUTPOST_ALLOW_TEST_OVERRIDES=1: kill -9 this process right after a job's result is committed, before its
   * pipeline advances (OUTPOST_TEST_CRASH_AFTER_JOB_RESULT=1), for the crash test of the pipeline runtime. */
  testCrashAfterJobResult: boolean;
  allowTestOverrides: boolean;
  /** The built web UI the hub serves (OUTPOST_WEB_DIR; packages/web/dist of this checkout by default). */
  webDir: string;
  /** The single-file agent the install instructions download (OUTPOST_AGENT_BUNDLE; packages/agent/dist/agent.mjs). */
  agentBundlePath: string;
}

export interface HubFlags {
  host?: string;
  port?: string | number;
  dataDir?: string;
  tlsCert?: string;
  tlsKey?: string;
  publicUrl?: string;
  /** `--trust-proxy` alone is `true` (one hop); `--trust-proxy 2` or `--trust-proxy 10.0.0.0/8,10.1.2.3` a string. */
  trustProxy?: boolean | string;
  logLevel?: string;
  logFormat?: string;
}

/**
 * Which X-Forwarded-For entries to believe: none (false), the last N hops (each proxy appends the address it saw,
 * so only those N entries were written by proxies), or the entries appended by these proxy addresses/CIDRs.
 * "Believe every entry" is not offered: the client writes the leftmost ones and could forge its address.
 */
export type TrustProxy = false | number | string[];

const MAX_PROXY_HOPS = 10;

/** OUTPOST_TRUST_PROXY / --trust-proxy: '' or '0' → off; a bare flag → 1 hop; 'N' → N hops; else addresses or CIDRs. */
export function parseTrustProxy(value: boolean | string | undefined): TrustProxy {
  if (value === undefined || value === false) return false;
  if (value === true) return 1;
  const text = value.trim();
  if (text === '' || text === '0' || text === 'false') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_PROXY_HOPS) throw new Error(`--trust-proxy (OUTPOST_TRUST_PROXY) takes at most ${MAX_PROXY_HOPS} hops; got ${text}`);
    return hops;
  }
  const addresses = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const bad = addresses.find((address) => !isAddressOrCidr(address));
  if (bad !== undefined) {
    throw new Error(`--trust-proxy (OUTPOST_TRUST_PROXY) takes a number of proxy hops or a comma-separated list of proxy IP addresses or CIDRs; '${bad}' is neither`);
  }
  return addresses;
}

function isAddressOrCidr(text: string): boolean {
  const [address = '', bits, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Each setting: the flag if given, else its environment variable, else the default. */
export function resolveHubConfig(flags: HubFlags, env: Record<string, string | undefined>): HubConfig {
  const rawPort = flags.port ?? (env.OUTPOST_PORT || undefined) ?? 8080;
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port (OUTPOST_PORT) must be a port number from 0 to 65535; got ${rawPort}`);
  const logLevel = flags.logLevel ?? (env.OUTPOST_LOG_LEVEL || undefined) ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`--log-level (OUTPOST_LOG_LEVEL) must be one of ${LOG_LEVELS.join(', ')}; got '${logLevel}'`);
  const logFormat = flags.logFormat ?? (env.OUTPOST_LOG_FORMAT || undefined);
  if (logFormat !== undefined && !(LOG_FORMATS as readonly string[]).includes(logFormat)) throw new Error(`--log-format (OUTPOST_LOG_FORMAT) must be json or pretty; got '${logFormat}'`);
  const tlsCertPath = flags.tlsCert ?? env.OUTPOST_TLS_CERT;
  const tlsKeyPath = flags.tlsKey ?? env.OUTPOST_TLS_KEY;
  if (Boolean(tlsCertPath) !== Boolean(tlsKeyPath)) throw new Error('--tls-cert and --tls-key must be given together');
  const allowTestOverrides = env.OUTPOST_ALLOW_TEST_OVERRIDES === '1';
  return {
    host: flags.host ?? (env.OUTPOST_HOST || undefined) ?? '0.0.0.0',
    port,
    dataDir: flags.dataDir ?? (env.OUTPOST_DATA_DIR || undefined) ?? './outpost-data',
    databaseUrl: env.DATABASE_URL || undefined,
    tlsCertPath,
    tlsKeyPath,
    publicUrl: flags.publicUrl ?? env.OUTPOST_PUBLIC_URL,
    trustProxy: parseTrustProxy(flags.trustProxy ?? env.OUTPOST_TRUST_PROXY),
    metricsToken: env.OUTPOST_METRICS_TOKEN || undefined,
    secretsKey: env.OUTPOST_SECRETS_KEY || undefined,
    smtpUrl: env.OUTPOST_SMTP_URL || undefined,
    smtpFrom: env.OUTPOST_SMTP_FROM || 'Outpost <outpost@localhost>',
    logLevel,
    logFormat: logFormat as LogFormat | undefined,
    bootstrapToken: env.OUTPOST_BOOTSTRAP_TOKEN || undefined,
    adminEmail: env.OUTPOST_ADMIN_EMAIL || 'admin@outpost.local',
    adminPassword: env.OUTPOST_ADMIN_PASSWORD || undefined,
    logBudgetBytes: positiveNumber(env.OUTPOST_LOG_BUDGET_BYTES, LOG_BUDGET_DEFAULT_BYTES),
    lostAgentAfterMs: positiveNumber(env.OUTPOST_LOST_AGENT_AFTER_MS, 30_000),
    lostAgentMissedSyncs: positiveNumber(env.OUTPOST_LOST_AGENT_MISSED_SYNCS, 3),
    sweepIntervalMs: positiveNumber(env.OUTPOST_SWEEP_INTERVAL_MS, 1_000),
    lastSyncFlushMs: positiveNumber(env.OUTPOST_LAST_SYNC_FLUSH_MS, 1_000),
    logTokenTtlMs: positiveNumber(env.OUTPOST_LOG_TOKEN_TTL_MS, 3_600_000),
    runningSyncIntervalMs: positiveNumber(env.OUTPOST_RUNNING_SYNC_INTERVAL_MS, RUNNING_SYNC_INTERVAL_DEFAULT_MS),
    gitTimeoutMs: positiveNumber(env.OUTPOST_GIT_TIMEOUT_MS, 120_000),
    gitFetchMaxBytes: positiveNumber(env.OUTPOST_GIT_FETCH_MAX_BYTES, 512 * 1024 * 1024),
    commitStatusRetryBaseMs: positiveNumber(env.OUTPOST_COMMIT_STATUS_RETRY_BASE_MS, 5_000),
    commitStatusTimeoutMs: positiveNumber(env.OUTPOST_COMMIT_STATUS_TIMEOUT_MS, 10_000),
    testSshProgram: allowTestOverrides ? env.OUTPOST_TEST_SSH_PROGRAM || undefined : undefined,
    testStsUrl: allowTestOverrides ? env.OUTPOST_TEST_STS_URL || undefined : undefined,
    testCrashAfterJobResult: allowTestOverrides && env.OUTPOST_TEST_CRASH_AFTER_JOB_RESULT === '1',
    allowTestOverrides,
    webDir: env.OUTPOST_WEB_DIR || BUILT_WEB_DIR,
    agentBundlePath: env.OUTPOST_AGENT_BUNDLE || BUILT_AGENT_BUNDLE,
  };
}

function positiveNumber(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive number, got '${value}'`);
  return n;
}
