import { randomBytes, randomUUID } from 'node:crypto';
import { isUuid, type ProjectInput } from '@outpost/protocol';
import type { Logger } from 'pino';
import { HubError, quoteInput } from '../errors.js';
import type { Store } from '../store/database.js';
import type { Principal } from '../store/principals.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import { deleteProject, findProjectById, findProjectByName, insertProject, updateProject, type ProjectRow } from '../store/projects.js';
import { recordAuditEvent, type AuditAction } from '../audit/audit-log.js';
import type { ProjectVault } from '../secrets/project-vault.js';
import type { RepoAccess, RepositoryCache } from '../git/repository-cache.js';
import { parseRepoUrl } from '../git/repo-url-policy.js';
import type { GitCredential } from '../git/git-env-policy.js';
import { projectNameProblem, readProjectInput, type ProjectSettings, type StoredSettings } from './project-input-policy.js';

/** Creating, changing and removing projects; their credentials and webhook secret are sealed with the secrets key. */
export interface ProjectDeps {
  store: Store;
  log: Logger;
  now: () => number;
  projectVault: ProjectVault;
  repositories: RepositoryCache;
}


/** By id when the text is shaped like one (names never are), else by name. */
export async function findProjectOr404(deps: Pick<ProjectDeps, 'store'>, orgId: string, idOrName: string): Promise<ProjectRow> {
  // A text no project can be named (a NUL byte, say) is not looked up: PostgreSQL would refuse it as a parameter.
  const row = isUuid(idOrName)
    ? await findProjectById(deps.store.db, orgId, idOrName.toLowerCase())
    : projectNameProblem(idOrName) === null ? await findProjectByName(deps.store.db, orgId, idOrName) : undefined;
  if (!row) throw new HubError('NOT_FOUND', { what: `project ${quoteInput(idOrName)}` });
  return row;
}

/** A new project and its webhook secret, which this answer is the only one to show. */
export async function createProject(deps: ProjectDeps, principal: Principal, body: ProjectInput): Promise<{ row: ProjectRow; webhookSecret: string }> {
  const settings = readOrThrow(body, null);
  const id = randomUUID();
  const webhookSecret = newWebhookSecret();
  const now = deps.now();
  const sealed = {
    credential_kind: settings.credentialKind, credential: sealCredential(deps.projectVault, id, settings.newCredential ?? null),
    webhook_secret: deps.projectVault.seal(id, 'webhook-secret', webhookSecret), key_id: deps.projectVault.keyId ?? '',
  };
  let row: ProjectRow;
  try {
    row = await insertProject(deps.store.db, { id, org_id: principal.orgId, ...settingsColumns(settings), ...sealed, owner_id: principal.userId, created_at: now, updated_at: now });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HubError('PROJECT_EXISTS', { name: settings.name }, { field: 'metadata.name' });
    throw new Error(`insert project ${settings.name}`, { cause: error });
  }
  deps.log.info({ project: row.name, projectId: id, orgId: principal.orgId }, 'project created');
  await audit(deps, principal, 'project.created', row.name, { url: row.repo_url, credentials: row.credential_kind });
  return { row, webhookSecret };
}

/** PATCH and PUT: what the body gives replaces what is stored; the rest (and write-only credentials) stays. */
export async function changeProject(deps: ProjectDeps, principal: Principal, idOrName: string, body: ProjectInput): Promise<ProjectRow> {
  const current = await findProjectOr404(deps, principal.orgId, idOrName);
  const settings = readOrThrow(body, storedSettings(current));
  // A credential written now is sealed with this hub's key, which must be the key of the project's other envelopes.
  if (settings.newCredential !== undefined && current.key_id !== deps.projectVault.keyId) {
    throw new HubError('PROJECT_SECRETS_UNREADABLE', { name: current.name, keyId: current.key_id });
  }
  const credential = settings.newCredential === undefined ? {} : { credential_kind: settings.credentialKind, credential: sealCredential(deps.projectVault, current.id, settings.newCredential) };
  let row: ProjectRow | undefined;
  try {
    row = await updateProject(deps.store.db, principal.orgId, current.id, current.updated_at, {
      ...settingsColumns(settings), ...credential, updated_at: Math.max(deps.now(), current.updated_at + 1),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HubError('PROJECT_EXISTS', { name: settings.name }, { field: 'metadata.name' });
    throw new Error(`update project ${current.name}`, { cause: error });
  }
  if (!row) throw new HubError('CONFLICT', { detail: `project '${current.name}' changed while this update was being made; read it again and retry` });
  if (row.repo_url !== current.repo_url) await deps.repositories.remove(current.id);
  deps.log.info({ project: row.name, projectId: row.id, orgId: principal.orgId }, 'project updated');
  await audit(deps, principal, 'project.updated', row.name, {
    url: row.repo_url, credentials: row.credential_kind, ...(row.name !== current.name ? { renamed_from: current.name } : {}),
  });
  return row;
}

export async function removeProject(deps: ProjectDeps, principal: Principal, idOrName: string): Promise<void> {
  const current = await findProjectOr404(deps, principal.orgId, idOrName);
  if (!(await deleteProject(deps.store.db, principal.orgId, current.id))) throw new HubError('NOT_FOUND', { what: `project '${current.name}'` });
  await deps.repositories.remove(current.id);
  deps.log.info({ project: current.name, projectId: current.id, orgId: principal.orgId }, 'project deleted');
  await audit(deps, principal, 'project.deleted', current.name, {});
}

/** A new webhook secret (the old one stops working at once), shown in this answer only. */
export async function resetWebhookSecret(deps: ProjectDeps, principal: Principal, idOrName: string): Promise<{ row: ProjectRow; webhookSecret: string }> {
  const current = await findProjectOr404(deps, principal.orgId, idOrName);
  if (current.key_id !== deps.projectVault.keyId) throw new HubError('PROJECT_SECRETS_UNREADABLE', { name: current.name, keyId: current.key_id });
  const webhookSecret = newWebhookSecret();
  const row = await updateProject(deps.store.db, principal.orgId, current.id, current.updated_at, {
    webhook_secret: deps.projectVault.seal(current.id, 'webhook-secret', webhookSecret),
    updated_at: Math.max(deps.now(), current.updated_at + 1),
  });
  if (!row) throw new HubError('CONFLICT', { detail: `project '${current.name}' changed while the secret was being reset; try again` });
  await audit(deps, principal, 'project.webhook_secret_reset', row.name, {});
  return { row, webhookSecret };
}

/** What git needs to reach the repository: the URL and the decrypted credential. */
export function repoAccessOf(vault: ProjectVault, row: ProjectRow): RepoAccess {
  const url = parseRepoUrl(row.repo_url);
  if (!url.ok) throw new Error(`project ${row.id} holds a repository URL that no longer parses: ${url.problem}`);
  return { projectId: row.id, url: url.repo, credential: openCredential(vault, row) };
}

export function openCredential(vault: ProjectVault, row: ProjectRow): GitCredential {
  if (row.credential_kind === 'none' || !row.credential) return { kind: 'none' };
  return JSON.parse(vault.open(row, 'credentials', row.credential)) as GitCredential;
}

export function openWebhookSecret(vault: ProjectVault, row: ProjectRow): string {
  return vault.open(row, 'webhook-secret', row.webhook_secret);
}

export function storedSettings(row: ProjectRow): StoredSettings {
  const url = parseRepoUrl(row.repo_url);
  if (!url.ok) throw new Error(`project ${row.id} holds a repository URL that no longer parses: ${url.problem}`);
  const list = (text: string) => JSON.parse(text) as string[];
  return {
    name: row.name, description: row.description, repo: url.repo, runOn: list(row.run_on), pipelineFile: row.pipeline_file,
    whitelistBranches: list(row.whitelist_branches), whitelistTags: list(row.whitelist_tags),
    statusPipelineFiles: JSON.parse(row.status_pipeline_files) as StoredSettings['statusPipelineFiles'],
    forkedAllowedSecrets: list(row.forked_allowed_secrets), integrationType: row.integration_type, credentialKind: row.credential_kind,
  };
}

function settingsColumns(s: ProjectSettings) {
  return {
    name: s.name, description: s.description, repo_url: s.repo.url, run_on: JSON.stringify(s.runOn), pipeline_file: s.pipelineFile,
    whitelist_branches: JSON.stringify(s.whitelistBranches), whitelist_tags: JSON.stringify(s.whitelistTags),
    status_pipeline_files: JSON.stringify(s.statusPipelineFiles), forked_allowed_secrets: JSON.stringify(s.forkedAllowedSecrets),
    integration_type: s.integrationType,
  };
}

function sealCredential(vault: ProjectVault, projectId: string, credential: GitCredential | null): string | null {
  return credential ? vault.seal(projectId, 'credentials', JSON.stringify(credential)) : null;
}

// 256 bits, hex: forges take any string as the secret; hex survives every form field and header.
const newWebhookSecret = () => randomBytes(32).toString('hex');

function readOrThrow(body: ProjectInput, current: StoredSettings | null): ProjectSettings {
  const read = readProjectInput(body, current);
  if (!read.ok) throw new HubError('VALIDATION', { detail: read.problem }, { field: read.field });
  return read.settings;
}

async function audit(deps: ProjectDeps, principal: Principal, action: AuditAction, name: string, details: Record<string, string>): Promise<void> {
  await recordAuditEvent(deps, { orgId: principal.orgId, actor: `user:${principal.email}`, action, target: { type: 'project', name }, details });
}
