import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import {
  deleteReservationIfReleased,
  disableAgentsOfType,
  findAgentHoldingName,
  insertAgent,
  releaseExpiredNames,
  renewUnsyncedRegistration,
  reserveAgentName,
  type NewAgentRow,
} from '../../src/store/agents.js';
import { deleteAgentType } from '../../src/store/agent-types.js';
import { describeEachDialect } from '../support/hub-clients.js';
import { seedAgent, seedAgentType, seedOrg, type SeededOrg, type SeededType } from '../support/seed.js';
import { openTestStore, type TestStore } from '../support/test-database.js';

const NOW = 1_800_000_000_000;

await describeEachDialect('store/agents (%s)', (dialect) => {
  let testStore: TestStore;
  let store: Store;
  let org: SeededOrg;
  let type: SeededType;

  beforeEach(async () => {
    testStore = await openTestStore(dialect);
    store = testStore.store;
    org = await seedOrg(store.db, NOW);
    type = await seedAgentType(store.db, org.orgId, 's1-store', { now: NOW });
  });
  afterEach(async () => {
    await testStore.close();
  });

  function newRow(overrides: Partial<NewAgentRow> = {}): NewAgentRow {
    return {
      id: `id-${Math.random().toString(36).slice(2)}`, org_id: org.orgId, agent_type_id: type.id, name: 'store-agent-1', status: 'registered',
      access_token_hash: `hash-${Math.random()}`, version: 'v2.4.0', os: '', arch: 'x86_64', hostname: '', ip_address: '127.0.0.1', pid: 1,
      user_agent: '', single_job: 0, idle_timeout_s: 0, interruption_grace_period_s: 0, requested_job_id: '', state: '', job_id: null,
      interrupted_at: null, connected_at: NOW, last_sync_at: null, last_state_change_at: NOW, disabled_at: null, disconnected_at: null, release_at: null,
      ...overrides,
    };
  }

  it('refuses a second row with the same name in the organization as name-taken', async () => {
    expect(await insertAgent(store.db, newRow())).toEqual({ ok: true });
    expect(await insertAgent(store.db, newRow())).toEqual({ ok: false, reason: 'name-taken' });
  });

  it('reports type-gone when the agent type no longer exists', async () => {
    expect(await insertAgent(store.db, newRow({ agent_type_id: 'no-such-type' }))).toEqual({ ok: false, reason: 'type-gone' });
  });

  it('renews a registration only while it has never synced', async () => {
    const agent = await seedAgent(store.db, org.orgId, type, { name: 'renew-agent-1', now: NOW });
    const facts = { access_token_hash: 'new-hash', version: 'v2.5.0', os: '', arch: '', hostname: '', ip_address: '', pid: 2, user_agent: '', single_job: 0, idle_timeout_s: 0, interruption_grace_period_s: 0, requested_job_id: '' };
    expect(await renewUnsyncedRegistration(store.db, agent.id, facts)).toBe(true);
    expect((await findAgentHoldingName(store.db, org.orgId, 'renew-agent-1'))?.access_token_hash).toBe('new-hash');
    await store.db.updateTable('agents').set({ last_sync_at: NOW }).execute();
    expect(await renewUnsyncedRegistration(store.db, agent.id, { ...facts, access_token_hash: 'newer' })).toBe(false);
  });

  it('releases exactly the reservations whose time has come', async () => {
    const early = await seedAgent(store.db, org.orgId, type, { name: 'release-early' });
    const late = await seedAgent(store.db, org.orgId, type, { name: 'release-late1' });
    await seedAgent(store.db, org.orgId, type, { name: 'still-connected' });
    await reserveAgentName(store.db, early.id, NOW, NOW + 60_000);
    await reserveAgentName(store.db, late.id, NOW, NOW + 120_000);
    expect(await deleteReservationIfReleased(store.db, early.id, NOW + 59_999)).toBe(false);
    expect(await releaseExpiredNames(store.db, NOW + 60_000)).toEqual([{ id: early.id, org_id: org.orgId, name: 'release-early' }]);
    expect(await releaseExpiredNames(store.db, NOW + 60_000)).toEqual([]);
    expect(await deleteReservationIfReleased(store.db, late.id, NOW + 120_000)).toBe(true);
    const left = await store.db.selectFrom('agents').select('name').execute();
    expect(left).toEqual([{ name: 'still-connected' }]);
  });

  it('disables only agents without a job when only idle ones are asked for', async () => {
    const idle = await seedAgent(store.db, org.orgId, type, { name: 'idle-agent-1' });
    const busy = await seedAgent(store.db, org.orgId, type, { name: 'busy-agent-1' });
    await store.db.updateTable('agents').set({ job_id: 'job-1' }).where('id', '=', busy.id).execute();
    expect(await disableAgentsOfType(store.db, type.id, { onlyIdle: true }, NOW)).toEqual([{ id: idle.id, name: 'idle-agent-1' }]);
    expect(await disableAgentsOfType(store.db, type.id, { onlyIdle: false }, NOW)).toEqual([{ id: busy.id, name: 'busy-agent-1' }]);
    expect(await disableAgentsOfType(store.db, type.id, { onlyIdle: false }, NOW)).toEqual([]);
  });

  it('deletes a type with its reserved names and finished jobs, but not with a queued job', async () => {
    const reserved = await seedAgent(store.db, org.orgId, type, { name: 'reserved-agent' });
    await reserveAgentName(store.db, reserved.id, NOW, NOW + 60_000);
    const job = {
      org_id: org.orgId, agent_type_id: type.id, name: 'j', spec: '{}', priority: 50, result: null, failure_reason: null, agent_id: null, agent_name: null,
      execution_time_limit_s: null, created_at: NOW, updated_at: NOW, offered_at: null, offer_expires_at: null, started_at: null, finished_at: null,
      stop_requested_at: null, log_token_hash: null, log_token_expires_at: null, log_event_count: 0, log_bytes: 0, log_trimmed: 0, created_by: null,
    };
    await store.db.insertInto('jobs').values({ ...job, id: 'job-queued', state: 'queued' }).execute();
    await store.db.insertInto('jobs').values({ ...job, id: 'job-done', state: 'finished', result: 'passed' }).execute();
    await store.db.insertInto('job_log_events').values({ job_id: 'job-done', idx: 0, event: '{}', bytes: 2 }).execute();
    expect(await deleteAgentType(store.db, type.id)).toEqual({ ok: false, reason: 'has-jobs', count: 1 });
    await store.db.updateTable('jobs').set({ state: 'finished', result: 'stopped' }).where('id', '=', 'job-queued').execute();
    expect(await deleteAgentType(store.db, type.id)).toEqual({ ok: true });
    expect(await store.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('job_log_events').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('agents').selectAll().execute()).toEqual([]);
  });
});
