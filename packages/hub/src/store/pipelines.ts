import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, PipelineBlocksTable, PipelineJobsTable, PipelineRowResult, PipelineRowState, PipelinesTable, TerminateReason, WorkflowsTable } from './schema.js';
import { ONE_ROW, preparedQuery } from './prepared-query.js';

export type WorkflowRow = Selectable<WorkflowsTable>;
export type PipelineRow = Selectable<PipelinesTable>;
export type NewBlockRow = Insertable<PipelineBlocksTable>;
export type NewJobLinkRow = Insertable<PipelineJobsTable>;

/** Everything a new pipeline is made of, written in one transaction (a new workflow too, unless it joins one). */
export interface NewPipelineRun {
  workflow: Insertable<WorkflowsTable> | null;
  pipeline: Insertable<PipelinesTable>;
  blocks: Insertable<PipelineBlocksTable>[];
  /** Jobs carried over from an earlier pipeline (a partial rerun's passed blocks). */
  jobs: Insertable<PipelineJobsTable>[];
}

/** Writes a new pipeline with its blocks; a repeated request token fails on its unique index (the caller looks it up). */
export async function insertPipelineRun(db: Kysely<Database>, run: NewPipelineRun): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (run.workflow) await trx.insertInto('workflows').values(run.workflow).execute();
    await trx.insertInto('pipelines').values(run.pipeline).execute();
    if (run.blocks.length > 0) await trx.insertInto('pipeline_blocks').values(run.blocks).execute();
    if (run.jobs.length > 0) await trx.insertInto('pipeline_jobs').values(run.jobs).execute();
  });
}

export async function findPipelineById(db: Kysely<Database>, id: string): Promise<PipelineRow | undefined> {
  return db.selectFrom('pipelines').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPipelineInOrg(db: Kysely<Database>, orgId: string, id: string): Promise<PipelineRow | undefined> {
  return db.selectFrom('pipelines').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function findPipelineByRequestToken(db: Kysely<Database>, orgId: string, token: string): Promise<PipelineRow | undefined> {
  return db.selectFrom('pipelines').selectAll().where('org_id', '=', orgId).where('request_token', '=', token).executeTakeFirst();
}

export async function findWorkflowInOrg(db: Kysely<Database>, orgId: string, id: string): Promise<WorkflowRow | undefined> {
  return db.selectFrom('workflows').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function findWorkflowByRequestToken(db: Kysely<Database>, orgId: string, token: string): Promise<WorkflowRow | undefined> {
  return db.selectFrom('workflows').selectAll().where('org_id', '=', orgId).where('request_token', '=', token).executeTakeFirst();
}

export interface PipelinePageQuery {
  orgId: string;
  wfId?: string;
  branchName?: string;
  yamlFilePath?: string;
  /** Absent: every state; empty: none. */
  states?: readonly PipelineRowState[];
  results?: readonly PipelineRowResult[];
  limit: number;
  /** Keyset position: pipelines older than this id (ids are time-ordered), newest first. */
  beforeId?: string;
}

export async function listPipelines(db: Kysely<Database>, query: PipelinePageQuery): Promise<PipelineRow[]> {
  if (query.states?.length === 0 || query.results?.length === 0) return [];
  let q = db.selectFrom('pipelines').selectAll().where('org_id', '=', query.orgId);
  if (query.wfId !== undefined) q = q.where('wf_id', '=', query.wfId);
  if (query.branchName !== undefined) q = q.where('branch_name', '=', query.branchName);
  if (query.yamlFilePath !== undefined) q = q.where('yaml_file_path', '=', query.yamlFilePath);
  if (query.states) q = q.where('state', 'in', [...query.states]);
  if (query.results) q = q.where('result', 'in', [...query.results]);
  if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
  return q.orderBy('id', 'desc').limit(query.limit).execute();
}

/** Pipelines not settled yet (their own run or their after_pipeline is not done): what the advance sweep visits. */
export async function findActivePipelineIds(db: Kysely<Database>, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('pipelines').select('id').where('active', '=', 1).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** The unsettled pipelines that hold this job (a job finish advances them). */
export async function findActivePipelinesOfJob(db: Kysely<Database>, jobId: string): Promise<string[]> {
  const rows = await activePipelinesOfJob.all(db, jobId);
  return [...new Set(rows.map((r) => r.id))];
}

// Asked after every job's end, pipeline or not: built once.
const activePipelinesOfJob = preparedQuery((db, jobId: string) =>
  db
    .selectFrom('pipeline_jobs')
    .innerJoin('pipelines', 'pipelines.id', 'pipeline_jobs.pipeline_id')
    .select('pipelines.id')
    .where('pipeline_jobs.job_id', '=', jobId)
    .where('pipelines.active', '=', 1),
);

export interface QueueNeighbours {
  /** An older pipeline of the same queue is not done. */
  olderInQueue: boolean;
  /** auto_cancel values of the newer pipelines of the same queue. */
  newerAutoCancel: Array<'stop' | 'cancel' | 'none'>;
}

/** What the pipelines before and after this one in its queue (same organization, file and ref) mean for it. */
export async function findQueueNeighbours(db: Kysely<Database>, pipeline: Pick<PipelineRow, 'id' | 'org_id' | 'queue_key'>): Promise<QueueNeighbours> {
  const inQueue = db.selectFrom('pipelines').where('org_id', '=', pipeline.org_id).where('queue_key', '=', pipeline.queue_key);
  const older = await inQueue.select('id').where('id', '<', pipeline.id).where('state', '!=', 'done').limit(ONE_ROW).executeTakeFirst();
  const newer = await inQueue.select('auto_cancel').distinct().where('id', '>', pipeline.id).where('auto_cancel', '!=', 'none').execute();
  return { olderInQueue: older !== undefined, newerAutoCancel: newer.map((r) => r.auto_cancel) };
}

/** PATCH terminate_request: records the stop once; false when the pipeline is done or a stop was already asked for. */
export async function requestPipelineStop(
  db: Kysely<Database>,
  stop: { id: string; reason: TerminateReason; by: string | null; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable('pipelines')
    .set({ terminate_request: 'stop', terminate_reason: stop.reason, terminated_by: stop.by, updated_at: stop.now })
    .where('id', '=', stop.id)
    .where('state', '!=', 'done')
    .where('terminate_request', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface PipelineStateChange {
  id: string;
  from: PipelineRowState;
  to: PipelineRowState;
  result?: PipelineRowResult;
  resultReason?: string;
  /** A stop the hub decided (auto_cancel, the time limit), recorded with the change if none was asked for yet. */
  terminate?: TerminateReason;
  /** running_at + the pipeline's limit, when it starts running. */
  deadlineAt?: number;
  now: number;
}

/** Moves a pipeline from the state it was read in; false when another hub (or call) moved it first. */
export async function changePipelineState(db: Kysely<Database>, change: PipelineStateChange): Promise<boolean> {
  const set: Updateable<PipelinesTable> = { state: change.to, updated_at: change.now };
  if (change.to === 'running') Object.assign(set, { running_at: change.now, deadline_at: change.deadlineAt ?? null });
  if (change.to === 'stopping') set.stopping_at = change.now;
  if (change.to === 'done') Object.assign(set, { done_at: change.now, result: change.result ?? null, result_reason: change.resultReason ?? null });
  const terminate = change.terminate;
  const result = await db
    .updateTable('pipelines')
    .set(set)
    // A stop a user asked for meanwhile keeps its reason.
    .$if(terminate !== undefined, (q) =>
      q.set((eb) => ({ terminate_request: eb.fn.coalesce('terminate_request', eb.val<'stop'>('stop')), terminate_reason: eb.fn.coalesce('terminate_reason', eb.val<TerminateReason>(terminate ?? 'user')) })),
    )
    .where('id', '=', change.id)
    .where('state', '=', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The pipeline and its after_pipeline are done: the sweep stops visiting it. */
export async function settlePipeline(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db.updateTable('pipelines').set({ active: 0, updated_at: now }).where('id', '=', id).where('state', '=', 'done').execute();
}

/** The organization's agent types among `names`, by name (a pipeline's machine types must be among them). */
export async function findAgentTypeIdsByName(db: Kysely<Database>, orgId: string, names: readonly string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom('agent_types').select(['id', 'name']).where('org_id', '=', orgId).where('name', 'in', [...new Set(names)]).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}
