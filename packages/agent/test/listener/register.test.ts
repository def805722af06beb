import { describe, expect, it } from 'vitest';
import { startFakeHub } from '../support/fake-hub.js';
import { startTestAgent } from '../support/agent.js';
import { waitFor } from '../../../../test-support/wait-for.js';

describe('registration (spec §1.2)', () => {
  it('registers with every field the official agent sends, Token auth, no Content-Type, then syncs with the access token', async () => {
    const hub = await startFakeHub();
    startTestAgent(hub, { config: { 'disconnect-after-idle-timeout': 30, 'interruption-grace-period': 5 } });
    await waitFor(() => hub.syncs().length > 0);
    const [register] = hub.requestsOf('register');
    expect(register?.headers.authorization).toBe('Token registration-token');
    expect(register?.headers['content-type']).toBeUndefined();
    expect(register?.headers['user-agent']).toMatch(/^SemaphoreAgent\/v0\.1\.0-outpost$/);
    expect(register?.body).toEqual({
      name: 'test-agent-0001',
      version: '0.1.0',
      pid: process.pid,
      os: 'Test OS',
      arch: 'x86_64',
      hostname: 'test-host',
      single_job: false,
      idle_timeout: 30,
      interruption_grace_period: 5,
      job_id: '',
    });
    expect(hub.requestsOf('sync')[0]?.headers.authorization).toBe('Token access-1');
    expect(hub.syncs()[0]).toEqual({ state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 });
  });

  it('retries failures of every kind, 4xx included, with the same body', async () => {
    const hub = await startFakeHub();
    const answers = [{ status: 500 }, { drop: true }, { status: 404 }, { status: 302, headers: { location: '/elsewhere' } }];
    hub.intercept('register', () => answers.shift());
    const agent = startTestAgent(hub);
    await waitFor(() => agent.events.some((e) => e.kind === 'registered'));
    const bodies = hub.requestsOf('register').map((r) => r.text);
    expect(bodies).toHaveLength(5);
    expect(new Set(bodies).size).toBe(1);
  });

  it('gives up after the last attempt and does not disconnect', async () => {
    const hub = await startFakeHub();
    hub.intercept('register', () => ({ status: 503 }));
    const agent = startTestAgent(hub, { timings: { registerAttempts: 3 } });
    await expect(agent.exit).rejects.toThrow(/could not register with http:\/\/127\.0\.0\.1:\d+ after 3 attempts: register: the hub answered 503/);
    expect(hub.requestsOf('register')).toHaveLength(3);
    expect(hub.requestsOf('disconnect')).toHaveLength(0);
  });

  it('adopts the name the hub returns', async () => {
    const hub = await startFakeHub({ assignName: () => 'i-0123456789abcdef0' });
    const agent = startTestAgent(hub);
    await waitFor(() => agent.events.find((e) => e.kind === 'registered'));
    expect(agent.events[0]).toEqual({ kind: 'registered', name: 'i-0123456789abcdef0' });
    // Later lines of the agent log are bound to the adopted name (the operator's view, STYLE §10.1).
    await waitFor(() => agent.logLines.map((line) => JSON.parse(line) as { agent?: string; msg: string }).some((line) => line.msg === 'registered' && line.agent === 'i-0123456789abcdef0'));
  });
});
