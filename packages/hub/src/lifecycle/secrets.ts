import { randomUUID } from 'node:crypto';
import { isSecretId, secretNameProblem, type SecretInput } from '@outpost/protocol';
import { HubError, quoteInput } from '../errors.js';
import type { HubServices } from '../services.js';
import { recordAuditEvent, type AuditAction } from '../audit/audit-log.js';
import type { Principal } from '../store/principals.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import { deleteSecret, findSecretById, findSecretByName, insertSecret, replaceSecret, type SecretRow } from '../store/secrets.js';
import { contentSizeProblem, readSecretInput, type SecretInputResult, type WantedContent } from '../secrets/secret-input-policy.js';
import type { SecretContent, SecretVault } from '../secrets/vault.js';

type Deps = Pick<HubServices, 'store' | 'log' | 'now' | 'secretVault'>;

/** By id when the text is shaped like one (names never are), else by name — Semaphore's `secret_id_or_name`. */
export async function findSecretOr404(deps: Pick<Deps, 'store'>, orgId: string, idOrName: string): Promise<SecretRow> {
  // A text no secret can be named (a NUL byte, say) is not looked up: PostgreSQL would refuse it as a parameter.
  const byId = isSecretId(idOrName);
  const row = byId
    ? await findSecretById(deps.store.db, orgId, idOrName.toLowerCase())
    : secretNameProblem(idOrName) === null ? await findSecretByName(deps.store.db, orgId, idOrName) : undefined;
  if (!row) throw new HubError('NOT_FOUND', { what: `secret ${quoteInput(idOrName)}` });
  return row;
}

export async function createSecret(deps: Deps, principal: Principal, body: SecretInput): Promise<SecretRow> {
  const wanted = orThrow(readSecretInput(body, 'create'));
  const name = wanted.name ?? '';
  const content = resolveContent(deps.secretVault, null, wanted.content ?? { envVars: [], files: [] });
  const id = randomUUID();
  const sealed = deps.secretVault.seal(id, content);
  const now = deps.now();
  let row: SecretRow;
  try {
    row = await insertSecret(deps.store.db, {
      id, org_id: principal.orgId, name, description: wanted.description ?? '', env_vars: sealed.envVars, files: sealed.files, key_id: sealed.keyId,
      created_by: principal.userId, updated_by: principal.userId, created_at: now, updated_at: now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HubError('SECRET_EXISTS', { name }, { field: 'metadata.name' });
    throw new Error(`insert secret ${name}`, { cause: error });
  }
  deps.log.info({ secret: name, orgId: principal.orgId }, 'secret created');
  await audit(deps, principal, 'secret.created', name, describeContent(content));
  return row;
}

/**
 * Replaces a secret's name, description and content. Blank values and contents keep what is stored under the same
 * name or path; variables and files the body leaves out are removed; a body without `data` keeps the content.
 */
export async function updateSecret(deps: Deps, principal: Principal, idOrName: string, body: SecretInput): Promise<SecretRow> {
  const current = await findSecretOr404(deps, principal.orgId, idOrName);
  const wanted = orThrow(readSecretInput(body, 'update'));
  const name = wanted.name ?? current.name;
  const content = wanted.content ? resolveContent(deps.secretVault, current, wanted.content) : null;
  const sealed = content ? deps.secretVault.seal(current.id, content) : { envVars: current.env_vars, files: current.files, keyId: current.key_id };
  let row: SecretRow | undefined;
  try {
    row = await replaceSecret(deps.store.db, {
      orgId: principal.orgId, id: current.id, readAt: current.updated_at, name, description: wanted.description ?? current.description,
      envVars: sealed.envVars, files: sealed.files, keyId: sealed.keyId, updatedBy: principal.userId, now: Math.max(deps.now(), current.updated_at + 1),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HubError('SECRET_EXISTS', { name }, { field: 'metadata.name' });
    throw new Error(`update secret ${current.name}`, { cause: error });
  }
  if (!row) {
    if (await findSecretById(deps.store.db, principal.orgId, current.id)) throw new HubError('SECRET_CHANGED', { name: current.name });
    throw new HubError('NOT_FOUND', { what: `secret '${current.name}'` });
  }
  deps.log.info({ secret: name, orgId: principal.orgId, renamedFrom: name === current.name ? undefined : current.name }, 'secret updated');
  await audit(deps, principal, 'secret.updated', name, { ...(content ? describeContent(content) : {}), ...(name !== current.name ? { renamed_from: current.name } : {}) });
  return row;
}

export async function removeSecret(deps: Deps, principal: Principal, idOrName: string): Promise<void> {
  const current = await findSecretOr404(deps, principal.orgId, idOrName);
  if (!(await deleteSecret(deps.store.db, principal.orgId, current.id))) throw new HubError('NOT_FOUND', { what: `secret '${current.name}'` });
  deps.log.info({ secret: current.name, orgId: principal.orgId }, 'secret deleted');
  await audit(deps, principal, 'secret.deleted', current.name, {});
}

/** The content to store: kept values come from the current secret (decrypted, so an update re-encrypts with this key). */
function resolveContent(vault: SecretVault, current: SecretRow | null, wanted: WantedContent): SecretContent {
  const needsCurrent = wanted.envVars.some((v) => v.value === null) || wanted.files.some((f) => f.content === null);
  const stored = current && needsCurrent ? vault.open(current) : { envVars: [], files: [] };
  const envVars = wanted.envVars.map((v, i) => {
    const value = v.value ?? stored.envVars.find((s) => s.name === v.name)?.value;
    if (value === undefined) throw new HubError('VALIDATION', { detail: `the environment variable ${v.name} is new, so it needs a value` }, { field: `data.env_vars[${i}].value` });
    return { name: v.name, value };
  });
  const files = wanted.files.map((f, i) => {
    const content = f.content ?? stored.files.find((s) => s.path === f.path)?.content;
    if (content === undefined) throw new HubError('VALIDATION', { detail: `the file ${f.path} is new, so it needs content (base64)` }, { field: `data.files[${i}].content` });
    return { path: f.path, content };
  });
  const tooBig = contentSizeProblem({ envVars, files });
  if (tooBig) throw new HubError('VALIDATION', { detail: tooBig }, { field: 'data' });
  return { envVars, files };
}

function orThrow(result: SecretInputResult) {
  if (!result.ok) throw new HubError('VALIDATION', { detail: result.problem }, { field: result.field });
  return result.wanted;
}

/** Names and paths only: an audit event never holds a value. */
function describeContent(content: SecretContent): Record<string, string | number> {
  return {
    env_vars: content.envVars.map((v) => v.name).join(',').slice(0, 1000),
    files: content.files.map((f) => f.path).join(',').slice(0, 1000),
  };
}

async function audit(deps: Deps, principal: Principal, action: AuditAction, name: string, details: Record<string, string | number | boolean>): Promise<void> {
  await recordAuditEvent(deps, { orgId: principal.orgId, actor: `user:${principal.email}`, action, target: { type: 'secret', name }, details });
}
