import type { Kysely } from 'kysely';

// One schema for SQLite and PostgreSQL: text ids, bigint millisecond times, integer 0/1 flags.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createAccountTables(db);
  await createAgentTables(db);
  await createJobTables(db);
  await createAuditTable(db);
}

// Organizations, their users, API tokens and UI sessions.
async function createAccountTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

// Agent types and their agents.
async function createAgentTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('assignment_origin', 'text', (c) => c.notNull())
    .addColumn('aws_account_id', 'text')
    .addColumn('aws_role_name_patterns', 'text')
    .addColumn('release_after_s', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('registration_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('token_reset_at', 'bigint')
    .addUniqueConstraint('agent_types_org_name_unique', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('agents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('agent_type_id', 'text', (c) => c.notNull().references('agent_types.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('access_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('os', 'text', (c) => c.notNull())
    .addColumn('arch', 'text', (c) => c.notNull())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('single_job', 'integer', (c) => c.notNull())
    .addColumn('idle_timeout_s', 'integer', (c) => c.notNull())
    .addColumn('interruption_grace_period_s', 'integer', (c) => c.notNull())
    .addColumn('requested_job_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('interrupted_at', 'bigint')
    .addColumn('connected_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sync_at', 'bigint')
    .addColumn('last_state_change_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .addColumn('disconnected_at', 'bigint')
    .addColumn('release_at', 'bigint')
    .addUniqueConstraint('agents_org_name_unique', ['org_id', 'name'])
    .execute();
  await db.schema.createIndex('agents_type_status').on('agents').columns(['agent_type_id', 'status']).execute();
  await db.schema.createIndex('agents_release_at').on('agents').columns(['status', 'release_at']).execute();
}

// Jobs and their logs.
async function createJobTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('agent_type_id', 'text', (c) => c.notNull().references('agent_types.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('agent_id', 'text')
    .addColumn('agent_name', 'text')
    .addColumn('execution_time_limit_s', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('offered_at', 'bigint')
    .addColumn('offer_expires_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('stop_requested_at', 'bigint')
    .addColumn('log_token_hash', 'text')
    .addColumn('log_token_expires_at', 'bigint')
    .addColumn('log_event_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('log_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('log_trimmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .execute();
  // The claim query: the next queued job of a type by priority, then first-in first-out.
  await db.schema
    .createIndex('jobs_queue')
    .on('jobs')
    .columns(['agent_type_id', 'state', 'priority', 'created_at'])
    .execute();
  await db.schema.createIndex('jobs_org_created').on('jobs').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('job_log_events')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_log_events_pk', ['job_id', 'idx'])
    .execute();
}

// The audit log.
async function createAuditTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_name', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_org_created').on('audit_events').columns(['org_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_events', 'job_log_events', 'jobs', 'agents', 'agent_types', 'sessions', 'api_tokens', 'users', 'organizations']) {
    await db.schema.dropTable(table).execute();
  }
}
