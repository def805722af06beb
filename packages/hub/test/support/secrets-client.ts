import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Secret } from '@outpost/protocol';
import { api } from './hub-clients.js';
import type { TestHub } from './start-hub.js';

export const SECRETS = '/api/v1beta/secrets';
/** A key for hubs that need one given (PostgreSQL replicas); tests on SQLite may also let the hub make its own. */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 0x5e).toString('base64');

export async function createSecret(hub: TestHub, name: string, data: { env_vars?: Array<{ name: string; value: string }>; files?: Array<{ path: string; content: string }> }): Promise<Secret> {
  const res = await api(hub, 'POST', SECRETS, { body: { metadata: { name }, data } });
  if (res.status !== 200) throw new Error(`create secret ${name}: ${res.status} ${res.text}`);
  return res.body as Secret;
}

export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * Where a value must never be in clear: every line the hub logged and, on SQLite, the database file with its WAL; on
 * PostgreSQL, every text column of every table (the rows a dump would hold). Returns the places that hold one.
 */
export async function placesHoldingInClear(hub: TestHub, values: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const value of values) {
    if (hub.logLines.some((line) => line.includes(value))) found.push(`hub log: ${value}`);
    if (hub.db.dialect === 'sqlite') {
      for (const file of ['outpost.sqlite', 'outpost.sqlite-wal', 'outpost.sqlite-shm']) {
        const path = join(hub.db.dataDir, file);
        if (existsSync(path) && readFileSync(path).includes(Buffer.from(value, 'utf8'))) found.push(`${file}: ${value}`);
      }
    } else {
      for (const table of await tablesOf(hub)) {
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(hub.services.store.db);
        if (rows.rows.some((row) => JSON.stringify(row).includes(value))) found.push(`table ${table}: ${value}`);
      }
    }
  }
  return found;
}

async function tablesOf(hub: TestHub): Promise<string[]> {
  const result = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public'`.execute(hub.services.store.db);
  return result.rows.map((r) => r.tablename);
}
