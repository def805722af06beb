import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { AgentType, ErrorBody, SyncRequest } from '@outpost/protocol';
import { api, startHubWithAdmin } from '../support/hub-clients.js';

const DOC = '/api/v1alpha/openapi.json';
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Doc = { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };

/** Routes that are pages and files, not API operations: the web UI, its SPA fallback, the agent download, the docs UI. */
const isApiOperation = (path: string) => (path.startsWith('/api/') && !path.startsWith('/api/docs')) || path.startsWith('/hooks/') || path === '/healthz' || path === '/metrics';

/** "METHOD /path/{param}" for every API route Fastify holds, read from its route tree. */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack.join('');
    if (!match[3] || !isApiOperation(path)) continue;
    for (const method of match[3].split(', ')) {
      if (method !== 'HEAD') routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes.sort();
}

function documentedRoutes(doc: Doc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).filter((key) => HTTP_METHODS.includes(key)).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/** Every `$ref` in the document with what it points at (undefined when it points nowhere). */
function refs(doc: Doc): { ref: string; target: unknown }[] {
  const found: { ref: string; target: unknown }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push({ ref: value, target: resolve(doc, value) });
      else walk(value);
    }
  };
  walk(doc);
  return found;
}

function resolve(doc: Doc, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), doc);
}

describe('GET /api/v1alpha/openapi.json', () => {
  it('is an OpenAPI 3.1 document readable without a token', async () => {
    const hub = await startHubWithAdmin();
    const res = await api(hub, 'GET', DOC, { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = JSON.parse(res.text) as Doc & { components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
  });

  it('documents exactly the API routes the hub registers, agent protocol included, with methods', async () => {
    const hub = await startHubWithAdmin();
    const doc = (await api(hub, 'GET', DOC)).body as Doc;
    const registered = registeredRoutes(hub.app.printRoutes({ commonPrefix: false }));
    expect(registered).toContain('GET /api/v1alpha/self_hosted_agent_types/{name}');
    expect(registered).toContain('DELETE /api/v1alpha/session');
    expect(registered).toContain('POST /api/v1/self_hosted_agents/sync');
    expect(registered).toContain('POST /api/v1/logs/{jobId}');
    expect(registered).toContain('GET /healthz');
    expect(registered.length).toBeGreaterThanOrEqual(29);
    expect(documentedRoutes(doc)).toEqual(registered);
  });

  it('resolves every $ref, and every operation has an id, a summary, a 2xx and path parameters matching its path', async () => {
    const hub = await startHubWithAdmin();
    const doc = (await api(hub, 'GET', DOC)).body as Doc;
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(60);
    expect(all.filter((r) => typeof r.target !== 'object' || r.target === null)).toEqual([]);
    const operationIds: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values(item) as { operationId?: string; summary?: string; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }[]) {
        operationIds.push(op.operationId ?? '');
        expect(op.summary, path).toBeTruthy();
        expect(Object.keys(op.responses).filter((status) => status.startsWith('2')), path).toHaveLength(1);
        expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort(), path).toEqual(inPath);
      }
    }
    expect(operationIds.filter((id) => id === '')).toEqual([]);
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it('carries the protocol schemas themselves as components: the agent protocol, base64 files, optional flag bodies', async () => {
    const hub = await startHubWithAdmin();
    const doc = (await api(hub, 'GET', DOC)).body as Doc & { paths: Record<string, Record<string, { requestBody?: { required: boolean; content: Record<string, unknown> } }>> };
    const { $id: _id, ...syncRequest } = JSON.parse(JSON.stringify(SyncRequest)) as Record<string, unknown>;
    expect(doc.components.schemas.SyncRequest).toEqual(syncRequest);
    const jobInput = doc.components.schemas.JobInput as { properties: { spec: { properties: { files: { items: { properties: { content: { description: string } } } } } } } };
    expect(jobInput.properties.spec.properties.files.items.properties.content.description).toContain('standard base64 with padding');
    const disableAll = doc.paths['/api/v1alpha/self_hosted_agent_types/{name}/disable_all']?.post?.requestBody;
    expect(disableAll?.required).toBe(false);
    expect(Object.keys(disableAll?.content ?? {})).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    const register = doc.paths['/api/v1/self_hosted_agents/register']?.post as { security?: unknown; responses?: Record<string, unknown> } | undefined;
    expect(register?.security).toEqual([{ registrationToken: [] }]);
    expect(Object.keys(register?.responses ?? {})).toContain('201');
  });

  it('describes what the hub really answers: a created agent type and a 404 match their schemas', async () => {
    const hub = await startHubWithAdmin();
    const doc = (await api(hub, 'GET', DOC)).body as Doc;
    const created = await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types', {
      body: { metadata: { name: 's1-openapi' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 0 } } },
    });
    expect(created.status).toBe(200);
    // The document carries the protocol schema itself, so checking against one checks against the other.
    const { $id: _agentTypeId, ...agentType } = JSON.parse(JSON.stringify(AgentType)) as Record<string, unknown>;
    expect(doc.components.schemas.AgentType).toEqual(agentType);
    expect(Value.Check(AgentType, created.body)).toBe(true);
    expect(Value.Check(AgentType, { ...(created.body as object), status: {} })).toBe(false);
    const post = doc.paths['/api/v1alpha/self_hosted_agent_types']?.post as { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> };
    expect(post.responses['200']?.content['application/json']?.schema.$ref).toBe('#/components/schemas/AgentType');

    const missing = await api(hub, 'GET', '/api/v1alpha/self_hosted_agent_types/s1-nope');
    expect(missing.status).toBe(404);
    const { $id: _errorBodyId, ...errorBody } = JSON.parse(JSON.stringify(ErrorBody)) as Record<string, unknown>;
    expect(doc.components.schemas.ErrorBody).toEqual(errorBody);
    expect(Value.Check(ErrorBody, missing.body)).toBe(true);
    const get = doc.paths['/api/v1alpha/self_hosted_agent_types/{name}']?.get as { responses: Record<string, unknown> };
    expect(get.responses['404']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });
  });
});
