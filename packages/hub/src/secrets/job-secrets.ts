import type { Logger } from 'pino';
import type { Store } from '../store/database.js';
import { findJobSecretMaterial } from '../store/secrets.js';
import { readLogEvents } from '../store/job-logs.js';
import { eventsOf, logLinesOf, type LogLines } from '../store/log-lines.js';
import type { JobSpec } from '../dispatch/job-payload.js';
import { HubError } from '../errors.js';
import type { JobSecretMaterial, SecretVault } from './vault.js';
import { lookBackChars, maskNeedles } from './masking-policy.js';
import { lookBackStart, maskLogEvents } from './mask-log-events.js';

/**
 * A job's imported secrets after it was queued (store: job_secrets): added to the payload the agent fetches (never to
 * the public spec), and masked out of every log push before it is stored. A job's copy never changes once the job
 * exists, so what a push needs is read once per job and kept (a job without secrets costs one lookup, then nothing).
 */
export interface JobSecrets {
  /** The spec the agent runs: the job's own env vars and files, then those of its secrets. */
  specForAgent(jobId: string, spec: JobSpec): Promise<JobSpec>;
  /** The push to store: `lines` masked, and maybe earlier events rewritten (then `startFrom` is earlier). */
  maskPush(jobId: string, startFrom: number, lines: LogLines): Promise<{ startFrom: number; lines: LogLines }>;
}

// Stored events read before a push, at most: 64 chunks of the agents' 100-byte output are 6,400 characters of a value.
const LOOK_BACK_EVENTS = 64;
// Needles of recently pushing jobs (an empty list for a job without secrets); a running job pushes about once a second.
const CACHE_JOBS = 4096;

export function createJobSecrets(deps: { store: Store; vault: SecretVault; log: Logger }): JobSecrets {
  const log = deps.log.child({ component: 'job-secrets' });
  const needlesByJob = new Map<string, string[]>();

  async function material(jobId: string): Promise<JobSecretMaterial | null> {
    const envelope = await findJobSecretMaterial(deps.store.db, jobId);
    if (envelope === undefined) return null;
    try {
      return deps.vault.openJob(jobId, envelope);
    } catch (cause) {
      log.error({ err: cause, jobId }, 'the secrets of a job cannot be decrypted');
      throw new HubError('JOB_SECRETS_UNREADABLE', { jobId }, { cause });
    }
  }

  async function needlesOf(jobId: string): Promise<string[]> {
    const cached = needlesByJob.get(jobId);
    if (cached) return cached;
    const m = await material(jobId);
    const needles = m ? maskNeedles({ envValues: m.env_vars.map((v) => v.value), files: m.files.map((f) => Buffer.from(f.content, 'base64')) }) : [];
    if (needlesByJob.size >= CACHE_JOBS) needlesByJob.delete(needlesByJob.keys().next().value ?? '');
    needlesByJob.set(jobId, needles);
    return needles;
  }

  return {
    async specForAgent(jobId, spec) {
      const m = await material(jobId);
      if (!m) return spec;
      return { ...spec, env_vars: [...(spec.env_vars ?? []), ...m.env_vars], files: [...(spec.files ?? []), ...m.files] };
    },
    async maskPush(jobId, startFrom, lines) {
      const needles = await needlesOf(jobId);
      // A job without secrets stores its push's bytes as they came; only a job with some has its events decoded.
      if (needles.length === 0) return { startFrom, lines };
      const events = eventsOf(lines);
      const before = startFrom > 0 && startsWithOutput(events) ? await storedBefore(deps.store, jobId, startFrom, lookBackChars(needles)) : [];
      const masked = maskLogEvents(before, events, needles);
      return { startFrom: startFrom - before.length + masked.from, lines: logLinesOf(masked.events) };
    },
  };
}

function startsWithOutput(events: readonly string[]): boolean {
  return (events[0] ?? '').includes('"cmd_output"');
}

/** The stored events right before `startFrom` that can hold the start of a value the push completes (contiguous). */
async function storedBefore(store: Store, jobId: string, startFrom: number, chars: number): Promise<string[]> {
  if (chars <= 0) return [];
  const from = Math.max(0, startFrom - LOOK_BACK_EVENTS);
  const stored = (await readLogEvents(store.db, jobId, from, startFrom - from)).filter((e) => e.idx < startFrom);
  const tail: string[] = [];
  let expected = startFrom - 1;
  for (let i = stored.length - 1; i >= 0 && stored[i]?.idx === expected; i--, expected--) tail.unshift(stored[i]?.event ?? '');
  return tail.slice(lookBackStart(tail, chars));
}
