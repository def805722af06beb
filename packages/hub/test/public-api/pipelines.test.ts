import { beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { NEXT_PAGE_TOKEN_HEADER, PipelineDescribe, PipelineList, PipelineTopology, type PipelineInvalidBody } from '@outpost/protocol';
import { api, createType, createUserToken, startHubWithAdmin } from '../support/hub-clients.js';
import { blockYaml, pipelineYaml, runPipeline } from '../support/pipelines-client.js';
import type { TestHub } from '../support/start-hub.js';

const TYPE = 's1-api-pipelines';
const YAML = pipelineYaml(TYPE, blockYaml('Build', [], { build: ['echo build'] }) + blockYaml('Test', ['Build'], { unit: ['echo unit'] }));
const BROKEN = 'version: v1.0\nname: Broken\nagent:\n  machine:\n    type: s1-x\nblocks:\n  - name: A\n    task:\n      jobs:\n        - name: a\n          comands: [echo]\n';

let hub: TestHub;
let member: string;

beforeAll(async () => {
  hub = await startHubWithAdmin({ keepForFile: true });
  await createType(hub, TYPE);
  member = await createUserToken(hub, 'member');
});

describe('POST /api/v1alpha/pipelines/yaml', () => {
  it('runs a pipeline and answers Semaphore’s run-workflow shape', async () => {
    const res = await api(hub, 'POST', '/api/v1alpha/pipelines/yaml', { body: { yaml_definition: YAML, branch: 'main' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ workflow_id: expect.stringMatching(/^[0-9a-f-]{36}$/), pipeline_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('answers a file that does not compile with 400 and every problem at its line and column', async () => {
    const res = await api(hub, 'POST', '/api/v1alpha/pipelines/yaml', { body: { yaml_definition: BROKEN, yaml_file_name: '.semaphore/broken.yml' } });
    expect(res.status).toBe(400);
    const body = res.body as PipelineInvalidBody;
    expect(body.code).toBe('PIPELINE_INVALID');
    expect(body.errors.length).toBeGreaterThan(0);
    expect(body.errors[0]).toMatchObject({ file: '.semaphore/broken.yml', line: expect.any(Number), column: expect.any(Number) });
    expect(body.message).toMatch(/^the pipeline file has \d+ problem\(s\); the first: \.semaphore\/broken\.yml:\d+:\d+: /);
  });

  it.each([
    { name: 'no token', token: null, body: { yaml_definition: YAML }, status: 401 },
    { name: 'a member (view only)', token: 'member', body: { yaml_definition: YAML }, status: 403 },
    { name: 'a body that is not JSON', raw: '{"yaml_definition":', status: 400 },
    { name: 'no yaml_definition', body: { branch: 'main' }, status: 422, text: 'yaml_definition' },
    { name: 'an empty file', body: { yaml_definition: '' }, status: 422, text: 'yaml_definition' },
    { name: 'a tag and a pull request at once', body: { yaml_definition: YAML, tag: 'v1', pull_request: '4' }, status: 400, text: 'not both' },
    { name: 'a pull request that is not a number', body: { yaml_definition: YAML, pull_request: 'abc' }, status: 422, text: 'pull_request' },
    { name: 'a NUL byte in the file', body: { yaml_definition: `${YAML}\u0000` }, status: 422, text: 'NUL character' },
    { name: 'a control character in the branch', body: { yaml_definition: YAML, branch: 'a\u0001b' }, status: 400, text: 'control characters' },
    { name: 'a file over 1 MiB', body: { yaml_definition: `${YAML}#${'x'.repeat(1024 * 1024)}` }, status: 422, text: 'yaml_definition' },
    { name: 'a body over the route limit', raw: JSON.stringify({ yaml_definition: 'x'.repeat(3 * 1024 * 1024) }), status: 413 },
  ])('refuses $name with $status', async ({ token, body, raw, status, text }) => {
    const before = await hub.services.store.db.selectFrom('pipelines').select('id').execute();
    const res = await api(hub, 'POST', '/api/v1alpha/pipelines/yaml', { token: token === 'member' ? member : token, body, rawBody: raw });
    expect(res.status).toBe(status);
    expect((res.body as { message: string }).message).toBeTruthy();
    if (text) expect((res.body as { message: string }).message).toContain(text);
    expect(await hub.services.store.db.selectFrom('pipelines').select('id').execute()).toHaveLength(before.length);
  });
});

describe('validate', () => {
  it('POST /pipelines/validate answers 200 with the problems and their positions, to members too', async () => {
    const valid = await api(hub, 'POST', '/api/v1alpha/pipelines/validate', { token: member, body: { yaml_definition: YAML } });
    expect(valid).toMatchObject({ status: 200, body: { valid: true, errors: [], message: 'YAML definition is valid.' } });
    const invalid = await api(hub, 'POST', '/api/v1alpha/pipelines/validate', { body: { yaml_definition: BROKEN } });
    expect(invalid.status).toBe(200);
    expect(invalid.body).toMatchObject({ valid: false, message: expect.stringMatching(/^the pipeline file has \d+ problem/) });
    const errors = (invalid.body as { errors: Array<{ file: string; line: number; column: number; message: string }> }).errors;
    expect(errors.find((e) => e.message.startsWith('unknown key `comands`'))).toMatchObject({ file: '.semaphore/semaphore.yml', line: 11, column: 11 });
  });

  it('POST /yaml (Semaphore’s route) answers 200 when valid and 400 with the problems when not', async () => {
    expect(await api(hub, 'POST', '/api/v1alpha/yaml', { body: { yaml_definition: YAML } })).toMatchObject({ status: 200, body: { pipeline_id: '', message: 'YAML definition is valid.' } });
    const res = await api(hub, 'POST', '/api/v1alpha/yaml', { body: { yaml_definition: BROKEN } });
    expect(res).toMatchObject({ status: 400, body: { code: 'PIPELINE_INVALID' } });
  });
});

describe('GET /api/v1alpha/pipelines and /pipelines/:id', () => {
  it('describes in Semaphore’s describe shape: lower case, string times, blocks only when detailed', async () => {
    const { pipeline_id } = await runPipeline(hub, YAML, { branch: 'describe' });
    const plain = await api(hub, 'GET', `/api/v1alpha/pipelines/${pipeline_id}`);
    expect(plain.status).toBe(200);
    expect(Value.Check(PipelineDescribe, plain.body)).toBe(true);
    const body = plain.body as PipelineDescribe;
    expect(body.blocks).toEqual([]);
    expect(body.pipeline).toMatchObject({ ppl_id: pipeline_id, state: 'running', branch_name: 'describe', done_at: '1970-01-01 00:00:00.000000Z' });
    expect(body.pipeline).not.toHaveProperty('result');
    expect(body.pipeline.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const detailed = (await api(hub, 'GET', `/api/v1alpha/pipelines/${pipeline_id}?detailed=true`)).body as PipelineDescribe;
    expect(detailed.blocks.map((b) => [b.name, b.state, b.dependencies, b.jobs.map((j) => j.status)])).toEqual([
      ['Build', 'running', [], ['QUEUED']],
      ['Test', 'waiting', ['Build'], ['PENDING']],
    ]);
    const topology = await api(hub, 'GET', `/api/v1alpha/pipelines/${pipeline_id}/describe_topology`);
    expect(Value.Check(PipelineTopology, topology.body)).toBe(true);
    expect(topology.body).toEqual({ blocks: [{ name: 'Build', jobs: ['build'], dependencies: [] }, { name: 'Test', jobs: ['unit'], dependencies: ['Build'] }], after_pipeline: { jobs: [] } });
  });

  it('lists newest first as a bare array in upper case, filtered, with the next page in Link', async () => {
    const branch = 'listing';
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await runPipeline(hub, YAML, { branch })).pipeline_id);
    const first = await api(hub, 'GET', `/api/v1alpha/pipelines?branch_name=${branch}&page_size=2`);
    expect(first.status).toBe(200);
    expect(Value.Check(PipelineList, first.body)).toBe(true);
    const page = first.body as PipelineList;
    expect(page.map((p) => p.ppl_id)).toEqual([ids[2], ids[1]]);
    // One branch, one file: one queue, so the newer two wait behind the first.
    expect(page.map((p) => p.state)).toEqual(['QUEUING', 'QUEUING']);
    expect(page[0]?.created_at).toEqual({ seconds: expect.any(Number), nanos: expect.any(Number) });
    const token = first.headers.get(NEXT_PAGE_TOKEN_HEADER) ?? '';
    expect(first.headers.get('link')).toBe(`</api/v1alpha/pipelines?branch_name=${branch}&page_size=2&page_token=${token}>; rel="next"`);
    const second = await api(hub, 'GET', `/api/v1alpha/pipelines?branch_name=${branch}&page_size=2&page_token=${token}`);
    expect((second.body as PipelineList).map((p) => p.ppl_id)).toEqual([ids[0]]);
    expect(second.headers.get('link')).toBeNull();
    expect(await api(hub, 'GET', `/api/v1alpha/pipelines?branch_name=${branch}&state=done`)).toMatchObject({ body: [] });
    expect(((await api(hub, 'GET', `/api/v1alpha/pipelines?branch_name=${branch}&state=queuing,RUNNING`)).body as PipelineList)).toHaveLength(3);
  });

  it.each([
    { name: 'an unknown pipeline', path: '/api/v1alpha/pipelines/0190f2c4-8a4b-7c3e-9d2a-0123456789ab', status: 404, text: "pipeline '0190f2c4-8a4b-7c3e-9d2a-0123456789ab' was not found" },
    { name: 'an id with a NUL byte', path: '/api/v1alpha/pipelines/abc%00def', status: 400, text: 'must not contain a NUL character' },
    { name: 'detailed that is not a boolean', path: '/api/v1alpha/pipelines/0190f2c4-8a4b-7c3e-9d2a-0123456789ab?detailed=yes', status: 400, text: 'detailed' },
    { name: 'a page size of 0.5', path: '/api/v1alpha/pipelines?page_size=0.5', status: 400, text: 'page size' },
    { name: 'an unknown state', path: '/api/v1alpha/pipelines?state=finished', status: 400, text: "state 'FINISHED' is not one of" },
    { name: 'an unknown result', path: '/api/v1alpha/pipelines?result=green', status: 400, text: "result 'GREEN'" },
    { name: 'a forged page token', path: '/api/v1alpha/pipelines?page_token=%%%', status: 400, text: 'cursor' },
    { name: 'no token', path: '/api/v1alpha/pipelines', status: 401, text: 'API token', token: null },
  ])('refuses $name with $status', async ({ path, status, text, token }) => {
    const res = await api(hub, 'GET', path, { token });
    expect(res.status).toBe(status);
    expect((res.body as { message: string }).message).toContain(text);
  });

  it('lets a member read', async () => {
    expect((await api(hub, 'GET', '/api/v1alpha/pipelines', { token: member })).status).toBe(200);
  });
});

describe('changes: PATCH terminate, partial_rebuild, reschedule', () => {
  it.each([
    { name: 'terminate_request false', method: 'PATCH', path: (id: string) => `/api/v1alpha/pipelines/${id}`, body: { terminate_request: false }, status: 422 },
    { name: 'terminate without a body', method: 'PATCH', path: (id: string) => `/api/v1alpha/pipelines/${id}`, body: undefined, status: 422 },
    { name: 'terminate by a member', method: 'PATCH', path: (id: string) => `/api/v1alpha/pipelines/${id}`, body: { terminate_request: true }, status: 403, token: 'member' },
    { name: 'terminate an unknown pipeline', method: 'PATCH', path: () => '/api/v1alpha/pipelines/0190f2c4-8a4b-7c3e-9d2a-0123456789ab', body: { terminate_request: true }, status: 404 },
    { name: 'partial_rebuild without a request_token', method: 'POST', path: (id: string) => `/api/v1alpha/pipelines/${id}/partial_rebuild`, body: {}, status: 422 },
    { name: 'partial_rebuild of a running pipeline', method: 'POST', path: (id: string) => `/api/v1alpha/pipelines/${id}/partial_rebuild`, body: { request_token: 'r1' }, status: 409 },
    { name: 'reschedule without a request_token', method: 'POST', path: (_: string, wf: string) => `/api/v1alpha/plumber-workflows/${wf}/reschedule`, body: undefined, status: 400 },
    { name: 'reschedule an unknown workflow', method: 'POST', path: () => '/api/v1alpha/plumber-workflows/0190f2c4-8a4b-7c3e-9d2a-0123456789ab/reschedule?request_token=x', body: undefined, status: 404 },
  ])('refuses $name with $status', async ({ method, path, body, status, token }) => {
    const { pipeline_id, workflow_id } = await runPipeline(hub, YAML, { branch: `changes-${Math.random()}` });
    const res = await api(hub, method, path(pipeline_id, workflow_id), { body, token: token === 'member' ? member : undefined });
    expect(res.status).toBe(status);
    expect((res.body as { message: string }).message).toBeTruthy();
  });

  it('a stop of a done pipeline changes nothing, and a passed pipeline has no failed blocks to rerun (409)', async () => {
    const { pipeline_id } = await runPipeline(hub, YAML, { branch: 'stop-twice' });
    expect((await api(hub, 'PATCH', `/api/v1alpha/pipelines/${pipeline_id}`, { body: { terminate_request: true } })).body).toEqual({ message: 'Pipeline termination started.' });
    const again = await api(hub, 'PATCH', `/api/v1alpha/pipelines/${pipeline_id}`, { body: { terminate_request: true } });
    expect(again).toMatchObject({ status: 200, body: { message: 'The pipeline is already done or stopping; nothing changed.' } });
    await hub.services.store.db.updateTable('pipelines').set({ result: 'passed' }).where('id', '=', pipeline_id).execute();
    const res = await api(hub, 'POST', `/api/v1alpha/pipelines/${pipeline_id}/partial_rebuild`, { body: { request_token: 'p1' } });
    expect(res).toMatchObject({ status: 409, body: { message: `pipeline '${pipeline_id}' passed; there are no failed blocks to rerun` } });
  });
});
