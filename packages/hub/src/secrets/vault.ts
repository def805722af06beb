import { HubError } from '../errors.js';
import type { SecretCipher } from './cipher.js';
import type { SecretsKeyState } from './secrets-key.js';

/**
 * Everything that encrypts or decrypts secret material, and the one place that knows what each envelope is bound to
 * (its AAD): a secret's variable by secret id and name, a secret's file by secret id and path, a job's imported
 * secrets by job id. Plaintext leaves this module only towards the agent (the job payload) and the log masker.
 */
export interface SecretContent {
  envVars: Array<{ name: string; value: string }>;
  files: Array<{ path: string; content: Buffer }>;
}

/** What a job imported, in the job payload's own shape (file contents base64). */
export interface JobSecretMaterial {
  secrets: string[];
  env_vars: Array<{ name: string; value: string }>;
  files: Array<{ path: string; content: string; mode?: string }>;
}

export interface SealedContent {
  envVars: string;
  files: string;
  keyId: string;
}

export interface SecretVault {
  /** Null while secrets are off (PostgreSQL without OUTPOST_SECRETS_KEY). */
  keyId: string | null;
  /** Why secrets are off, for messages; null when they are on. */
  offReason: string | null;
  seal(secretId: string, content: SecretContent): SealedContent;
  open(secret: { id: string; name: string; env_vars: string; files: string; key_id: string }): SecretContent;
  sealJob(jobId: string, material: JobSecretMaterial): string;
  openJob(jobId: string, envelope: string): JobSecretMaterial;
}

type StoredEnvVar = { name: string; value: string };
type StoredFile = { path: string; content: string };

const envAad = (secretId: string, name: string) => `outpost/secret/${secretId}/env/${name}`;
const fileAad = (secretId: string, path: string) => `outpost/secret/${secretId}/file/${path}`;
const jobAad = (jobId: string) => `outpost/job/${jobId}/secrets`;

export function createSecretVault(key: SecretsKeyState): SecretVault {
  const cipher: SecretCipher | null = key.status === 'ready' ? key.cipher : null;
  const offReason = key.status === 'off' ? key.reason : null;
  const need = (): SecretCipher => {
    if (!cipher) throw new HubError('SECRETS_OFF', { reason: offReason ?? '' });
    return cipher;
  };
  return {
    keyId: cipher?.keyId ?? null,
    offReason,
    seal(secretId, content) {
      const c = need();
      const envVars: StoredEnvVar[] = content.envVars.map((v) => ({ name: v.name, value: c.encrypt(v.value, envAad(secretId, v.name)) }));
      const files: StoredFile[] = content.files.map((f) => ({ path: f.path, content: c.encrypt(f.content, fileAad(secretId, f.path)) }));
      return { envVars: JSON.stringify(envVars), files: JSON.stringify(files), keyId: c.keyId };
    },
    open(secret) {
      const c = need();
      if (secret.key_id !== c.keyId) throw new HubError('SECRET_UNREADABLE', { name: secret.name, keyId: secret.key_id });
      try {
        const envVars = (JSON.parse(secret.env_vars) as StoredEnvVar[]).map((v) => ({ name: v.name, value: c.decrypt(v.value, envAad(secret.id, v.name)).toString('utf8') }));
        const files = (JSON.parse(secret.files) as StoredFile[]).map((f) => ({ path: f.path, content: c.decrypt(f.content, fileAad(secret.id, f.path)) }));
        return { envVars, files };
      } catch (cause) {
        throw new HubError('SECRET_UNREADABLE', { name: secret.name, keyId: secret.key_id }, { cause });
      }
    },
    sealJob: (jobId, material) => need().encrypt(JSON.stringify(material), jobAad(jobId)),
    openJob: (jobId, envelope) => JSON.parse(need().decrypt(envelope, jobAad(jobId)).toString('utf8')) as JobSecretMaterial,
  };
}
