import type { FastifyInstance } from 'fastify';
import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { SESSION_COOKIE_NAME } from '@outpost/protocol';
import { RESPONSE_DESCRIPTION } from './responses.js';

export const API_DOCS_PATH = '/api/docs';

type JsonObject = Record<string, unknown>;

const DESCRIPTION = [
  "Semaphore's v1alpha paths and JSON for self-hosted agent types and agents, plus Outpost's jobs, logs, audit events",
  'and web-UI session; and the agent protocol the official Semaphore agent speaks (JSON bodies without a',
  'Content-Type). Every 4xx answer has an ErrorBody. Times are Unix seconds.',
].join(' ');

const SECURITY_SCHEMES: JsonObject = {
  apiToken: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'An API token as `Authorization: Token <api token>` (`Bearer <api token>` works too).' },
  sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE_NAME, description: 'The web UI session from POST /api/v1alpha/session; changes also need the `X-CSRF-Token` header.' },
  registrationToken: { type: 'apiKey', in: 'header', name: 'Authorization', description: "An agent type's registration token as `Authorization: Token <registration token>`." },
  agentToken: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'The access token from register as `Authorization: Token <access token>`.' },
  logToken: { type: 'http', scheme: 'bearer', description: "The job's log token (`logger.token` of the job, or the answer of /refresh)." },
  metricsToken: { type: 'http', scheme: 'bearer', description: 'OUTPOST_METRICS_TOKEN, when the hub sets one.' },
};

/**
 * The OpenAPI 3.1 document is generated from the route schemas (@fastify/swagger records each route as it is
 * declared, so this is registered first). Protocol schemas carry an `$id`; they become components and are
 * referenced, so the document reads like the protocol package.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  // Named (`$id`) protocol schemas met in the routes; they become the document's components.
  const named = new Map<string, JsonObject>();
  // operationIds of the routes whose body may be left out (a "named object or null" body schema).
  const optionalBodies = new Set<string>();
  const options: FastifyDynamicSwaggerOptions = {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Outpost hub API', version: 'v1alpha', description: DESCRIPTION },
      security: [{ apiToken: [] }, { sessionCookie: [] }],
      components: { securitySchemes: SECURITY_SCHEMES as never },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url }) => {
      if (schema && isOptionalBody(schema.body) && typeof schema.operationId === 'string') optionalBodies.add(schema.operationId);
      return { schema: schema && (referenceNamedSchemas(schema as JsonObject, named) as typeof schema), url };
    },
    transformObject: (documentObject) => {
      const document = (documentObject as { openapiObject: JsonObject }).openapiObject;
      addComponents(document, named);
      return markOptionalBodies(document, optionalBodies) as never;
    },
  };
  await app.register(swagger, options);
}

/** Swagger UI at /api/docs, from the hub's own copy of its files: no CDN, nothing loaded from elsewhere. */
export async function registerApiDocsUi(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: API_DOCS_PATH,
    uiConfig: { deepLinking: true, docExpansion: 'list', defaultModelsExpandDepth: 0 },
    theme: { title: 'Outpost hub API' },
    staticCSP: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      // Swagger UI adds a <style> element at run time; scripts still come only from the hub.
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
    },
  });
}

/** A route's body or response that is a named protocol schema becomes a `$ref` to its component. */
function referenceNamedSchemas(schema: JsonObject, named: Map<string, JsonObject>): JsonObject {
  const { body, response, ...rest } = schema;
  const toRef = (value: unknown) => toReference(value, named);
  const responses = response && typeof response === 'object' ? Object.fromEntries(Object.entries(response).map(([status, value]) => [status, toRef(value)])) : undefined;
  return { ...rest, ...(body !== undefined ? { body: toRef(body) } : {}), ...(responses ? { response: responses } : {}) };
}

function toReference(schema: unknown, named: Map<string, JsonObject>): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const { [RESPONSE_DESCRIPTION]: description, ...rest } = schema as JsonObject;
  if (typeof rest.$id === 'string') {
    named.set(rest.$id, rest);
    return { $ref: `#/components/schemas/${rest.$id}`, ...(typeof description === 'string' ? { description } : {}) };
  }
  // An optional body (a named object, or nothing) is documented as the object; markOptionalBodies says it is optional.
  if (isOptionalBody(schema)) return toReference((rest.anyOf as { type?: unknown }[]).find((v) => v.type !== 'null'), named);
  return schema;
}

function isOptionalBody(schema: unknown): boolean {
  const anyOf = (schema as { anyOf?: unknown } | undefined)?.anyOf;
  return Array.isArray(anyOf) && anyOf.length === 2 && anyOf.some((v: { type?: unknown }) => v.type === 'null');
}

/** Each named schema as a component: plain JSON, its own `$id` dropped, named schemas inside it referenced. */
function addComponents(document: JsonObject, named: Map<string, JsonObject>): void {
  const components = ((document.components ??= {}) as JsonObject);
  const schemas = ((components.schemas ??= {}) as JsonObject);
  const pending = [...named.keys()];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (schemas[id] !== undefined) continue;
    const { $id: _ownId, ...body } = JSON.parse(JSON.stringify(named.get(id))) as JsonObject;
    schemas[id] = referenceNested(body, (nestedId, nested) => {
      if (!named.has(nestedId)) named.set(nestedId, nested);
      pending.push(nestedId);
    });
  }
}

function referenceNested(node: unknown, found: (id: string, schema: JsonObject) => void): JsonObject {
  if (Array.isArray(node)) return node.map((item) => referenceNested(item, found)) as unknown as JsonObject;
  if (typeof node !== 'object' || node === null) return node as JsonObject;
  const object = node as JsonObject;
  if (typeof object.$id === 'string') {
    found(object.$id, object);
    return { $ref: `#/components/schemas/${object.$id}` };
  }
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, referenceNested(value, found)]));
}

/** @fastify/swagger marks every declared body as required; the ones that may be left out say so here. */
function markOptionalBodies(document: JsonObject, operationIds: Set<string>): JsonObject {
  for (const item of Object.values((document.paths ?? {}) as Record<string, Record<string, JsonObject>>)) {
    for (const operation of Object.values(item)) {
      const body = operation.requestBody as { required?: boolean } | undefined;
      if (body && typeof operation.operationId === 'string' && operationIds.has(operation.operationId)) body.required = false;
    }
  }
  return document;
}
