import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type KyselyConfig, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import { isStorageError } from './storage-error-policy.js';
import { startWalCheckpointer, type WalCheckpointerOptions, WAL_CHECKPOINT_INTERVAL_MS, WAL_SAFETY_NET_PAGES, WAL_SIZE_LIMIT_BYTES } from './wal-checkpointer.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The PostgreSQL pool (for LISTEN/NOTIFY); undefined on SQLite. */
  pgPool?: pg.Pool;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connection string; when absent, SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /**
   * Called when an idle PostgreSQL connection fails (a database restart, a dropped socket). The pool replaces the
   * connection; without a listener node-postgres would crash the process.
   */
  onConnectionError: (err: Error) => void;
  /** Called for every query that failed because the storage did (storage-error-policy.ts): a full disk, a lost connection. */
  onStorageError?: (err: unknown) => void;
  /** SQLite: a background WAL checkpoint failed, or its worker stopped (wal-checkpointer.ts). */
  onCheckpointProblem?: WalCheckpointerOptions['onProblem'];
}

// PostgreSQL returns int8 as a string by default; our times and counters fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

export async function openStore(options: StoreOptions): Promise<Store> {
  const log = queryErrorLog(options.onStorageError);
  const store = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.onConnectionError, log)
    : openSqlite(options.dataDir, log, options.onCheckpointProblem ?? (() => {}));
  try {
    await migrateToLatest(store.db);
  } catch (cause) {
    await store.close();
    throw new Error(`migrate the ${store.dialect} database`, { cause });
  }
  return store;
}

function queryErrorLog(onStorageError: StoreOptions['onStorageError']): KyselyConfig['log'] {
  if (!onStorageError) return undefined;
  return (event) => {
    if (event.level === 'error' && isStorageError(event.error)) onStorageError(event.error);
  };
}

function openSqlite(dataDir: string, log: KyselyConfig['log'], onCheckpointProblem: WalCheckpointerOptions['onProblem']): Store {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'outpost.sqlite');
  const file = new SqliteDatabase(path);
  // WAL lets readers run beside the one writer; NORMAL sync is durable across process crashes.
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = NORMAL');
  file.pragma('busy_timeout = 5000');
  file.pragma('foreign_keys = ON');
  file.pragma(`wal_autocheckpoint = ${WAL_SAFETY_NET_PAGES}`);
  file.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const checkpointer = startWalCheckpointer({ file: path, intervalMs: WAL_CHECKPOINT_INTERVAL_MS, onProblem: onCheckpointProblem });
  const db = new Kysely<Database>({ dialect: new RollbackSafeSqliteDialect(file, { database: withStatementCache(file) }), log });
  const close = async () => {
    await checkpointer.stop();
    await db.destroy();
  };
  return { db, dialect: 'sqlite', close };
}

// Kysely prepares every query anew; on a hot sync path SQLite's prepare cost more than running the statement.
const STATEMENT_CACHE_SIZE = 500;

/** The database handed to Kysely, with prepared statements reused per SQL text (oldest dropped past the cap). */
function withStatementCache(file: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => file.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      // A statement with an open iterator (a streamed query) cannot run again until it is done.
      if (cached && !cached.busy) return cached;
      const statement = file.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}

/**
 * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR); Kysely's ROLLBACK then fails
 * with "cannot rollback - no transaction is active" and that error replaces the real one. Roll back only what is open.
 */
class RollbackSafeSqliteDialect extends SqliteDialect {
  readonly #file: SqliteDatabase.Database;
  constructor(file: SqliteDatabase.Database, config: SqliteDialectConfig) {
    super(config);
    this.#file = file;
  }
  override createDriver(): Driver {
    const file = this.#file;
    const driver = super.createDriver() as SqliteDriver;
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (file.inTransaction) await rollback(connection);
    };
    return driver;
  }
}

function openPostgres(connectionString: string, onConnectionError: (err: Error) => void, log: KyselyConfig['log']): Store {
  const pool = new pg.Pool({ connectionString, max: 20 });
  pool.on('error', onConnectionError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  return { db, dialect: 'postgres', pgPool: pool, close: () => db.destroy() };
}

async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(failed ? `migration ${failed.migrationName} failed` : 'migrations failed', { cause: error });
}
