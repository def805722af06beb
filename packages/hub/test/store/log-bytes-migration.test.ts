import { afterAll, beforeAll, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import type { Store } from '../../src/store/database.js';
import { enqueueJob, findJobById } from '../../src/store/jobs.js';
import { appendLogEvents, readLogEvents } from '../../src/store/job-logs.js';
import { logLinesOf } from '../../src/store/log-lines.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { planLogAppend } from '../../src/lifecycle/log-budget-policy.js';
import { newTimeOrderedId } from '../../src/ids/time-ordered-id.js';
import { openTestStore, type TestStore } from '../support/test-database.js';
import { describeEachDialect } from '../support/hub-clients.js';
import { seedAgentType, seedOrg } from '../support/seed.js';

const event = (i: number) => JSON.stringify({ event: 'cmd_output', timestamp: 1_700_000_000, output: `línea ${i} 日本\n` });
const bytesOf = (events: string[]) => events.reduce((n, e) => n + Buffer.byteLength(e, 'utf8'), 0);

// Migration 0013 adds the byte column and leaves the text rows written before it where they are: both read the same.
await describeEachDialect('migration 0013 (log rows as bytes) on %s', (dialect) => {
  let testStore: TestStore | undefined;
  let store: Store;
  let jobId: string;
  const old = [0, 1, 2, 3].map(event);

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    store = testStore.store;
    const down = await new Migrator({ db: store.db, provider: migrationProvider }).migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual([['0013-log-bytes', 'Down', 'Success']]);

    const org = await seedOrg(store.db);
    const type = await seedAgentType(store.db, org.orgId, 's1-log-migration');
    const now = Date.now();
    jobId = newTimeOrderedId(now);
    await enqueueJob(store.db, { id: jobId, orgId: org.orgId, agentTypeId: type.id, name: 'old log', spec: '{}', priority: 50, executionTimeLimitS: null, createdBy: null, now });
    // As the hub wrote them before 0013: a run of three events in one text row, then a single event.
    await sql`insert into job_log_events (job_id, idx, event, bytes, event_count) values
      (${jobId}, 0, ${old.slice(0, 3).join('\n')}, ${bytesOf(old.slice(0, 3))}, 3),
      (${jobId}, 3, ${old[3]}, ${bytesOf(old.slice(3))}, 1)`.execute(store.db);
    await store.db.updateTable('jobs').set({ log_event_count: 4, log_bytes: bytesOf(old) }).where('id', '=', jobId).execute();

    const up = await new Migrator({ db: store.db, provider: migrationProvider }).migrateToLatest();
    expect(up.error).toBeUndefined();
  });

  afterAll(async () => {
    await testStore?.close();
  });

  const stored = async (from = 0) => (await readLogEvents(store.db, jobId, from, 100)).map((e) => e.event);

  it('reads the text rows written before it as they were', async () => {
    expect(await stored()).toEqual(old);
    expect(await stored(2)).toEqual(old.slice(2));
  });

  it('cuts an old text row at start_from and appends bytes after it, counting the bytes of both', async () => {
    const fresh = [event(8), event(9)];
    const outcome = await appendLogEvents(store, {
      jobId, startFrom: 2, lines: logLinesOf(fresh), budgetBytes: 10 ** 9, planAppend: planLogAppend, trimmedNotice: '{"event":"x"}', now: Date.now(),
    });
    expect(outcome).toEqual({ kind: 'stored', eventCount: 4 });
    expect(await stored()).toEqual([old[0], old[1], ...fresh]);
    expect((await findJobById(store.db, jobId))?.log_bytes).toBe(bytesOf([old[0] ?? '', old[1] ?? '', ...fresh]));
    const rows = await store.db.selectFrom('job_log_events').select(['idx', 'event', 'lines']).where('job_id', '=', jobId).orderBy('idx').execute();
    expect(rows.map((r) => ({ idx: r.idx, text: r.event, bytes: r.lines?.toString('utf8') ?? null }))).toEqual([
      { idx: 0, text: `${old[0]}\n${old[1]}`, bytes: null },
      { idx: 2, text: '', bytes: fresh.join('\n') },
    ]);
  });
});
