import { describe, expect, it } from 'vitest';
import { api, createType, createUserToken, startHubWithAdmin } from '../support/hub-clients.js';
import { submitJob } from '../support/jobs-client.js';

describe('GET /api/v1alpha/logs/:id: bad input answers a 4xx with a readable message', async () => {
  const hub = await startHubWithAdmin({ keepForFile: true });
  await createType(hub, 's1-log-reader');
  const job = await submitJob(hub, 's1-log-reader', ['echo hi']);
  const memberToken = await createUserToken(hub, 'member');
  const path = `/api/v1alpha/logs/${job.metadata.id}`;

  it.each([
    { name: 'the whole log of a job without events', query: '', status: 200, body: { events: [] } },
    { name: 'follow=false and start_from=0 as text', query: '?follow=false&start_from=0', status: 200, body: { events: [] } },
    { name: 'a member may read', query: '', token: memberToken, status: 200, body: { events: [] } },
    { name: 'follow that is a word', query: '?follow=maybe', status: 400, message: 'the request is not valid: follow must be true or false', field: 'follow' },
    { name: 'follow given twice', query: '?follow=true&follow=false', status: 400, message: 'follow must be true or false', field: 'follow' },
    { name: 'a negative start_from', query: '?start_from=-1', status: 400, message: 'the request is not valid: start_from must be a whole number from 0', field: 'start_from' },
    { name: 'a start_from that is not a number', query: '?start_from=abc', status: 400, message: 'start_from must be a whole number from 0', field: 'start_from' },
    { name: 'a start_from past nine digits', query: '?start_from=1000000000', status: 400, message: 'start_from must be a whole number from 0', field: 'start_from' },
    { name: 'no token', query: '', token: null, status: 401, message: 'send an API token' },
    { name: 'a wrong token', query: '', token: 'not-a-token', status: 401, message: 'the API token is invalid or was revoked' },
  ])('$name → $status', async ({ query, token, status, message, field, body }) => {
    const res = await api(hub, 'GET', `${path}${query}`, { token });
    expect(res.status).toBe(status);
    if (body) expect(res.body).toEqual(body);
    if (message) expect((res.body as { message: string }).message).toContain(message);
    if (field) expect(res.body).toMatchObject({ field });
  });

  it('answers 404 for a job of no organization of the caller', async () => {
    const res = await api(hub, 'GET', '/api/v1alpha/logs/0190a3c0-0000-7000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: "job '0190a3c0-0000-7000-8000-000000000000' was not found" });
  });
});
