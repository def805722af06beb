import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A project's workflow with what Semaphore's workflow answers show of its first pipeline and its hook. */
export interface ProjectWorkflowRow {
  id: string;
  org_id: string;
  project_id: string | null;
  hook_id: string | null;
  triggered_by: string | null;
  rerun_of: string | null;
  created_by: string | null;
  created_at: number;
  initial_ppl_id: string;
  commit_sha: string;
  branch_name: string;
  tag_name: string;
  pr_number: string;
  state: string;
  result: string | null;
  reference: string | null;
}

function selectWorkflows(db: Kysely<Database>) {
  return db
    .selectFrom('workflows')
    .innerJoin('pipelines', 'pipelines.id', 'workflows.initial_ppl_id')
    .leftJoin('project_hooks', 'project_hooks.id', 'workflows.hook_id')
    .select([
      'workflows.id', 'workflows.org_id', 'workflows.project_id', 'workflows.hook_id', 'workflows.triggered_by', 'workflows.rerun_of', 'workflows.created_by',
      'workflows.created_at', 'workflows.initial_ppl_id', 'pipelines.commit_sha', 'pipelines.branch_name', 'pipelines.tag_name', 'pipelines.pr_number',
      'pipelines.state', 'pipelines.result', 'project_hooks.reference',
    ]);
}

export interface WorkflowPageQuery {
  orgId: string;
  projectId: string;
  branchName?: string;
  /** Milliseconds. */
  createdAfter?: number;
  createdBefore?: number;
  limit: number;
  /** Keyset position: workflows older than this id (ids are time-ordered), newest first. */
  beforeId?: string;
}

export async function listProjectWorkflows(db: Kysely<Database>, query: WorkflowPageQuery): Promise<ProjectWorkflowRow[]> {
  let q = selectWorkflows(db).where('workflows.org_id', '=', query.orgId).where('workflows.project_id', '=', query.projectId);
  if (query.branchName !== undefined) q = q.where((eb) => eb.or([eb('pipelines.branch_name', '=', query.branchName ?? ''), eb('pipelines.tag_name', '=', query.branchName ?? '')]));
  if (query.createdAfter !== undefined) q = q.where('workflows.created_at', '>', query.createdAfter);
  if (query.createdBefore !== undefined) q = q.where('workflows.created_at', '<', query.createdBefore);
  if (query.beforeId !== undefined) q = q.where('workflows.id', '<', query.beforeId);
  return q.orderBy('workflows.id', 'desc').limit(query.limit).execute();
}

export async function findProjectWorkflow(db: Kysely<Database>, orgId: string, id: string): Promise<ProjectWorkflowRow | undefined> {
  return selectWorkflows(db).where('workflows.org_id', '=', orgId).where('workflows.id', '=', id).executeTakeFirst();
}

/** The workflow's pipelines that are not done yet (POST …/terminate stops each). */
export async function findActivePipelinesOfWorkflow(db: Kysely<Database>, orgId: string, workflowId: string): Promise<string[]> {
  const rows = await db.selectFrom('pipelines').select('id').where('org_id', '=', orgId).where('wf_id', '=', workflowId).where('state', '!=', 'done').execute();
  return rows.map((r) => r.id);
}
