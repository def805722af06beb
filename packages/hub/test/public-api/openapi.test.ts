import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { AgentType, ErrorBody } from '@outpost/protocol';
import { api, startHubWithAdmin } from '../support/hub-clients.js';

const DOC = '/api/v1alpha/openapi.json';
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Doc = { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };

/** "METHOD /path/{param}" for every route Fastify holds under /api/v1alpha, read from its route tree. */
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
    if (!match[3] || !/^\/api\/v1(alpha|beta)\//.test(path)) continue;
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

  it('documents exactly the routes the hub registers under /api/v1alpha and /api/v1beta, with methods', async () => {
    const hub = await startHubWithAdmin();
    const doc = (await api(hub, 'GET', DOC)).body as Doc;
    const registered = registeredRoutes(hub.app.printRoutes({ commonPrefix: false }));
    expect(registered).toContain('GET /api/v1alpha/self_hosted_agent_types/{name}');
    expect(registered).toContain('DELETE /api/v1alpha/session');
    expect(registered.length).toBeGreaterThanOrEqual(20);
    expect(documentedRoutes(doc)).toEqual(registered);
  });

  it('resolves every $ref, and every operation has a summary, a 200 and path parameters matching its path', async () => {
    const hub = await startHubWithAdmin();
    const doc = (await api(hub, 'GET', DOC)).body as Doc;
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter((r) => typeof r.target !== 'object' || r.target === null)).toEqual([]);
    for (const [path, item] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values(item) as { summary?: string; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }[]) {
        expect(op.summary, path).toBeTruthy();
        expect(op.responses['200'], path).toBeDefined();
        expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort(), path).toEqual(inPath);
      }
    }
  });

  it('describes what the hub really answers: a created agent type and a 404 match their schemas', async () => {
    const hub = await startHubWithAdmin();
    const doc = (await api(hub, 'GET', DOC)).body as Doc;
    const created = await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types', {
      body: { metadata: { name: 's1-openapi' }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 0 } } },
    });
    expect(created.status).toBe(200);
    // The document carries the protocol schema itself, so checking against one checks against the other.
    expect(doc.components.schemas.AgentType).toEqual(JSON.parse(JSON.stringify(AgentType)));
    expect(Value.Check(AgentType, created.body)).toBe(true);
    expect(Value.Check(AgentType, { ...(created.body as object), status: {} })).toBe(false);
    const post = doc.paths['/api/v1alpha/self_hosted_agent_types']?.post as { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> };
    expect(post.responses['200']?.content['application/json']?.schema.$ref).toBe('#/components/schemas/AgentType');

    const missing = await api(hub, 'GET', '/api/v1alpha/self_hosted_agent_types/s1-nope');
    expect(missing.status).toBe(404);
    expect(doc.components.schemas.ErrorBody).toEqual(JSON.parse(JSON.stringify(ErrorBody)));
    expect(Value.Check(ErrorBody, missing.body)).toBe(true);
    const get = doc.paths['/api/v1alpha/self_hosted_agent_types/{name}']?.get as { responses: Record<string, unknown> };
    expect(get.responses['404']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });
  });
});
