import { describe, expect, it } from 'vitest';
import { api, startHubWithAdmin } from '../support/hub-clients.js';

type Operation = { security?: unknown[]; operationId?: string };
type Doc = { paths: Record<string, Record<string, Operation>> };

// Every public-API route that the API document says needs credentials refuses a caller without them: a new route
// that forgot apiAuth.require (the role policy) fails here.
describe('every public API route asks who is calling', async () => {
  const hub = await startHubWithAdmin({ keepForFile: true });
  const doc = (await api(hub, 'GET', '/api/v1alpha/openapi.json', { token: null })).body as Doc;
  const operations = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1alpha/') || path.startsWith('/api/v1beta/'))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })))
    .filter(({ op }) => !(Array.isArray(op.security) && op.security.length === 0))
    // Signing out without a session is fine: there is nothing to end.
    .filter(({ method, path }) => !(method === 'DELETE' && path === '/api/v1alpha/session'));

  it('finds the routes (a guard against an empty document)', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  // Fastify checks a body (or required query) against the schema before the handler asks who calls; those routes
  // may answer 400/422 first, never a success.
  it.each(operations.map(({ method, path }) => ({ name: `${method} ${path}`, method, path: path.replace(/\{[^}]+\}/g, 'x0000000') })))(
    '$name refuses a caller without credentials',
    async ({ method, path }) => {
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(method);
      const status = (await api(hub, method, path, { token: null, body: hasBody ? {} : undefined })).status;
      const validatesFirst = hasBody || path === '/api/v1alpha/plumber-workflows';
      expect(validatesFirst ? [400, 401, 422] : [401]).toContain(status);
    },
  );
});
