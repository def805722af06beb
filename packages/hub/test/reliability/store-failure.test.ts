import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { api, createType, startHubWithAdmin } from '../support/hub-clients.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { isFinished, storedEvents, submitJob, waitForJob } from '../support/jobs-client.js';
import { waitFor } from '../../../../test-support/wait-for.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-store-failure';
const LOST_AFTER_MS = 1_000;

// Every write on the hub's one SQLite connection now fails as on a full disk or a read-only file system (SQLITE_READONLY).
const failWrites = (hub: TestHub, on: boolean) => sql.raw(`PRAGMA query_only = ${on ? 'ON' : 'OFF'}`).execute(hub.services.store.db);
const logged = (hub: TestHub) => hub.logLines.map((line) => JSON.parse(line) as { msg: string; gapMs?: number; err?: { message?: string } });

it('answers 503 with Retry-After while the store fails, declares no live agent lost, and loses no log line (issue 16 §3)', async () => {
  const hub = await startHubWithAdmin({ dialect: 'sqlite', config: { lostAgentAfterMs: LOST_AFTER_MS, sweepIntervalMs: 50 } });
  const registrationToken = await createType(hub, TYPE);
  // The official agent's full 60 s flush: the store fails for longer than the scaled one (3 s) on a loaded machine.
  const busy = await startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 20, timeScale: 0.05, flushTimeoutMs: 60_000 });
  const job = await submitJob(hub, TYPE, ['echo one', 'wait-for disk', 'echo two', 'echo three']);
  await waitForJob(hub, job.metadata.id, (j) => j.status.state === 'RUNNING', 'the job to run');
  const idle = await startFakeAgent({ hubUrl: hub.url, registrationToken, timeScale: 0.05 });
  await waitFor(() => idle.syncs.some((s) => s.status === 200), { message: 'the idle agent to sync' });

  await failWrites(hub, true);
  const failedFrom = Date.now();
  busy.release('disk');
  const refused = await api(hub, 'POST', '/api/v1alpha/jobs', { body: { metadata: { name: 'refused' }, spec: { agent: { machine: { type: TYPE } }, commands: ['echo x'] } } });
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  expect(refused.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  // Three lost thresholds of failing syncs and log pushes.
  await waitFor(() => Date.now() - failedFrom > 3 * LOST_AFTER_MS && idle.syncs.filter((s) => s.status === 503).length >= 2, { message: 'agents to be refused a while' });
  await failWrites(hub, false);

  const done = await waitForJob(hub, job.metadata.id, isFinished, 'the job to finish once the store writes again');
  expect(done.status).toMatchObject({ result: 'PASSED', agent: { name: busy.name } });
  // Every event the agent produced is stored once, in order.
  const sent = (busy.events.get(job.metadata.id) ?? []).map((line) => JSON.parse(line) as unknown);
  expect(sent.length).toBeGreaterThan(5);
  // The agent may report the job finished before its retried log pushes land (they back off after a 503).
  await waitFor(async () => JSON.stringify(await storedEvents(hub, job.metadata.id)) === JSON.stringify(sent), { message: 'every sent event stored' });
  expect(await storedEvents(hub, job.metadata.id)).toEqual(sent);
  await waitFor(() => idle.syncs.at(-1)?.status === 200, { message: 'the idle agent to sync again' });
  const agents = await hub.services.store.db.selectFrom('agents').select(['name', 'status']).orderBy('name').execute();
  expect(agents).toEqual([busy.name, idle.name].sort().map((name) => ({ name, status: 'registered' })));
  expect([...busy.syncs, ...idle.syncs].map((s) => s.status).filter((status) => status !== 200 && status !== 503)).toEqual([]);
  expect(busy.pushes.some((push) => push.status === 503)).toBe(true);
  const lines = logged(hub);
  expect(lines.filter((line) => line.msg === 'agent lost')).toEqual([]);
  expect(lines.filter((line) => line.err?.message?.includes('no transaction is active'))).toEqual([]);
  await waitFor(() => logged(hub).some((line) => line.msg.startsWith('the store was failing') && (line.gapMs ?? 0) >= 2 * LOST_AFTER_MS), { message: 'the gap in the log' });
});
