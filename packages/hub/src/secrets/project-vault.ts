import { HubError } from '../errors.js';
import type { SecretCipher } from './cipher.js';
import type { SecretsKeyState } from './secrets-key.js';

/**
 * A project's secrets at rest, with the secrets key: its repository credentials and its webhook secret, each one
 * AES-256-GCM envelope bound (AAD) to the project id and what it is, so an envelope copied onto another project or
 * into the other column fails to open. `purpose` is open for more of a project's secrets (a forge token for commit
 * statuses seals with its own purpose, e.g. 'forge-token').
 */
export type ProjectSecretPurpose = 'credentials' | 'webhook-secret' | 'forge-token';

export interface ProjectVault {
  /** Null while secrets are off (PostgreSQL without OUTPOST_SECRETS_KEY). */
  keyId: string | null;
  seal(projectId: string, purpose: ProjectSecretPurpose, value: string): string;
  /** Throws PROJECT_SECRETS_UNREADABLE when the envelope was written with another key or does not belong here. */
  open(project: { id: string; name: string; key_id: string }, purpose: ProjectSecretPurpose, envelope: string): string;
}

const aad = (projectId: string, purpose: ProjectSecretPurpose) => `outpost/project/${projectId}/${purpose}`;

export function createProjectVault(key: SecretsKeyState): ProjectVault {
  const cipher: SecretCipher | null = key.status === 'ready' ? key.cipher : null;
  const need = (): SecretCipher => {
    if (!cipher) throw new HubError('SECRETS_OFF', { reason: key.status === 'off' ? `projects keep credentials and webhook secrets encrypted: ${key.reason}` : '' });
    return cipher;
  };
  return {
    keyId: cipher?.keyId ?? null,
    seal: (projectId, purpose, value) => need().encrypt(value, aad(projectId, purpose)),
    open(project, purpose, envelope) {
      const c = need();
      if (project.key_id !== c.keyId) throw new HubError('PROJECT_SECRETS_UNREADABLE', { name: project.name, keyId: project.key_id });
      try {
        return c.decrypt(envelope, aad(project.id, purpose)).toString('utf8');
      } catch (cause) {
        throw new HubError('PROJECT_SECRETS_UNREADABLE', { name: project.name, keyId: project.key_id }, { cause });
      }
    },
  };
}
