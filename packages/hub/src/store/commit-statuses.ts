import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';
import type { CommitStatusesTable, ProjectForgesTable } from './forge-schema.js';
import { ONE_ROW } from './prepared-query.js';

export type CommitStatusRow = Selectable<CommitStatusesTable>;
export type ProjectForgeRow = Selectable<ProjectForgesTable>;

/** Everything a status report reads about a pipeline, in one query: the pipeline, its project, forge settings and hook. */
export interface PipelineForReport {
  id: string;
  org_id: string;
  state: string;
  result: string | null;
  result_reason: string | null;
  commit_sha: string;
  yaml_file_path: string;
  project_id: string | null;
  /** The forge whose webhook started the run (github, gitlab, gitea), or api; null when none. */
  hook_provider: string | null;
  /** Null when the project was deleted. */
  project: ProjectForReport | null;
  forge: Pick<ProjectForgeRow, 'kind' | 'api_url' | 'repository' | 'token' | 'key_id'> | null;
}

export async function findPipelineForReport(db: Kysely<Database>, pipelineId: string): Promise<PipelineForReport | undefined> {
  const row = await db
    .selectFrom('pipelines as p')
    .innerJoin('workflows as w', 'w.id', 'p.wf_id')
    .leftJoin('projects as pr', 'pr.id', 'w.project_id')
    .leftJoin('project_forges as f', 'f.project_id', 'w.project_id')
    .leftJoin('project_hooks as h', 'h.id', 'w.hook_id')
    .select(['p.id', 'p.org_id', 'p.state', 'p.result', 'p.result_reason', 'p.commit_sha', 'p.yaml_file_path', 'w.project_id', 'h.provider as hook_provider'])
    .select(['pr.id as pr_id', 'pr.name as pr_name', 'pr.repo_url', 'pr.credential_kind', 'pr.credential', 'pr.key_id as pr_key_id'])
    .select(['f.project_id as f_project_id', 'f.kind as f_kind', 'f.api_url as f_api_url', 'f.repository as f_repository', 'f.token as f_token', 'f.key_id as f_key_id'])
    .where('p.id', '=', pipelineId)
    .executeTakeFirst();
  if (!row) return undefined;
  const project = row.pr_id && row.pr_name && row.repo_url && row.credential_kind && row.pr_key_id !== null
    ? { id: row.pr_id, org_id: row.org_id, name: row.pr_name, repo_url: row.repo_url, credential_kind: row.credential_kind, credential: row.credential, key_id: row.pr_key_id ?? '' }
    : null;
  const forge = row.f_project_id ? { kind: row.f_kind ?? null, api_url: row.f_api_url ?? null, repository: row.f_repository ?? null, token: row.f_token ?? null, key_id: row.f_key_id ?? null } : null;
  return {
    id: row.id, org_id: row.org_id, state: row.state, result: row.result, result_reason: row.result_reason, commit_sha: row.commit_sha,
    yaml_file_path: row.yaml_file_path, project_id: row.project_id, hook_provider: row.hook_provider ?? null, project, forge,
  };
}

export async function findProjectForge(db: Kysely<Database>, projectId: string): Promise<ProjectForgeRow | undefined> {
  return db.selectFrom('project_forges').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}

export async function upsertProjectForge(db: Kysely<Database>, row: ProjectForgeRow): Promise<void> {
  await db
    .insertInto('project_forges')
    .values(row)
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ kind: row.kind, api_url: row.api_url, repository: row.repository, token: row.token, key_id: row.key_id, updated_at: row.updated_at }))
    .execute();
}

/**
 * Records the pipeline's forge state once (the unique (pipeline, state) makes a repeat, from this hub or another, a
 * no-op) and supersedes the pipeline's older unsent states, so only the latest is sent. True when it was new.
 */
export async function recordCommitStatus(db: Kysely<Database>, row: CommitStatusRow): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('commit_statuses')
      .values(row)
      .onConflict((oc) => oc.columns(['pipeline_id', 'forge_state']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
    await trx
      .updateTable('commit_statuses')
      .set({ status: 'superseded', updated_at: row.created_at })
      .where('pipeline_id', '=', row.pipeline_id)
      .where('status', '=', 'pending')
      .where('id', '!=', row.id)
      .execute();
    return true;
  });
}

export async function findDueCommitStatuses(db: Kysely<Database>, now: number, limit: number): Promise<CommitStatusRow[]> {
  return db
    .selectFrom('commit_statuses')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

/** Takes a due row for one send by moving its next attempt past the send's timeout; false if another sender has it. */
export async function claimCommitStatus(db: Kysely<Database>, row: CommitStatusRow, leaseUntil: number): Promise<boolean> {
  const result = await db
    .updateTable('commit_statuses')
    .set({ next_attempt_at: leaseUntil })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', row.next_attempt_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface SendResult {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  lastHttpStatus: number | null;
  now: number;
}

/** Writes a send's outcome unless the row was superseded meanwhile (then the newer state is what counts). */
export async function recordSendResult(db: Kysely<Database>, r: SendResult): Promise<void> {
  await db
    .updateTable('commit_statuses')
    .set({
      status: r.status,
      attempts: r.attempts,
      next_attempt_at: r.nextAttemptAt,
      last_error: r.lastError,
      last_http_status: r.lastHttpStatus,
      updated_at: r.now,
      ...(r.status === 'sent' ? { sent_at: r.now } : {}),
    })
    .where('id', '=', r.id)
    .where('status', '=', 'pending')
    .execute();
}

/** The pipeline's newest report (superseded ones aside): what describe shows. */
export async function findLatestCommitStatus(db: Kysely<Database>, pipelineId: string): Promise<CommitStatusRow | undefined> {
  return db
    .selectFrom('commit_statuses')
    .selectAll()
    .where('pipeline_id', '=', pipelineId)
    .where('status', '!=', 'superseded')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(ONE_ROW)
    .executeTakeFirst();
}

/** The project columns a report reads (its URL, its HTTPS token envelope and the key that sealed it). */
export interface ProjectForReport {
  id: string;
  org_id: string;
  name: string;
  repo_url: string;
  credential_kind: string;
  credential: string | null;
  key_id: string;
}

export async function findProjectForReport(db: Kysely<Database>, projectId: string): Promise<ProjectForReport | undefined> {
  return db
    .selectFrom('projects')
    .select(['id', 'org_id', 'name', 'repo_url', 'credential_kind', 'credential', 'key_id'])
    .where('id', '=', projectId)
    .executeTakeFirst();
}

/** A project by id or name in the organization (the settings routes take either, as the projects API does). */
export async function findProjectForReportByRef(db: Kysely<Database>, orgId: string, idOrName: string): Promise<ProjectForReport | undefined> {
  return db
    .selectFrom('projects')
    .select(['id', 'org_id', 'name', 'repo_url', 'credential_kind', 'credential', 'key_id'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
}

/** Unsettled pipelines of projects: the report sweep records their state in case a post-commit record was lost. */
export async function findActiveProjectPipelineIds(db: Kysely<Database>, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('pipelines as p')
    .innerJoin('workflows as w', 'w.id', 'p.wf_id')
    .select('p.id')
    .where('p.active', '=', 1)
    .where('w.project_id', 'is not', null)
    .orderBy('p.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
