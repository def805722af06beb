import type { EnvVar } from '@outpost/pipeline';

/**
 * Secrets a pipeline's jobs import by name (task.secrets, global_job_config.secrets), checked when the pipeline starts
 * and resolved when a block's jobs are queued. A name that does not resolve fails the pipeline (or the block) MALFORMED
 * with "secret X not found", as Semaphore fails a pipeline whose secret does not exist; `createNoSecrets` resolves none.
 * main.ts wires the resolver over the secrets store (secrets/secret-resolver.ts); what it returns reaches each job
 * encrypted for that job (sealForJob), and the agent's payload adds it after the job's own env vars and files
 * (secrets/job-secrets.ts).
 */
export interface ResolvedSecret {
  name: string;
  envVars: EnvVar[];
  /** Base64 content, like a job's files. */
  files: Array<{ path: string; content: string; mode?: string }>;
}

/** `problem` (when set) says why named secrets exist but cannot be used (secrets off, written with another key). */
export type SecretResolution = { ok: true; secrets: ResolvedSecret[] } | { ok: false; missing: string[]; problem?: string };

export interface SecretResolver {
  resolve(orgId: string, names: readonly string[]): Promise<SecretResolution>;
  /** A job's copy of the secrets it imports, encrypted for that job (never part of its spec); null when it imports none. */
  sealForJob(jobId: string, secrets: readonly ResolvedSecret[]): string | null;
}

export function createNoSecrets(): SecretResolver {
  return {
    async resolve(_orgId, names) {
      const missing = [...new Set(names)];
      return missing.length === 0 ? { ok: true, secrets: [] } : { ok: false, missing };
    },
    sealForJob: () => null,
  };
}

/** The MALFORMED error_description for secrets that do not exist, one line per name. */
export function describeMissingSecrets(missing: readonly string[]): string {
  return missing.map((name) => `secret ${name} not found`).join('; ');
}

/** The MALFORMED error_description of a failed resolution. */
export function describeSecretProblem(failed: { missing: readonly string[]; problem?: string }): string {
  return failed.problem ?? describeMissingSecrets(failed.missing);
}
