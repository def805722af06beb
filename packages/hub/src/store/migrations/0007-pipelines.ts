import type { Kysely } from 'kysely';

// Pipelines (issue 11): a workflow holds pipelines; a pipeline holds its compiled plan and its blocks; when a block
// starts, each of its jobs becomes an ordinary job and a pipeline_jobs row links the two. The jobs table is untouched:
// agents see ordinary jobs, and a finished job finds its pipeline through pipeline_jobs.job_id.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workflows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('initial_ppl_id', 'text', (c) => c.notNull())
    .addColumn('rerun_of', 'text')
    .addColumn('request_token', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // A repeated request with the same token finds the workflow it made instead of making another.
  await db.schema.createIndex('workflows_request_token').unique().on('workflows').columns(['org_id', 'request_token']).execute();
  await createPipelines(db);
  await createBlocksAndJobs(db);
}

async function createPipelines(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pipelines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('wf_id', 'text', (c) => c.notNull().references('workflows.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('yaml_file_path', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('branch_name', 'text', (c) => c.notNull())
    .addColumn('tag_name', 'text', (c) => c.notNull())
    .addColumn('pr_number', 'text', (c) => c.notNull())
    .addColumn('commit_sha', 'text', (c) => c.notNull())
    .addColumn('queue_key', 'text', (c) => c.notNull())
    .addColumn('auto_cancel', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('result_reason', 'text')
    .addColumn('error_description', 'text', (c) => c.notNull())
    .addColumn('terminate_request', 'text')
    .addColumn('terminate_reason', 'text')
    .addColumn('terminated_by', 'text')
    .addColumn('execution_time_limit_s', 'integer', (c) => c.notNull())
    .addColumn('deadline_at', 'bigint')
    .addColumn('partial_rerun_of', 'text')
    .addColumn('artefact_id', 'text', (c) => c.notNull())
    .addColumn('is_rerun', 'integer', (c) => c.notNull())
    .addColumn('workflow_rerun', 'integer', (c) => c.notNull())
    .addColumn('request_token', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('running_at', 'bigint')
    .addColumn('stopping_at', 'bigint')
    .addColumn('done_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pipelines_org_created').on('pipelines').columns(['org_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('pipelines_wf').on('pipelines').columns(['wf_id']).execute();
  // The advance sweep reads the unsettled pipelines; a queue's pipelines are read in creation order.
  await db.schema.createIndex('pipelines_active').on('pipelines').columns(['active', 'id']).execute();
  await db.schema.createIndex('pipelines_queue').on('pipelines').columns(['org_id', 'queue_key', 'id']).execute();
  await db.schema.createIndex('pipelines_request_token').unique().on('pipelines').columns(['org_id', 'request_token']).execute();
}

async function createBlocksAndJobs(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pipeline_blocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dependencies', 'text', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('result_reason', 'text')
    .addColumn('error_description', 'text', (c) => c.notNull())
    .addColumn('copied_from', 'text')
    .addColumn('started_at', 'bigint')
    .addColumn('done_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('pipeline_blocks_position', ['pipeline_id', 'idx'])
    .execute();

  await db.schema
    .createTable('pipeline_jobs')
    .addColumn('block_id', 'text', (c) => c.notNull().references('pipeline_blocks.id'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pipeline_jobs_pk', ['block_id', 'idx'])
    .execute();
  // A finished job finds its pipeline in one lookup (the post-commit advance).
  await db.schema.createIndex('pipeline_jobs_job').on('pipeline_jobs').columns(['job_id']).execute();
  await db.schema.createIndex('pipeline_jobs_pipeline').on('pipeline_jobs').columns(['pipeline_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['pipeline_jobs', 'pipeline_blocks', 'pipelines', 'workflows']) await db.schema.dropTable(table).execute();
}
