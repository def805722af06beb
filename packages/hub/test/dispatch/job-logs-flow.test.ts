import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createType, startHubWithAdmin } from '../support/hub-clients.js';
import { startFakeAgent } from '../support/fake-agent.js';
import { getJob, isFinished, storedEvents, submitJob, waitForJob } from '../support/jobs-client.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const TYPE = 's1-logs';
const parsed = (lines: string[] | undefined) => (lines ?? []).map((line) => JSON.parse(line) as unknown);

describe('job logs pushed by the agent (spec §4.3–4.4)', () => {
  it('stores a batch sent again with the same start_from once: truncate, then append', async () => {
    const hub = await startHubWithAdmin();
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE), repeatFirstPush: true });
    const job = await submitJob(hub, TYPE, ['echo one', 'emit 50 80', 'echo two']);
    await waitForJob(hub, job.metadata.id, isFinished, 'the job to finish');
    const pushes = agent.pushes.filter((p) => p.status === 200);
    expect(pushes[0]?.startFrom).toBe(0);
    expect(pushes[1]?.startFrom).toBe(0);
    const stored = await storedEvents(hub, job.metadata.id);
    expect(stored).toEqual(parsed(agent.events.get(job.metadata.id)));
    expect((await getJob(hub, job.metadata.id)).status.log).toEqual({ events: stored.length, bytes: expect.any(Number), trimmed: false });
  });

  it('answers 401 once the log token expired; the agent refreshes it and the whole log arrives', async () => {
    let offsetMs = 0;
    const hub = await startHubWithAdmin({
      now: () => Date.now() + offsetMs,
      config: { logTokenTtlMs: 60_000, lostAgentAfterMs: 3_600_000, lostAgentMissedSyncs: 1_000 },
    });
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE) });
    const job = await submitJob(hub, TYPE, ['echo before', 'wait-for go', 'echo after']);
    await waitFor(() => agent.pushes.some((p) => p.status === 200), { message: 'a first stored batch' });
    offsetMs += 61_000;
    agent.release('go');
    await waitForJob(hub, job.metadata.id, isFinished, 'the job to finish');
    expect(agent.pushes.map((p) => p.status)).toContain(401);
    expect(agent.refreshes).toEqual([200]);
    expect(await storedEvents(hub, job.metadata.id)).toEqual(parsed(agent.events.get(job.metadata.id)));
  });

  it('answers 422 once the budget is spent: the log ends with a trimmed notice, the job still finishes', async () => {
    const hub = await startHubWithAdmin({ config: { logBudgetBytes: 4_000 } });
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE) });
    const job = await submitJob(hub, TYPE, ['emit 200 100']);
    const done = await waitForJob(hub, job.metadata.id, isFinished, 'the job to finish');
    expect(done.status).toMatchObject({ result: 'PASSED', log: { trimmed: true } });
    expect(agent.pushes.at(-1)?.status).toBe(422);
    const stored = await storedEvents(hub, job.metadata.id);
    const sent = parsed(agent.events.get(job.metadata.id));
    expect(stored.slice(0, -1)).toEqual(sent.slice(0, stored.length - 1));
    expect(stored.at(-1)).toMatchObject({ event: 'cmd_output', output: 'Content of the log is bigger than 4000 bytes. Log is trimmed.\n' });
    expect(done.status.log?.bytes).toBeLessThanOrEqual(4_000 + 200);
  });

  it('streams a live log with follow=true until job_finished, then ends the stream', async () => {
    const hub = await startHubWithAdmin();
    const agent = await startFakeAgent({ hubUrl: hub.url, registrationToken: await createType(hub, TYPE), longPollSeconds: 10 });
    const job = await submitJob(hub, TYPE, ['echo first', 'wait-for go', 'echo last']);
    const res = await fetch(`${hub.url}/api/v1alpha/logs/${job.metadata.id}?follow=true`, { headers: { authorization: `Token ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines: unknown[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
          lines.push(JSON.parse(buffered.slice(0, nl)));
          buffered = buffered.slice(nl + 1);
        }
      }
    })();
    await waitFor(() => lines.some((e) => (e as { directive?: string }).directive === 'wait-for go'), { message: 'live events before the job ends' });
    expect((await getJob(hub, job.metadata.id)).status.state).toBe('RUNNING');
    agent.release('go');
    await reading;
    expect(lines).toEqual(parsed(agent.events.get(job.metadata.id)));
    expect(lines.at(-1)).toMatchObject({ event: 'job_finished', result: 'passed' });
  });

  it('ends a follow stream for a job that ended without a job_finished event (stopped while queued)', async () => {
    const hub = await startHubWithAdmin();
    await createType(hub, TYPE);
    const job = await submitJob(hub, TYPE, ['echo never']);
    const follow = fetch(`${hub.url}/api/v1alpha/logs/${job.metadata.id}?follow=true`, { headers: { authorization: `Token ${ADMIN_TOKEN}` } }).then((r) => r.text());
    await fetch(`${hub.url}/api/v1alpha/jobs/${job.metadata.id}/stop`, { method: 'POST', headers: { authorization: `Token ${ADMIN_TOKEN}` } });
    expect(await follow).toBe('');
  });
});
