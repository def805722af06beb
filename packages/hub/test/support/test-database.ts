import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.js';
import { waitFor } from '../../../../test-support/wait-for.js';

export type TestDialect = 'sqlite' | 'postgres';

const ADMIN_URL = process.env.OUTPOST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database for one test file: a temporary directory (SQLite) or a new PostgreSQL database, dropped after. */
export interface TestDatabase {
  dialect: TestDialect;
  dataDir: string;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

let pgAvailable: boolean | undefined;

/** True when PostgreSQL answers; under CI=true a missing server is an error, on a laptop the suite skips. */
export async function postgresAvailable(): Promise<boolean> {
  if (pgAvailable !== undefined) return pgAvailable;
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    pgAvailable = true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI at ${ADMIN_URL}`, { cause: error });
    console.warn(`PostgreSQL is not reachable at ${ADMIN_URL}; skipping the postgres suites (${(error as Error).message})`);
    pgAvailable = false;
  }
  return pgAvailable;
}

export async function testDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-test-'));
  if (dialect === 'sqlite') {
    return { dialect, dataDir, databaseUrl: undefined, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `outpost_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Sessions still connected to a PostgreSQL test database (0 for SQLite), for the leak guard. pool.end() resolves
 * before the server has seen every socket go, so a count above 0 is given `settleMs` to reach 0.
 */
export async function openConnectionsTo(db: TestDatabase, settleMs = 2_000): Promise<number> {
  if (db.dialect !== 'postgres' || !db.databaseUrl) return 0;
  const name = new URL(db.databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const count = async () => Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name])).rows[0]?.n ?? 0);
    const closed = await waitFor(async () => (await count()) === 0, { timeoutMs: settleMs }).catch(() => false);
    return closed ? 0 : await count();
  } finally {
    await admin.end();
  }
}

/** pool.end() resolves before its sockets close; the DROP DATABASE … WITH (FORCE) that follows may hit one of them. */
export function ignoreLateSocketError(_err: Error): void {
  // Only ever the test database being dropped under a closing pool: nothing of the test's is lost.
}

/** A migrated store on a fresh database for a store suite; close() closes the store and drops the database. */
export interface TestStore {
  store: Store;
  close(): Promise<void>;
}

export async function openTestStore(dialect: TestDialect): Promise<TestStore> {
  const database = await testDatabase(dialect);
  const store = await openStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir, onConnectionError: ignoreLateSocketError }).catch(
    async (error: unknown) => {
      await database.drop();
      throw error;
    },
  );
  return {
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
