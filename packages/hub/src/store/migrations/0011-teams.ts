import { sql, type Kysely } from 'kysely';

// Teams (issue 13): a person may belong to several organizations, each with its own role, so roles move from `users`
// to `memberships` (users.org_id and users.role stay as the organization a person signs in to first, and are no longer
// read for permissions). Invitations are one-time links: only the SHA-256 of the token is kept, with its expiry.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('memberships')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['org_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').columns(['user_id']).execute();
  await sql`insert into memberships (org_id, user_id, role, created_at) select org_id, id, role, created_at from users`.execute(db);

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .execute();
  await db.schema.createIndex('invitations_org').on('invitations').columns(['org_id', 'created_at']).execute();
  await db.schema.createIndex('api_tokens_org_user').on('api_tokens').columns(['org_id', 'user_id']).execute();
  await db.schema.createIndex('sessions_org_user').on('sessions').columns(['org_id', 'user_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_org_user').execute();
  await db.schema.dropIndex('api_tokens_org_user').execute();
  await db.schema.dropTable('invitations').execute();
  await db.schema.dropTable('memberships').execute();
}
