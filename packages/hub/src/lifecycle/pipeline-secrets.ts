import type { EnvVar } from '@outpost/pipeline';

/**
 * Secrets a pipeline's jobs import by name (task.secrets, global_job_config.secrets). Outpost has no secrets yet
 * ("Projects, git and secrets" brings them); until then no name resolves, and a pipeline that names one fails
 * MALFORMED with "secret X not found", as Semaphore fails a pipeline whose secret does not exist. The secrets work
 * replaces `createNoSecrets` in main.ts with a resolver over its store; the runtime already merges what it returns
 * into each job (env vars after the job's own, files as given).
 */
export interface ResolvedSecret {
  name: string;
  envVars: EnvVar[];
  /** Base64 content, like a job's files. */
  files: Array<{ path: string; content: string; mode?: string }>;
}

export type SecretResolution = { ok: true; secrets: ResolvedSecret[] } | { ok: false; missing: string[] };

export interface SecretResolver {
  resolve(orgId: string, names: readonly string[]): Promise<SecretResolution>;
}

export function createNoSecrets(): SecretResolver {
  return {
    async resolve(_orgId, names) {
      const missing = [...new Set(names)];
      return missing.length === 0 ? { ok: true, secrets: [] } : { ok: false, missing };
    },
  };
}

/** The MALFORMED error_description for secrets that do not exist, one line per name. */
export function describeMissingSecrets(missing: readonly string[]): string {
  return missing.map((name) => `secret ${name} not found`).join('; ');
}
