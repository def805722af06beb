import { describe, expect, it } from 'vitest';
import { startFakeHub } from '../support/fake-hub.js';
import { startTestAgent } from '../support/agent.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const FORGOTTEN = { status: 401, body: { message: 'the agent access token is invalid', code: 'INVALID_AGENT_TOKEN' } };

describe('an agent the hub no longer knows (issue 16 §2)', () => {
  it('registers again with its own name on the first 401 and syncs with the new token', async () => {
    const hub = await startFakeHub();
    let forget = false;
    hub.intercept('sync', (request) => (forget && request.headers.authorization === 'Token access-1' ? FORGOTTEN : undefined));
    const agent = startTestAgent(hub);
    await waitFor(() => hub.syncs().length > 0);
    forget = true;
    await waitFor(() => hub.requestsOf('sync').some((r) => r.headers.authorization === 'Token access-2'), { message: 'a sync with the new token' });
    const registrations = hub.requestsOf('register').map((r) => (r.body as { name: string }).name);
    expect(registrations).toEqual(['test-agent-0001', 'test-agent-0001']);
    expect(agent.events.filter((e) => e.kind === 'registered')).toHaveLength(2);
  });

  it('takes a new random name when the hub still holds its own for the lost row', async () => {
    const hub = await startFakeHub();
    let forget = false;
    hub.intercept('sync', (request) => (forget && request.headers.authorization === 'Token access-1' ? FORGOTTEN : undefined));
    hub.intercept('register', (request) =>
      forget && (request.body as { name: string }).name === 'test-agent-0001'
        ? { status: 400, body: { message: "the agent name 'test-agent-0001' is already in use", code: 'AGENT_NAME_TAKEN' } }
        : undefined,
    );
    const agent = startTestAgent(hub);
    await waitFor(() => hub.syncs().length > 0);
    forget = true;
    await waitFor(() => agent.events.filter((e) => e.kind === 'registered').length === 2, { message: 'a second registration' });
    const names = hub.requestsOf('register').map((r) => (r.body as { name: string }).name);
    expect(names.slice(0, 2)).toEqual(['test-agent-0001', 'test-agent-0001']);
    expect(names.at(-1)).toMatch(/^[A-Za-z0-9_-]{20}$/);
  });

  it('keeps retrying a sync refused with 503 (the hub’s store failing) without registering again', async () => {
    const hub = await startFakeHub();
    let refused = 0;
    hub.intercept('sync', () => (refused < 3 ? (refused++, { status: 503, headers: { 'retry-after': '5' }, body: { code: 'STORE_UNAVAILABLE' } }) : undefined));
    startTestAgent(hub);
    await waitFor(() => hub.syncs().length > 3, { message: 'syncs after the refusals' });
    expect(hub.requestsOf('register')).toHaveLength(1);
  });
});
