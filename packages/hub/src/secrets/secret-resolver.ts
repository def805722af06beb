import type { Store } from '../store/database.js';
import { findSecretsByNames } from '../store/secrets.js';
import { HubError } from '../errors.js';
import type { ResolvedSecret, SecretResolution, SecretResolver } from '../lifecycle/pipeline-secrets.js';
import type { SecretVault } from './vault.js';

/**
 * Resolves the secrets a pipeline imports. The runtime asks twice: when the pipeline is created (pipeline-runs.ts), so
 * a missing or unreadable secret fails it MALFORMED at once, as Semaphore checks at pipeline start; and when each
 * block's jobs are queued (pipelines.ts startPipelineBlock), whose values the jobs get: a value rotated while earlier
 * blocks ran reaches the later ones, and a secret deleted meanwhile fails the block MALFORMED with "secret X not found".
 */
export function createSecretResolver(deps: { store: Store; vault: SecretVault }): SecretResolver {
  return {
    async resolve(orgId, names): Promise<SecretResolution> {
      const wanted = [...new Set(names)];
      if (wanted.length === 0) return { ok: true, secrets: [] };
      const rows = await findSecretsByNames(deps.store.db, orgId, wanted);
      const found = new Set(rows.map((r) => r.name));
      const missing = wanted.filter((name) => !found.has(name));
      if (missing.length > 0) return { ok: false, missing };
      if (deps.vault.offReason) return { ok: false, missing: [], problem: `secret ${wanted.join(', ')} cannot be used: ${deps.vault.offReason}` };
      const secrets: ResolvedSecret[] = [];
      for (const row of rows) {
        try {
          const content = deps.vault.open(row);
          secrets.push({
            name: row.name,
            envVars: content.envVars,
            files: content.files.map((f) => ({ path: f.path, content: f.content.toString('base64') })),
          });
        } catch (error) {
          if (error instanceof HubError) return { ok: false, missing: [], problem: error.message };
          throw error;
        }
      }
      return { ok: true, secrets };
    },
    sealForJob(jobId, secrets) {
      if (secrets.length === 0) return null;
      return deps.vault.sealJob(jobId, {
        secrets: secrets.map((s) => s.name),
        env_vars: secrets.flatMap((s) => s.envVars.map((v) => ({ name: v.name, value: v.value }))),
        files: secrets.flatMap((s) => s.files),
      });
    },
  };
}
