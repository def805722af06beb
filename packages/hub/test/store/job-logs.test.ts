import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { enqueueJob, findJobById } from '../../src/store/jobs.js';
import { appendLogEvents, readLogEvents, type LogBatch } from '../../src/store/job-logs.js';
import { logLinesOf } from '../../src/store/log-lines.js';
import { planLogAppend } from '../../src/lifecycle/log-budget-policy.js';
import { newTimeOrderedId } from '../../src/ids/time-ordered-id.js';
import { openTestStore, type TestStore } from '../support/test-database.js';
import { describeEachDialect } from '../support/hub-clients.js';
import { seedAgentType, seedOrg, type SeededOrg, type SeededType } from '../support/seed.js';

const line = (i: number, text = `line ${i}\n`) => JSON.stringify({ event: 'cmd_output', timestamp: 1_700_000_000, output: text });
const NOTICE = '{"event":"cmd_output","timestamp":1,"output":"trimmed\\n"}';

await describeEachDialect('job logs on %s', (dialect) => {
  let testStore: TestStore | undefined;
  let store: Store;
  let org: SeededOrg;
  let type: SeededType;

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    store = testStore.store;
    org = await seedOrg(store.db);
    type = await seedAgentType(store.db, org.orgId, 's1-logs');
  });

  afterAll(async () => {
    await testStore?.close();
  });

  async function newJob(): Promise<string> {
    const now = Date.now();
    const id = newTimeOrderedId(now);
    await enqueueJob(store.db, {
      id, orgId: org.orgId, agentTypeId: type.id, name: 'logs', spec: '{}', priority: 50, executionTimeLimitS: null, createdBy: null, now,
    });
    return id;
  }

  const batch = (jobId: string, startFrom: number, events: string[], budgetBytes = 10 ** 9): LogBatch => ({
    jobId, startFrom, lines: logLinesOf(events), budgetBytes, planAppend: planLogAppend, trimmedNotice: NOTICE, now: Date.now(),
  });
  const stored = async (jobId: string) => (await readLogEvents(store.db, jobId, 0, 100_000)).map((e) => e.event);

  it('appends batches in order', async () => {
    const jobId = await newJob();
    expect(await appendLogEvents(store, batch(jobId, 0, [line(0), line(1)]))).toEqual({ kind: 'stored', eventCount: 2 });
    expect(await appendLogEvents(store, batch(jobId, 2, [line(2)]))).toEqual({ kind: 'stored', eventCount: 3 });
    expect(await stored(jobId)).toEqual([line(0), line(1), line(2)]);
  });

  it('replaces a retried batch sent again with the same start_from and more lines — spec §4.4 truncate-then-append', async () => {
    const jobId = await newJob();
    await appendLogEvents(store, batch(jobId, 0, [line(0), line(1)]));
    await appendLogEvents(store, batch(jobId, 2, [line(2), line(3)]));
    await appendLogEvents(store, batch(jobId, 2, [line(2), line(3), line(4)]));
    expect(await stored(jobId)).toEqual([0, 1, 2, 3, 4].map((i) => line(i)));
    const job = await findJobById(store.db, jobId);
    expect(job).toMatchObject({ log_event_count: 5, log_bytes: [0, 1, 2, 3, 4].reduce((n, i) => n + Buffer.byteLength(line(i)), 0) });
  });

  it('replaces everything when a push starts again from 0', async () => {
    const jobId = await newJob();
    await appendLogEvents(store, batch(jobId, 0, [line(0), line(1), line(2)]));
    await appendLogEvents(store, batch(jobId, 0, [line(9)]));
    expect(await stored(jobId)).toEqual([line(9)]);
  });

  it('cuts the stored run that straddles start_from and counts only what remains', async () => {
    const jobId = await newJob();
    await appendLogEvents(store, batch(jobId, 0, [0, 1, 2, 3, 4].map((i) => line(i))));
    expect(await appendLogEvents(store, batch(jobId, 2, [line(9)]))).toEqual({ kind: 'stored', eventCount: 3 });
    expect(await stored(jobId)).toEqual([line(0), line(1), line(9)]);
    const job = await findJobById(store.db, jobId);
    expect(job?.log_bytes).toBe([0, 1, 9].reduce((n, i) => n + Buffer.byteLength(line(i)), 0));
  });

  it('keeps a gap when start_from is past the end, and reads across it', async () => {
    const jobId = await newJob();
    await appendLogEvents(store, batch(jobId, 0, [line(0), line(1)]));
    expect(await appendLogEvents(store, batch(jobId, 5, [line(5)]))).toEqual({ kind: 'stored', eventCount: 6 });
    expect((await readLogEvents(store.db, jobId, 0, 100)).map((e) => e.idx)).toEqual([0, 1, 5]);
    expect((await readLogEvents(store.db, jobId, 2, 100)).map((e) => e.idx)).toEqual([5]);
  });

  it('reads a page from the middle of a stored run', async () => {
    const jobId = await newJob();
    await appendLogEvents(store, batch(jobId, 0, Array.from({ length: 10 }, (_, i) => line(i))));
    expect(await readLogEvents(store.db, jobId, 3, 2)).toEqual([{ idx: 3, event: line(3) }, { idx: 4, event: line(4) }]);
  });

  it('stores the fitting events, then a trimmed notice, and refuses more once the budget is spent', async () => {
    const jobId = await newJob();
    const size = Buffer.byteLength(line(0));
    const outcome = await appendLogEvents(store, batch(jobId, 0, [line(0), line(1), line(2), line(3)], size * 2 + 1));
    expect(outcome).toEqual({ kind: 'trimmed', eventCount: 3 });
    expect(await stored(jobId)).toEqual([line(0), line(1), NOTICE]);
    expect(await appendLogEvents(store, batch(jobId, 3, [line(3)], size * 2 + 1))).toEqual({ kind: 'already-trimmed' });
    expect((await findJobById(store.db, jobId))?.log_trimmed).toBe(1);
  });

  it('counts a retry against the budget only once', async () => {
    const jobId = await newJob();
    const size = Buffer.byteLength(line(0));
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await appendLogEvents(store, batch(jobId, 0, [line(0), line(1)], size * 2))).kind).toBe('stored');
    }
  });

  it('answers no-such-job for an unknown job', async () => {
    expect(await appendLogEvents(store, batch('missing', 0, [line(0)]))).toEqual({ kind: 'no-such-job' });
  });

  it('holds a long log in pages: 20,000 events appended 2000 at a time read back in order', async () => {
    const jobId = await newJob();
    for (let start = 0; start < 20_000; start += 2000) {
      await appendLogEvents(store, batch(jobId, start, Array.from({ length: 2000 }, (_, i) => line(start + i))));
    }
    let next = 0;
    let pages = 0;
    for (;;) {
      const page = await readLogEvents(store.db, jobId, next, 5000);
      if (page.length === 0) break;
      expect(page[0]).toEqual({ idx: next, event: line(next) });
      next = page[page.length - 1]!.idx + 1;
      pages++;
    }
    expect({ next, pages }).toEqual({ next: 20_000, pages: 4 });
  });
});
