import { describe, expect, it } from 'vitest';
import type { SyncResponse } from '@outpost/protocol';
import { agentCall, createType, describeEachDialect, register, startHubWithAdmin } from '../support/hub-clients.js';
import { startHub, type TestHub } from '../support/start-hub.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { ignoreLateSocketError, postgresAvailable } from '../support/test-database.js';
import { openStore } from '../../src/store/database.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const SYNC = '/api/v1/self_hosted_agents/sync';
const TYPE = 's1-write-behind';
const waiting = { state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 };
// Neither the flush timer nor the lost-agent sweep (which flushes first) runs during a test that flushes itself.
const NO_TIMED_FLUSH = { lastSyncFlushMs: 3_600_000, sweepIntervalMs: 3_600_000 };

/** A hub clock the test moves forward, so each sync is strictly later than the one before. */
function steppedClock() {
  let offsetMs = 0;
  return { now: () => Date.now() + offsetMs, step: (ms: number) => (offsetMs += ms) };
}

async function newAgent(hub: TestHub): Promise<string> {
  const res = await register(hub, await createType(hub, TYPE));
  return (res.body as { token: string }).token;
}

async function sync(hub: TestHub, token: string, body: Record<string, unknown> = waiting): Promise<SyncResponse> {
  const res = await agentCall(hub, SYNC, token, body);
  expect(res.status).toBe(200);
  return res.body as SyncResponse;
}

const agentRow = (hub: TestHub) => hub.services.store.db.selectFrom('agents').selectAll().executeTakeFirstOrThrow();

await describeEachDialect('syncs that change nothing are written behind (%s)', (dialect) => {
  it('leaves the row as it is until the flush, which moves last_sync_at to the latest sync', async () => {
    const clock = steppedClock();
    const hub = await startHubWithAdmin({ dialect, now: clock.now, config: NO_TIMED_FLUSH });
    const token = await newAgent(hub);
    await sync(hub, token);
    const first = await agentRow(hub);
    expect(first.last_sync_at).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      clock.step(1_000);
      expect(await sync(hub, token)).toMatchObject({ action: 'continue' });
    }
    expect(await agentRow(hub)).toEqual(first);
    expect(hub.services.lastSyncs.pendingCount()).toBe(1);

    await hub.services.lastSyncs.flush();
    const flushed = await agentRow(hub);
    expect(flushed.last_sync_at).toBeGreaterThanOrEqual((first.last_sync_at ?? 0) + 3_000);
    expect({ ...flushed, last_sync_at: first.last_sync_at }).toEqual(first);
    expect(hub.services.lastSyncs.pendingCount()).toBe(0);
  });

  it('writes a sync that changes the agent\'s facts at once (an interruption, a new state)', async () => {
    const clock = steppedClock();
    const hub = await startHubWithAdmin({ dialect, now: clock.now, config: NO_TIMED_FLUSH });
    const token = await newAgent(hub);
    await sync(hub, token);
    clock.step(1_000);
    await sync(hub, token, { ...waiting, interrupted_at: Math.floor(Date.now() / 1000) });
    const interrupted = await agentRow(hub);
    expect(interrupted.interrupted_at).toBe(interrupted.last_sync_at);
    expect(hub.services.lastSyncs.pendingCount()).toBe(0);
    clock.step(1_000);
    await sync(hub, token, { state: 'stopping-job', job_id: '', job_result: '', interrupted_at: 0 });
    const stopping = await agentRow(hub);
    expect(stopping).toMatchObject({ state: 'stopping-job', last_state_change_at: stopping.last_sync_at });
    expect(stopping.last_sync_at).toBeGreaterThanOrEqual((interrupted.last_sync_at ?? 0) + 1_000);
  });

  it('flushes on its own within the flush interval', async () => {
    const clock = steppedClock();
    const hub = await startHubWithAdmin({ dialect, now: clock.now, config: { lastSyncFlushMs: 100, sweepIntervalMs: 3_600_000 } });
    const token = await newAgent(hub);
    await sync(hub, token);
    const first = await agentRow(hub);
    clock.step(5_000);
    await sync(hub, token);
    await waitFor(async () => ((await agentRow(hub)).last_sync_at ?? 0) >= (first.last_sync_at ?? 0) + 5_000, { message: 'the buffered sync to be flushed' });
  });

  it('writes what is buffered when the hub stops gracefully, before its store closes', async () => {
    const clock = steppedClock();
    const hub = await startHubWithAdmin({ dialect, now: clock.now, config: NO_TIMED_FLUSH });
    const token = await newAgent(hub);
    await sync(hub, token);
    const first = await agentRow(hub);
    clock.step(5_000);
    await sync(hub, token);
    expect(await agentRow(hub)).toEqual(first);

    await hub.close();
    const store = await openStore({ databaseUrl: hub.db.databaseUrl, dataDir: hub.db.dataDir, onConnectionError: ignoreLateSocketError });
    try {
      const row = await store.db.selectFrom('agents').select(['id', 'last_sync_at']).executeTakeFirstOrThrow();
      expect(row).toEqual({ id: first.id, last_sync_at: expect.any(Number) });
      expect(row.last_sync_at).toBeGreaterThanOrEqual((first.last_sync_at ?? 0) + 5_000);
    } finally {
      await store.close();
    }
    await hub.stop();
  });
});

describe('two hubs sharing PostgreSQL, an agent syncing on one of them', () => {
  // A polling agent may be silent 0.3 × its 6 s interval (1.8 s); the syncing hub writes its time only every 3 s.
  const LIVENESS = { lostAgentMissedSyncs: 0.3, lastSyncFlushMs: 3_000 };

  it('is never declared lost by the other hub while it keeps syncing, and is once it stops', async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip();
    // The syncing hub's own sweep would flush it often; here only its flush timer writes.
    const syncing = await startHubWithAdmin({ dialect: 'postgres', config: { ...LIVENESS, sweepIntervalMs: 3_600_000 } });
    const sweeping = await startHub({ dialect: 'postgres', config: { ...LIVENESS, sweepIntervalMs: 50, databaseUrl: syncing.db.databaseUrl } });
    const agent = await startFakeAgent({ hubUrl: syncing.url, registrationToken: await createType(syncing, TYPE), timeScale: 0.05 });
    const seen = new Set<number>();
    let widestLagMs = 0;
    await waitFor(async () => {
      const row = await sweeping.services.store.db.selectFrom('agents').select(['status', 'last_sync_at']).executeTakeFirstOrThrow();
      if (row.status !== 'registered') throw new Error(`the agent was declared ${row.status}`);
      if (row.last_sync_at !== null) {
        seen.add(row.last_sync_at);
        widestLagMs = Math.max(widestLagMs, Date.now() - row.last_sync_at);
      }
      return seen.size >= 4;
    }, { timeoutMs: 30_000, message: 'the syncing hub to flush the agent\'s syncs three times' });
    // The other hub saw the row lag past the allowance a polling agent has without the write-behind interval.
    expect(widestLagMs).toBeGreaterThan(1_800);
    expect(agent.syncs.every((s) => s.status === 200 && s.action === 'continue')).toBe(true);
    expect([...syncing.logLines, ...sweeping.logLines].filter((line) => line.includes('"agent lost"'))).toEqual([]);

    agent.kill();
    await waitFor(async () => {
      const row = await sweeping.services.store.db.selectFrom('agents').select('status').executeTakeFirst();
      return row === undefined || row.status !== 'registered';
    }, { timeoutMs: 15_000, message: 'the silent agent to be declared lost' });
    expect(sweeping.logLines.some((line) => line.includes('"agent lost"'))).toBe(true);
    // The first hub drops the shared database when it stops; the second goes first.
    await sweeping.stop();
  });
});
