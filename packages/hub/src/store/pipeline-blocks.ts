import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Store } from './database.js';
import type { BlockRowState, Database, PipelineBlocksTable, PipelineRowResult } from './schema.js';
import { enqueueJob, type NewJob } from './jobs.js';

export type BlockRow = Selectable<PipelineBlocksTable>;

/** A block's job as the pipeline sees it: the link row and what its ordinary job says now. */
export interface BlockJobRow {
  block_id: string;
  idx: number;
  name: string;
  job_id: string;
  state: 'queued' | 'offered' | 'running' | 'finished';
  result: 'passed' | 'failed' | 'stopped' | null;
  failure_reason: string | null;
  stop_requested_at: number | null;
  started_at: number | null;
  finished_at: number | null;
}

export async function findBlocksOfPipeline(db: Kysely<Database>, pipelineId: string): Promise<BlockRow[]> {
  return db.selectFrom('pipeline_blocks').selectAll().where('pipeline_id', '=', pipelineId).orderBy('idx').execute();
}

export async function findJobsOfPipeline(db: Kysely<Database>, pipelineId: string): Promise<BlockJobRow[]> {
  return db
    .selectFrom('pipeline_jobs')
    .innerJoin('jobs', 'jobs.id', 'pipeline_jobs.job_id')
    .select([
      'pipeline_jobs.block_id',
      'pipeline_jobs.idx',
      'pipeline_jobs.name',
      'pipeline_jobs.job_id',
      'jobs.state',
      'jobs.result',
      'jobs.failure_reason',
      'jobs.stop_requested_at',
      'jobs.started_at',
      'jobs.finished_at',
    ])
    .where('pipeline_jobs.pipeline_id', '=', pipelineId)
    .orderBy('pipeline_jobs.block_id')
    .orderBy('pipeline_jobs.idx')
    .execute();
}

export interface BlockStart {
  blockId: string;
  pipelineId: string;
  /** The block's jobs as ordinary jobs, each with its position in the block (jobs a partial rerun carried over are
   * linked already and not among them). */
  jobs: Array<{ idx: number; job: NewJob }>;
  now: number;
}

/**
 * Queues a block's jobs exactly once: one transaction takes the block from `waiting` to `running` with a conditional
 * UPDATE (only while its pipeline runs and no stop was asked for) and inserts the jobs and their links. A second hub,
 * or a second call, finds the block no longer waiting and writes nothing (PostgreSQL's row lock makes it wait for the
 * first transaction and then re-check; SQLite runs write transactions one at a time).
 */
export async function startBlock(store: Store, start: BlockStart): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('pipeline_blocks')
      .set({ state: 'running', started_at: start.now, updated_at: start.now })
      .where('id', '=', start.blockId)
      .where('state', '=', 'waiting')
      .where((eb) =>
        eb.exists(
          eb.selectFrom('pipelines').select('pipelines.id').where('pipelines.id', '=', start.pipelineId).where((p) =>
            p.or([p.and([p('pipelines.state', '=', 'running'), p('pipelines.terminate_request', 'is', null)]), p('pipelines.state', '=', 'done')]),
          ),
        ),
      )
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    for (const { job } of start.jobs) await enqueueJob(trx, job);
    const links = start.jobs.map(({ idx, job }) => ({ block_id: start.blockId, idx, pipeline_id: start.pipelineId, name: job.name, job_id: job.id }));
    if (links.length > 0) await trx.insertInto('pipeline_jobs').values(links).execute();
    return true;
  });
}

export interface BlockStateChange {
  blockId: string;
  from: BlockRowState;
  to: BlockRowState;
  result?: PipelineRowResult;
  resultReason?: string;
  errorDescription?: string;
  now: number;
}

/** Moves a block from the state it was read in (never into `running`: startBlock does that); false if it had moved. */
export async function changeBlockState(db: Kysely<Database>, change: BlockStateChange): Promise<boolean> {
  const set: Updateable<PipelineBlocksTable> = { state: change.to, updated_at: change.now };
  if (change.to === 'done') Object.assign(set, { done_at: change.now, result: change.result ?? null, result_reason: change.resultReason ?? null });
  if (change.errorDescription !== undefined) set.error_description = change.errorDescription;
  const result = await db.updateTable('pipeline_blocks').set(set).where('id', '=', change.blockId).where('state', '=', change.from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
