import { expect, it } from 'vitest';
import { agentCall, describeEachDialect, createType, register, startHubWithAdmin } from '../support/hub-clients.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const DISCONNECT = '/api/v1/self_hosted_agents/disconnect';

await describeEachDialect('POST /disconnect and name release (%s)', (dialect) => {
  it('frees the name at once when release_after is 0 (spec §1.6)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const a = await createType(hub, 's1-zero');
    const b = await createType(hub, 's1-other');
    const agent = await register(hub, a, { name: 'quick-release-1' });
    const res = await agentCall(hub, DISCONNECT, (agent.body as { token: string }).token);
    expect(res.status).toBe(200);
    expect(res.text).toBe('disconnected');
    expect(await hub.services.store.db.selectFrom('agents').selectAll().execute()).toEqual([]);
    expect((await register(hub, b, { name: 'quick-release-1' })).status).toBe(201);
  });

  it('holds the name for release_after, then the sweep frees it within a sweep interval', async () => {
    let clock = Date.now();
    const hub = await startHubWithAdmin({ dialect, now: () => clock, config: { sweepIntervalMs: 25 } });
    const token = await createType(hub, 's1-hold', { release_after: 60 });
    const agent = await register(hub, token, { name: 'held-name-01' });
    expect((await agentCall(hub, DISCONNECT, (agent.body as { token: string }).token)).status).toBe(200);

    const db = hub.services.store.db;
    const held = await db.selectFrom('agents').selectAll().executeTakeFirstOrThrow();
    expect(held).toMatchObject({ status: 'disconnected', disconnected_at: clock, release_at: clock + 60_000 });
    expect((await register(hub, token, { name: 'held-name-01' })).body).toMatchObject({ code: 'AGENT_NAME_TAKEN' });
    // The reserved agent is not connected: its access token no longer syncs, but a retried disconnect (its first
    // answer lost on the way) is answered 200 again and changes nothing.
    const accessToken = (agent.body as { token: string }).token;
    expect((await agentCall(hub, '/api/v1/self_hosted_agents/sync', accessToken, { state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 })).status).toBe(401);
    clock += 5_000;
    expect((await agentCall(hub, DISCONNECT, accessToken)).status).toBe(200);
    expect(await db.selectFrom('agents').selectAll().executeTakeFirstOrThrow()).toEqual(held);
    const audited = await db.selectFrom('audit_events').select('action').where('action', '=', 'agent.disconnected').execute();
    expect(audited).toHaveLength(1);

    clock += 54_999;
    expect((await register(hub, token, { name: 'held-name-01' })).status).toBe(400);
    clock += 1;
    await waitFor(async () => (await db.selectFrom('agents').selectAll().execute()).length === 0, { message: 'the sweep to release the name' });
    expect((await register(hub, token, { name: 'held-name-01' })).status).toBe(201);
  });

  it('gives a released name to the next registration even before the sweep runs', async () => {
    let clock = Date.now();
    const hub = await startHubWithAdmin({ dialect, now: () => clock, config: { sweepIntervalMs: 3_600_000 } });
    const token = await createType(hub, 's1-exact', { release_after: 60 });
    const agent = await register(hub, token, { name: 'exact-release-1' });
    await agentCall(hub, DISCONNECT, (agent.body as { token: string }).token);
    clock += 60_000;
    const again = await register(hub, token, { name: 'exact-release-1' });
    expect(again.status).toBe(201);
    const rows = await hub.services.store.db.selectFrom('agents').select(['name', 'status']).execute();
    expect(rows).toEqual([{ name: 'exact-release-1', status: 'registered' }]);
  });

  it('answers a missing or unknown access token with 401 and a readable message', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const missing = await agentCall(hub, DISCONNECT, null);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const unknown = await agentCall(hub, DISCONNECT, 'not-an-access-token');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ code: 'INVALID_AGENT_TOKEN', message: 'the agent access token is invalid; the agent was removed or must register again' });
  });

  it('does not accept a registration token as an access token', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const token = await createType(hub, 's1-wrong');
    expect((await agentCall(hub, DISCONNECT, token)).status).toBe(401);
  });
});
