import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestAgent, testHome } from '../support/agent.js';
import { startFakeHub, type FakeHub } from '../support/fake-hub.js';
import { simplifyLog } from '../support/scenarios.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const outputOf = (hub: FakeHub, id: string) =>
  hub
    .logs(id)
    .map((e) => (e.event === 'cmd_output' ? e.output : ''))
    .join('');

/** A command that prints numbered lines until `flag` exists, then `last`. */
const printUntil = (flag: string) => `i=0; while [ ! -f ${flag} ]; do i=$((i+1)); echo "line $i"; sleep 0.005; done; echo last`;

function expectConsecutiveLines(text: string): void {
  const lines = text.split('\n').filter((l) => l.startsWith('line '));
  expect(lines.length).toBeGreaterThan(0);
  lines.forEach((line, i) => expect(line).toBe(`line ${i + 1}`));
  expect(text.endsWith('last\nExporting SEMAPHORE_JOB_RESULT\n')).toBe(true);
}

describe('log shipping (spec §4.3)', () => {
  it('sends at most 2000 events a request, each batch from where the last one ended, and loses nothing', async () => {
    const hub = await startFakeHub();
    startTestAgent(hub);
    const id = hub.queueJob({ commands: [{ directive: 'for i in $(seq 1 3000); do printf "%0100d\\n" $i; done' }] });
    await waitFor(() => hub.jobs.get(id)?.state === 'finished', { timeoutMs: 20_000 });
    const pushes = hub.requestsOf('logs');
    let expected = 0;
    for (const push of pushes) {
      const count = push.text.split('\n').filter(Boolean).length;
      expect(count).toBeLessThanOrEqual(2000);
      expect(Number(push.query.get('start_from'))).toBe(expected);
      expected += count;
    }
    expect(expected).toBe(hub.logs(id).length);
    expect(hub.logs(id).length).toBeGreaterThan(2000);
    const lines = outputOf(hub, id).split('\n').filter((l) => /^\d+$/.test(l));
    expect(lines).toEqual(Array.from({ length: 3000 }, (_, i) => String(i + 1).padStart(100, '0')));
  });

  it('asks /refresh for a new token after a 401 and carries on', async () => {
    const hub = await startFakeHub();
    const home = testHome();
    const flag = join(home, 'go');
    startTestAgent(hub, { home });
    const id = hub.queueJob({ commands: [{ directive: printUntil(flag) }] });
    await waitFor(() => outputOf(hub, id).includes('line 3\n'));
    hub.expireLogToken(id);
    await waitFor(() => hub.requestsOf('refresh').length > 0);
    writeFileSync(flag, '');
    await waitFor(() => hub.jobs.get(id)?.state === 'finished');
    expect(hub.requestsOf('logs').some((r) => r.headers.authorization?.startsWith('Bearer log-token-job-1-'))).toBe(true);
    expectConsecutiveLines(outputOf(hub, id));
    expect(hub.logs(id).at(-1)).toMatchObject({ event: 'job_finished', result: 'passed' });
  });

  it('stops sending after a 422 (log full) and still reports the job', async () => {
    const hub = await startFakeHub();
    const home = testHome();
    const flag = join(home, 'go');
    let accepted = 0;
    hub.intercept('logs', () => (accepted++ >= 1 ? { status: 422 } : undefined));
    startTestAgent(hub, { home });
    // The second command waits until the first batch was taken, so a second push (the refused one) must follow.
    const id = hub.queueJob({ commands: [{ directive: 'echo one' }, { directive: `while [ ! -f ${flag} ]; do sleep 0.01; done; echo two` }] });
    await waitFor(() => hub.requestsOf('logs').length >= 1);
    writeFileSync(flag, '');
    await waitFor(() => hub.jobs.get(id)?.state === 'finished');
    expect(hub.jobs.get(id)?.result).toBe('passed');
    expect(hub.requestsOf('logs')).toHaveLength(2);
    expect(hub.logs(id).some((e) => e.event === 'job_finished')).toBe(false);
  });

  it('loses nothing while the hub is unreachable in the middle of a job', async () => {
    const hub = await startFakeHub();
    const home = testHome();
    const flag = join(home, 'go');
    let down = false;
    let refused = 0;
    const drop = () => (down ? (refused++, { drop: true }) : undefined);
    hub.intercept('logs', drop);
    hub.intercept('sync', drop);
    startTestAgent(hub, { home });
    const id = hub.queueJob({ commands: [{ directive: printUntil(flag) }] });
    await waitFor(() => outputOf(hub, id).includes('line 5\n'));
    down = true;
    await waitFor(() => refused >= 10, { timeoutMs: 20_000 });
    down = false;
    writeFileSync(flag, '');
    await waitFor(() => hub.jobs.get(id)?.state === 'finished', { timeoutMs: 20_000 });
    expectConsecutiveLines(outputOf(hub, id));
    expect(simplifyLog(hub.logs(id)).at(-1)).toBe('job_finished: passed');
  });

  it('gives up the final flush after the flush timeout when the hub keeps refusing, and reports the job anyway', async () => {
    const hub = await startFakeHub();
    hub.intercept('logs', () => ({ status: 500 }));
    startTestAgent(hub, { timings: { logFlushTimeoutMs: 100 } });
    const id = hub.queueJob({ commands: [{ directive: 'echo hi' }] });
    await waitFor(() => hub.jobs.get(id)?.state === 'finished');
    expect(hub.jobs.get(id)?.result).toBe('passed');
    expect(hub.logs(id)).toEqual([]);
  });

  it('keeps flushing past the flush timeout while the hub is unreachable, and delivers everything when it is back', async () => {
    const hub = await startFakeHub();
    let down = true;
    let refused = 0;
    hub.intercept('logs', () => (down ? (refused++, { drop: true }) : undefined));
    startTestAgent(hub, { timings: { logFlushTimeoutMs: 100 } });
    const id = hub.queueJob({ commands: [{ directive: 'echo kept' }] });
    // Retries back off from 20 ms; five of them take longer than the 100 ms flush timeout.
    await waitFor(() => refused >= 6, { timeoutMs: 20_000 });
    expect(hub.jobs.get(id)?.state).toBe('assigned');
    down = false;
    await waitFor(() => hub.jobs.get(id)?.state === 'finished', { timeoutMs: 20_000 });
    expect(outputOf(hub, id)).toBe('kept\nExporting SEMAPHORE_JOB_RESULT\n');
  });
});
