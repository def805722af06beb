import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { JobRequest } from '@outpost/protocol';
import { ADMIN_TOKEN, agentCall, api, createType, describeEachDialect, randomAgentName, register, registerBody } from './support/hub-clients.js';
import { projectBody } from './support/projects-client.js';
import { startHubWithAdmin } from './support/hub-clients.js';
import { submitJob } from './support/jobs-client.js';
import { hostileVariants, HUGE_NUMBERS, NUL_TEXT, sampleValue, type JsonSchema } from './support/fuzz-inputs.js';
import type { TestHub } from './support/start-hub.js';

const TYPE = 's1-fuzz';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// Bodies with many fields (a job spec) are cut here so one dialect stays well under a minute.
const VARIANTS_PER_BODY = 40;
const SECRET = 'fuzz-secret';
const PROJECT = 'fuzz-project';
const COMMIT = 'a'.repeat(40);

/** Bodies that pass validation, so a hostile field reaches the code and the store behind it (the schema sample seldom does). */
const VALID_BODIES: Record<string, () => unknown> = {
  registerAgent: () => registerBody(),
  syncAgent: () => ({ state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 }),
  createAgentType: () => ({ metadata: { name: `s1-fuzz-${randomAgentName().slice(0, 6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}` }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 0 } } }),
  updateAgentType: () => ({ metadata: { name: TYPE }, spec: { agent_name_settings: { assignment_origin: 'assignment_origin_agent', release_after: 60 } } }),
  createJob: () => ({
    metadata: { name: 'fuzz job' },
    spec: { agent: { machine: { type: TYPE } }, commands: ['echo fuzz'], env_vars: [{ name: 'A', value: 'YQ==' }], files: [{ path: 'f.txt', content: 'YQ==' }], execution_time_limit: 60 },
  }),
  createSecret: () => ({ metadata: { name: `${SECRET}-${Math.random().toString(36).slice(2, 8)}` }, data: { env_vars: [{ name: 'A', value: 'v' }], files: [{ path: '/f', content: 'YQ==' }] } }),
  createProject: () => projectBody(`${PROJECT}-${Math.random().toString(36).slice(2, 8)}`, 'https://example.com/fuzz.git'),
  // A project that does not exist: a real one would make the hub fetch its repository over the network.
  runWorkflow: () => ({ project_id: 'no-such-project', reference: 'refs/heads/main', commit_sha: COMMIT }),
  signIn: () => ({ email: 'admin@outpost.local', password: 'not the password' }),
};

/** Operations that take away what the others act on run last. */
const DESTRUCTIVE = new Set(['disconnectAgent', 'disableAgent', 'disableAllAgents', 'resetRegistrationToken', 'signOut']);

interface Operation {
  operationId?: string;
  method: string;
  path: string;
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

interface Credentials {
  agentName: string;
  registrationToken: string;
  accessToken: string;
  jobId: string;
  logToken: string;
}

interface Attempt {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  what: string;
}

/** A hub with one of everything: an agent type, a connected agent that took a job, and that job's log token. */
async function seededHub(dialect: 'sqlite' | 'postgres'): Promise<{ hub: TestHub; credentials: Credentials }> {
  // A secrets key, so secrets and projects work on PostgreSQL too (without one they answer 503 by design).
  const hub = await startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: randomBytes(32).toString('base64') } });
  const registrationToken = await createType(hub, TYPE);
  const registered = (await register(hub, registrationToken)).body as { token: string; name: string };
  const accessToken = registered.token;
  await api(hub, 'POST', '/api/v1beta/secrets', { body: { metadata: { name: SECRET }, data: { env_vars: [{ name: 'A', value: 'v' }] } } });
  await api(hub, 'POST', '/api/v1alpha/projects', { body: projectBody(PROJECT, 'https://example.com/fuzz.git') });
  const job = await submitJob(hub, TYPE, ['echo fuzz']);
  await agentCall(hub, '/api/v1/self_hosted_agents/sync', accessToken, { state: 'waiting-for-jobs', job_id: '', job_result: '', interrupted_at: 0 });
  const res = await fetch(`${hub.url}/api/v1/self_hosted_agents/jobs/${job.metadata.id}`, { headers: { authorization: `Token ${accessToken}` } });
  const logToken = ((await res.json()) as JobRequest).logger.token;
  return { hub, credentials: { agentName: registered.name, registrationToken, accessToken, jobId: job.metadata.id, logToken } };
}

function operations(doc: { paths: Record<string, Record<string, Operation>> }): Operation[] {
  const all = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })));
  // Deletions last, so they do not take away what the other routes act on.
  const late = (op: Operation) => Number(op.method === 'DELETE' || DESTRUCTIVE.has(op.operationId ?? ''));
  return all.sort((a, b) => late(a) - late(b));
}

function authorization(op: Operation, credentials: Credentials): Record<string, string> {
  const schemes = (op.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.includes('logToken')) return { authorization: `Bearer ${credentials.logToken}` };
  if (schemes.includes('agentToken')) return { authorization: `Token ${credentials.accessToken}` };
  if (schemes.includes('registrationToken')) return { authorization: `Token ${credentials.registrationToken}` };
  return { authorization: `Token ${ADMIN_TOKEN}` };
}

function pathValue(path: string, name: string, credentials: Credentials): string {
  if (name === 'jobId' || name === 'id') return credentials.jobId;
  if (name === 'name') return path.startsWith('/api/v1alpha/agents/') ? credentials.agentName : TYPE;
  if (name === 'id_or_name') return path.includes('secrets') ? SECRET : PROJECT;
  return PROJECT;
}

/** The plausible request and, for every parameter and body field, the same request with that one made hostile. */
function attempts(op: Operation, credentials: Credentials, baseUrl: string, resolve: (s: JsonSchema) => JsonSchema): Attempt[] {
  const params = op.parameters ?? [];
  const pathParams = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, pathValue(op.path, p.name, credentials)]));
  const queryParams = params.filter((p) => p.in === 'query');
  // Optional parameters stay out of the plausible request (a made-up cursor is refused); each is still tried hostile.
  const query = Object.fromEntries(queryParams.filter((p) => (p as { required?: boolean }).required).map((p) => [p.name, String(sampleValue(p.schema ?? {}, resolve))]));
  const isLogPush = op.path.startsWith('/api/v1/logs/');
  if (isLogPush) query.start_from = '0';
  const jsonSchema = op.requestBody?.content['application/json']?.schema;
  const valid = VALID_BODIES[op.operationId ?? ''];
  const body: unknown = jsonSchema ? (valid ? valid() : sampleValue(jsonSchema, resolve)) : undefined;
  const headers = { ...authorization(op, credentials), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
  const url = (p: Record<string, string>, q: Record<string, string>) => {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(p[name] ?? 'x'));
    const search = new URLSearchParams(q).toString();
    return `${baseUrl}${path}${search ? `?${search}` : ''}`;
  };
  const make = (what: string, p = pathParams, q = query, b: unknown = body): Attempt => ({
    method: op.method, url: url(p, q), headers, body: b === undefined ? undefined : JSON.stringify(b), what,
  });
  const list: Attempt[] = [make('plausible')];
  for (const name of Object.keys(pathParams)) for (const bad of [NUL_TEXT, String(2 ** 31)]) list.push(make(`path ${name}=${JSON.stringify(bad)}`, { ...pathParams, [name]: bad }));
  for (const name of queryParams.map((p) => p.name)) {
    for (const bad of [NUL_TEXT, ...HUGE_NUMBERS.map(String)]) list.push(make(`query ${name}=${JSON.stringify(bad)}`, pathParams, { ...query, [name]: bad }));
  }
  if (body !== undefined) {
    for (const variant of hostileVariants(body, VARIANTS_PER_BODY)) {
      // Names must be new each time (a taken name is refused before the hostile field is looked at).
      const fresh = valid && op.method === 'POST' ? withFreshNames(variant.value, valid()) : variant.value;
      list.push(make(`body ${variant.field}`, pathParams, query, fresh));
    }
  }
  if (isLogPush) {
    const line = (output: string) => JSON.stringify({ event: 'cmd_output', timestamp: 1, output });
    for (const text of [line('ok\n'), line(NUL_TEXT), `${line('a')}\n{"event":"cmd_output","output":"raw \u0000 byte"}`]) {
      list.push({ ...make('log push body'), headers: { ...headers, 'content-type': 'text/plain' }, body: text });
    }
  }
  return list;
}

/** The hostile body with the name fields of a newly made valid body wherever the hostile one kept the sample's names. */
function withFreshNames(hostile: unknown, fresh: unknown): unknown {
  const h = hostile as Record<string, unknown>;
  const f = fresh as Record<string, unknown>;
  const metadata = h.metadata as Record<string, unknown> | undefined;
  if (typeof h.name === 'string' && h.name !== NUL_TEXT) return { ...h, name: f.name };
  if (metadata && typeof metadata.name === 'string' && metadata.name !== NUL_TEXT && h.metadata !== undefined) {
    return { ...h, metadata: { ...metadata, name: (f.metadata as Record<string, unknown>).name } };
  }
  return hostile;
}

await describeEachDialect('every route answers hostile input with a 4xx and a message, never a 5xx (%s)', (dialect) => {
  it('survives NUL characters and huge numbers in every path parameter, query parameter and body field', async () => {
    const { hub, credentials } = await seededHub(dialect);
    const doc = (await api(hub, 'GET', '/api/v1alpha/openapi.json')).body as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, JsonSchema> } };
    const resolve = (schema: JsonSchema): JsonSchema => {
      const ref = schema.$ref;
      return typeof ref === 'string' ? resolve(doc.components.schemas[ref.split('/').pop() ?? ''] ?? {}) : schema;
    };
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations(doc)) {
      for (const attempt of attempts(op, credentials, hub.url, resolve)) {
        const res = await fetch(attempt.url, { method: attempt.method, headers: attempt.headers, body: attempt.body });
        const text = await res.text();
        sent++;
        if (res.status >= 500) failures.push(`${attempt.method} ${op.path} (${attempt.what}) → ${res.status} ${text.slice(0, 200)}`);
        else if (res.status >= 400 && !/"message":"[^"]+/.test(text)) failures.push(`${attempt.method} ${op.path} (${attempt.what}) → ${res.status} without a message: ${text.slice(0, 200)}`);
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 120_000);
});
