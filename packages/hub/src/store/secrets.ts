import type { Kysely, Selectable } from 'kysely';
import type { Database, SecretsTable } from './schema.js';
import { preparedQuery } from './prepared-query.js';

export type SecretRow = Selectable<SecretsTable>;

/** Inserts a new secret; a taken name fails on the (org_id, name) constraint (isUniqueViolation). */
export async function insertSecret(db: Kysely<Database>, row: SecretRow): Promise<SecretRow> {
  return db.insertInto('secrets').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findSecretById(db: Kysely<Database>, orgId: string, id: string): Promise<SecretRow | undefined> {
  return db.selectFrom('secrets').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function findSecretByName(db: Kysely<Database>, orgId: string, name: string): Promise<SecretRow | undefined> {
  return db.selectFrom('secrets').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
}

export async function findSecretsByNames(db: Kysely<Database>, orgId: string, names: readonly string[]): Promise<SecretRow[]> {
  if (names.length === 0) return [];
  return db.selectFrom('secrets').selectAll().where('org_id', '=', orgId).where('name', 'in', [...names]).execute();
}

export type SecretPosition = { order: 'name'; name: string; id: string } | { order: 'created'; createdAt: number; id: string };

/** A page in name order or creation order (Semaphore's BY_NAME_ASC / BY_CREATE_TIME_ASC), after a keyset position. */
export async function listSecrets(
  db: Kysely<Database>,
  query: { orgId: string; order: 'name' | 'created'; limit: number; after?: SecretPosition },
): Promise<SecretRow[]> {
  let q = db.selectFrom('secrets').selectAll().where('org_id', '=', query.orgId);
  const after = query.after;
  if (after?.order === 'name') {
    q = q.where((eb) => eb.or([eb('name', '>', after.name), eb.and([eb('name', '=', after.name), eb('id', '>', after.id)])]));
  } else if (after?.order === 'created') {
    q = q.where((eb) => eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)])]));
  }
  q = query.order === 'name' ? q.orderBy('name').orderBy('id') : q.orderBy('created_at').orderBy('id');
  return q.limit(query.limit).execute();
}

export interface SecretReplacement {
  orgId: string;
  id: string;
  /** The update_at the caller read: a secret changed meanwhile is not overwritten (the caller answers 409). */
  readAt: number;
  name: string;
  description: string;
  envVars: string;
  files: string;
  keyId: string;
  updatedBy: string | null;
  now: number;
}

/** Replaces a secret's name and content if it is still as read; undefined when it changed or went away. */
export async function replaceSecret(db: Kysely<Database>, change: SecretReplacement): Promise<SecretRow | undefined> {
  return db
    .updateTable('secrets')
    .set({
      name: change.name,
      description: change.description,
      env_vars: change.envVars,
      files: change.files,
      key_id: change.keyId,
      updated_by: change.updatedBy,
      updated_at: change.now,
    })
    .where('org_id', '=', change.orgId)
    .where('id', '=', change.id)
    .where('updated_at', '=', change.readAt)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteSecret(db: Kysely<Database>, orgId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('secrets').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Secrets whose envelopes another key wrote: the hub warns at startup, since it cannot read them. */
export async function countSecretsOfOtherKeys(db: Kysely<Database>, keyId: string): Promise<number> {
  const row = await db.selectFrom('secrets').select((eb) => eb.fn.countAll<number>().as('n')).where('key_id', '!=', keyId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findJobSecretMaterial(db: Kysely<Database>, jobId: string): Promise<string | undefined> {
  const row = await jobSecretMaterial.first(db, jobId);
  return row?.material;
}

// Asked on every job fetch (GET /jobs/:id), secrets or not: built once.
const jobSecretMaterial = preparedQuery((db, jobId: string) => db.selectFrom('job_secrets').select('material').where('job_id', '=', jobId));

/**
 * Deletes the secret copies of finished jobs once their logs can no longer arrive (the log token expired, so no push
 * is accepted and nothing is left to mask); safe on every replica at once. job_secrets only holds the copies of jobs
 * that imported secrets and have not been purged yet, so the scan stays small.
 */
export async function purgeFinishedJobSecrets(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db
    .deleteFrom('job_secrets')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('jobs')
          .select('jobs.id')
          .whereRef('jobs.id', '=', 'job_secrets.job_id')
          .where('jobs.state', '=', 'finished')
          .where((j) => j.or([j('jobs.log_token_expires_at', 'is', null), j('jobs.log_token_expires_at', '<', now)])),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
