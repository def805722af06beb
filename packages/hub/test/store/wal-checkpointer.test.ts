import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/database.js';
import { startWalCheckpointer } from '../../src/store/wal-checkpointer.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const dirs: string[] = [];
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-wal-'));
  dirs.push(dir);
  return dir;
}

const sizeOf = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

// 16 MiB written in commits of 256 KiB: past the worker's 1,000 frames (4 MiB) and far below the hub's own 64 MiB net;
// the last < 4 MiB may stay in the WAL.
it('copies the write-ahead log into the database file from its own thread, with no commit doing it', async () => {
  const dataDir = tempDir();
  store = await openStore({ dataDir, onConnectionError: () => {} });
  await sql`create table filler (id integer primary key, bytes blob)`.execute(store.db);
  const file = join(dataDir, 'outpost.sqlite');
  const before = sizeOf(file);
  const chunk = Buffer.alloc(256 * 1024, 7);
  for (let i = 0; i < 64; i++) await sql`insert into filler (bytes) values (${chunk})`.execute(store.db);

  await waitFor(() => sizeOf(file) >= before + 12 * 1024 * 1024, { message: 'the database file to hold the checkpointed pages' });
  const rows = await sql<{ n: number }>`select count(*) as n from filler`.execute(store.db);
  expect(rows.rows[0]?.n).toBe(64);
});

it('closes with the store: the worker stops and the database closes cleanly (no WAL left behind)', async () => {
  const dataDir = tempDir();
  const opened = await openStore({ dataDir, onConnectionError: () => {} });
  await sql`create table t (id integer primary key)`.execute(opened.db);
  await sql`insert into t default values`.execute(opened.db);
  await opened.close();
  // The last connection to close checkpoints and removes the WAL: the worker's connection was gone first.
  expect(sizeOf(join(dataDir, 'outpost.sqlite-wal'))).toBe(0);
});

it('reports a worker that cannot work, so the hub can say its commits checkpoint by themselves', async () => {
  const problems: { message: string; workerStopped: boolean }[] = [];
  const checkpointer = startWalCheckpointer({
    file: join(tempDir(), 'no', 'such', 'dir', 'outpost.sqlite'),
    intervalMs: 10,
    onProblem: ({ err, workerStopped }) => problems.push({ message: err.message, workerStopped }),
  });
  await waitFor(() => problems.length > 0, { message: 'the worker to report it could not open the database' });
  expect(problems[0]).toMatchObject({ workerStopped: true });
  expect(problems[0]?.message).toMatch(/directory|unable to open/i);
  await checkpointer.stop();
});
