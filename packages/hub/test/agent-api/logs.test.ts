import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { LOG_FLUSH_WINDOW_MS } from '../../src/lifecycle/log-push-policy.js';
import { ADMIN_TOKEN, agentCall, api, startHubWithAdmin, describeEachDialect } from '../support/hub-clients.js';
import { storedEvents } from '../support/jobs-client.js';
import { pushLog, takeJob as takeTypedJob } from '../support/log-push.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-logpush';
const line = (i: number) => JSON.stringify({ event: 'cmd_output', timestamp: 1_700_000_000, output: `line ${i}\n` });

const takeJob = (hub: TestHub) => takeTypedJob(hub, TYPE);
const push = pushLog;

await describeEachDialect('POST /api/v1/logs/:jobId (spec §4.4) (%s)', (dialect) => {
  it('stores NDJSON events, skipping empty lines and CRLF endings, and answers exactly 200', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { jobId, logUrl, logToken } = await takeJob(hub);
    const res = await push(logUrl, logToken, `${line(0)}\r\n\n${line(1)}\n`);
    expect(res.status).toBe(200);
    expect(await storedEvents(hub, jobId)).toEqual([JSON.parse(line(0)), JSON.parse(line(1))]);
  });

  it('keeps each event exactly as sent (key order, escapes) for readers of the log', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { jobId, logUrl, logToken } = await takeJob(hub);
    const raw = '{"event":"cmd_output","timestamp":1,"output":"\\u003cb\\u003e \\u0026 é\\n"}';
    expect((await push(logUrl, logToken, `${raw}\n`)).status).toBe(200);
    const res = await fetch(`${hub.url}/api/v1alpha/logs/${jobId}`, { headers: { authorization: `Token ${ADMIN_TOKEN}` } });
    expect(await res.text()).toBe(`{"events":[${raw}]}`);
  });

  it.each([
    { name: 'no Authorization', token: null, body: `${line(0)}\n`, query: '?start_from=0', status: 401, code: 'INVALID_LOG_TOKEN' },
    { name: 'a wrong token', token: 'wrong', body: `${line(0)}\n`, query: '?start_from=0', status: 401, code: 'INVALID_LOG_TOKEN' },
    { name: 'the agent access token instead of the log token', token: 'access', body: `${line(0)}\n`, query: '?start_from=0', status: 401, code: 'INVALID_LOG_TOKEN' },
    { name: 'no start_from', token: 'log', body: `${line(0)}\n`, query: '', status: 400, code: 'BAD_REQUEST', message: 'the request is not valid: start_from must be the index of the first event of the batch, a whole number from 0' },
    { name: 'a negative start_from', token: 'log', body: `${line(0)}\n`, query: '?start_from=-1', status: 400, code: 'BAD_REQUEST', message: 'start_from must be the index of the first event' },
    { name: 'a start_from that is not a number', token: 'log', body: `${line(0)}\n`, query: '?start_from=abc', status: 400, code: 'BAD_REQUEST', message: 'start_from must be the index of the first event' },
    { name: 'a start_from in exponent form', token: 'log', body: `${line(0)}\n`, query: '?start_from=1e3', status: 400, code: 'BAD_REQUEST', message: 'start_from must be the index of the first event' },
    { name: 'a start_from of ten digits', token: 'log', body: `${line(0)}\n`, query: '?start_from=1234567890', status: 400, code: 'BAD_REQUEST', message: 'start_from must be the index of the first event' },
    { name: 'start_from given twice', token: 'log', body: `${line(0)}\n`, query: '?start_from=0&start_from=1', status: 400, code: 'BAD_REQUEST', message: 'start_from must be the index of the first event' },
    { name: 'a line that is not JSON', token: 'log', body: `${line(0)}\nnot json\n`, query: '?start_from=0', status: 400, code: 'BAD_REQUEST', message: 'line 2 of the batch is not a JSON log event' },
    { name: 'a JSON line without an event', token: 'log', body: '{"timestamp":1}\n', query: '?start_from=0', status: 400, code: 'BAD_REQUEST' },
    { name: 'more than 2000 events', token: 'log', body: Array.from({ length: 2001 }, (_, i) => line(i)).join('\n'), query: '?start_from=0', status: 413, code: 'TOO_MANY_EVENTS' },
  ])('answers $name with $status and stores nothing', async ({ token, body, query, status, code, message }) => {
    const hub = await startHubWithAdmin({ dialect });
    const taken = await takeJob(hub);
    const bearer = token === 'log' ? taken.logToken : token === 'access' ? taken.accessToken : token;
    const res = await push(taken.logUrl, bearer, body, query);
    expect(res.status).toBe(status);
    expect(res.body?.code).toBe(code);
    expect(res.body?.message).toBeTruthy();
    if (message) expect(res.body?.message).toContain(message);
    expect(await storedEvents(hub, taken.jobId)).toEqual([]);
  });

  // Telling "no such job" (404) from "wrong token" (401) would let anyone probe which job ids exist.
  it('answers an unknown or malformed job id exactly like a known job with a wrong token', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { logToken, jobId } = await takeJob(hub);
    const known = await push(`${hub.url}/api/v1/logs/${jobId}`, 'wrong-token', `${line(0)}\n`);
    const unknown = await push(`${hub.url}/api/v1/logs/${randomUUID()}`, logToken, `${line(0)}\n`);
    const malformed = await push(`${hub.url}/api/v1/logs/nope`, logToken, `${line(0)}\n`);
    for (const res of [known, unknown, malformed]) expect({ status: res.status, code: res.body?.code }).toEqual({ status: 401, code: 'INVALID_LOG_TOKEN' });
  });

  it('refuses a stranger before reading the body (a 62 MB push without a token is answered at once)', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { logUrl } = await takeJob(hub);
    const status = await new Promise<number>((resolve, reject) => {
      // Announce 62 MB, send 1 KB and wait: a hub that read the body first would never answer.
      const req = httpRequest(`${logUrl}?start_from=0`, { method: 'POST', headers: { 'content-type': 'text/plain', 'content-length': String(62 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('x'.repeat(1024));
    });
    expect(status).toBe(401);
  });

  async function finishJob(hub: TestHub, jobId: string, endedMsAgo: number): Promise<void> {
    await hub.services.store.db.updateTable('jobs').set({ state: 'finished', result: 'passed', finished_at: Date.now() - endedMsAgo }).where('id', '=', jobId).execute();
  }

  it('takes the final flush after the job finished, appending only: start_from=0 cannot rewrite the log', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { jobId, logUrl, logToken } = await takeJob(hub);
    expect((await push(logUrl, logToken, `${line(0)}\n${line(1)}\n`)).status).toBe(200);
    await finishJob(hub, jobId, 1000);
    expect((await push(logUrl, logToken, `${line(1)}\n${line(2)}\n`, '?start_from=1')).status).toBe(200);
    expect((await push(logUrl, logToken, `${line(7)}\n`, '?start_from=0')).status).toBe(200);
    expect(await storedEvents(hub, jobId)).toEqual([0, 1, 2].map((i) => JSON.parse(line(i))));
  });

  it('refuses the log token once the flush window after the job ended has passed', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { jobId, logUrl, logToken } = await takeJob(hub);
    expect((await push(logUrl, logToken, `${line(0)}\n`)).status).toBe(200);
    await finishJob(hub, jobId, LOG_FLUSH_WINDOW_MS + 1000);
    const res = await push(logUrl, logToken, `${line(9)}\n`);
    expect({ status: res.status, code: res.body?.code }).toEqual({ status: 401, code: 'INVALID_LOG_TOKEN' });
    expect(await storedEvents(hub, jobId)).toEqual([JSON.parse(line(0))]);
  });

  it('keeps log, access, registration and API tokens and their hashes out of the hub log and the job answers', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const taken = await takeJob(hub);
    expect((await push(taken.logUrl, taken.logToken, `${line(0)}\n`)).status).toBe(200);
    expect((await push(taken.logUrl, 'wrong-token-value', `${line(1)}\n`, '?start_from=1')).status).toBe(401);
    const refreshed = await agentCall(hub, '/api/v1/self_hosted_agents/refresh', taken.accessToken);
    const newLogToken = (refreshed.body as { token: string }).token;
    expect((await push(taken.logUrl, newLogToken, `${line(1)}\n`, '?start_from=1')).status).toBe(200);
    const answers = [
      await api(hub, 'GET', `/api/v1alpha/jobs/${taken.jobId}`),
      await api(hub, 'GET', '/api/v1alpha/jobs'),
      await api(hub, 'GET', `/api/v1alpha/logs/${taken.jobId}`),
    ].map((r) => r.text).join('\n');
    const secrets = [taken.logToken, newLogToken, taken.accessToken, ADMIN_TOKEN, 'wrong-token-value'];
    const log = hub.logLines.join('\n');
    expect(log).toContain('job started');
    for (const value of [...secrets, ...secrets.map(hashToken)]) {
      expect(log).not.toContain(value);
      expect(answers).not.toContain(value);
    }
  });
});
