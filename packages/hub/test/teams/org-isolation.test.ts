import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ADMIN_TOKEN, api, describeEachDialect, register, startHubWithAdmin } from '../support/hub-clients.js';
import type { TestHub } from '../support/start-hub.js';
import { generateToken, hashToken } from '../../src/auth/tokens.js';
import { insertApiToken } from '../../src/store/organizations.js';
import { TEST_SECRETS_KEY } from '../support/secrets-client.js';

// Issue 13's done-criterion: a second organization sees nothing of the first, by id, by name or in any list.

interface OrgThings { token: string; typeName: string; agentName: string; jobId: string; pipelineId: string; workflowId: string; projectId: string; secretId: string; suffix: string }

async function ok(hub: TestHub, method: string, path: string, token: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await api(hub, method, path, { token, body });
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body as Record<string, unknown>;
}

/** One of everything, made through the API with the organization's token; `shared-*` names exist in both organizations. */
async function seed(hub: TestHub, token: string, suffix: string): Promise<OrgThings> {
  const typeName = `s1-only-${suffix}`;
  await ok(hub, 'POST', '/api/v1alpha/self_hosted_agent_types', token, { metadata: { name: 's1-shared' } });
  const type = await ok(hub, 'POST', '/api/v1alpha/self_hosted_agent_types', token, { metadata: { name: typeName } });
  const agentName = `isolated-agent-${suffix}`;
  const registered = await register(hub, (type as { status: { registration_token: string } }).status.registration_token, { name: agentName });
  if (registered.status !== 201 && registered.status !== 200) throw new Error(`register: ${registered.status} ${registered.text}`);
  const job = await ok(hub, 'POST', '/api/v1alpha/jobs', token, { metadata: { name: `job-${suffix}` }, spec: { agent: { machine: { type: typeName } }, commands: ['true'] } });
  const yaml = `version: v1.0\nname: p-${suffix}\nagent:\n  machine:\n    type: ${typeName}\nblocks:\n  - name: b\n    task:\n      jobs:\n        - name: j\n          commands: [ "true" ]\n`;
  const run = await ok(hub, 'POST', '/api/v1alpha/pipelines/yaml', token, { yaml_definition: yaml });
  const project = await ok(hub, 'POST', '/api/v1alpha/projects', token, { apiVersion: 'v1alpha', kind: 'Project', metadata: { name: `shared-project` }, spec: { repository: { url: `https://git.example.test/${suffix}.git` } } });
  const secret = await ok(hub, 'POST', '/api/v1beta/secrets', token, { metadata: { name: 'shared-secret' }, data: { env_vars: [{ name: 'V', value: `value-${suffix}` }] } });
  return {
    token, typeName, agentName, suffix,
    jobId: (job as { metadata: { id: string } }).metadata.id,
    pipelineId: String(run.pipeline_id),
    workflowId: String(run.workflow_id),
    projectId: (project as { metadata: { id: string } }).metadata.id,
    secretId: (secret as { metadata: { id: string } }).metadata.id,
  };
}

await describeEachDialect('organization isolation (%s)', (dialect) => {
  it("answers 404 for every resource of another organization, by id or name, and lists none of them", async () => {
    const hub = await startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY } });
    const orgB = await ok(hub, 'POST', '/api/v1alpha/organizations', ADMIN_TOKEN, { name: 'Org B' });
    // A token in org B for the same person: tokens are made in the organization of the session, so write it directly.
    const tokenB = generateToken();
    const owner = await hub.services.store.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    await insertApiToken(hub.services.store.db, { id: randomUUID(), orgId: String(orgB.id), userId: owner.id, name: 'b', tokenHash: hashToken(tokenB), now: Date.now() });

    const a = await seed(hub, ADMIN_TOKEN, 'a');
    const b = await seed(hub, tokenB, 'b');

    const reads = [
      `/api/v1alpha/self_hosted_agent_types/${a.typeName}`,
      `/api/v1alpha/agents/${a.agentName}`,
      `/api/v1alpha/jobs/${a.jobId}`,
      `/api/v1alpha/logs/${a.jobId}`,
      `/api/v1alpha/pipelines/${a.pipelineId}`,
      `/api/v1alpha/pipelines/${a.pipelineId}/describe_topology`,
      `/api/v1alpha/plumber-workflows/${a.workflowId}`,
      `/api/v1alpha/projects/${a.projectId}`,
      `/api/v1alpha/projects/${a.projectId}/commit_status`,
      `/api/v1beta/secrets/${a.secretId}`,
    ];
    for (const path of reads) expect({ path, status: (await api(hub, 'GET', path, { token: b.token })).status }).toEqual({ path, status: 404 });

    const changes: Array<[string, string, unknown?]> = [
      ['PATCH', `/api/v1alpha/self_hosted_agent_types/${a.typeName}`, {}],
      ['POST', `/api/v1alpha/self_hosted_agent_types/${a.typeName}/reset_token`, {}],
      ['POST', `/api/v1alpha/agents/${a.agentName}/disable`],
      ['POST', `/api/v1alpha/jobs/${a.jobId}/stop`],
      ['POST', `/api/v1alpha/plumber-workflows/${a.workflowId}/terminate`],
      ['POST', `/api/v1alpha/plumber-workflows/${a.workflowId}/reschedule?request_token=r-${randomUUID()}`],
      ['PATCH', `/api/v1alpha/pipelines/${a.pipelineId}`, { terminate_request: true }],
      ['POST', `/api/v1alpha/pipelines/${a.pipelineId}/partial_rebuild`, { request_token: randomUUID() }],
      ['PATCH', `/api/v1alpha/projects/${a.projectId}`, { apiVersion: 'v1alpha', kind: 'Project', metadata: { name: 'stolen' }, spec: { repository: { url: 'https://git.example.test/x.git' } } }],
      ['DELETE', `/api/v1alpha/projects/${a.projectId}`],
      ['PATCH', `/api/v1beta/secrets/${a.secretId}`, { metadata: { name: 'stolen' } }],
      ['DELETE', `/api/v1beta/secrets/${a.secretId}`],
      ['DELETE', `/api/v1alpha/self_hosted_agent_types/${a.typeName}`],
    ];
    for (const [method, path, body] of changes) {
      expect({ method, path, status: (await api(hub, method, path, { token: b.token, body })).status }).toEqual({ method, path, status: 404 });
    }

    // Same-named things are each organization's own.
    const sharedInB = await ok(hub, 'GET', '/api/v1beta/secrets/shared-secret', b.token);
    expect((sharedInB as { metadata: { id: string } }).metadata.id).toBe(b.secretId);
    expect(((await ok(hub, 'GET', '/api/v1alpha/projects/shared-project', b.token)) as { metadata: { id: string } }).metadata.id).toBe(b.projectId);

    const lists = ['/api/v1alpha/self_hosted_agent_types', '/api/v1alpha/agents', '/api/v1alpha/jobs', '/api/v1alpha/pipelines', '/api/v1alpha/plumber-workflows?project_id=' + b.projectId, '/api/v1alpha/projects', '/api/v1beta/secrets', '/api/v1alpha/audit_events', '/api/v1alpha/members', '/api/v1alpha/api_tokens'];
    const forbidden = [a.typeName, a.agentName, a.jobId, a.pipelineId, a.workflowId, a.projectId, a.secretId, 'job-a', 'p-a'];
    for (const path of lists) {
      const res = await api(hub, 'GET', path, { token: b.token });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect({ path, leaked: forbidden.filter((thing) => res.text.includes(thing)) }).toEqual({ path, leaked: [] });
    }
    // And A still has all of its things.
    for (const path of reads) expect({ path, status: (await api(hub, 'GET', path)).status }).toEqual({ path, status: 200 });
  });
});
