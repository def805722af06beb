import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { HookAnswer, isUuid } from '@outpost/protocol';
import { HubError, quoteInput } from '../errors.js';
import { errorResponses } from '../http/responses.js';
import type { HubServices } from '../services.js';
import type { Principal } from '../store/principals.js';
import { findProjectByIdInAnyOrg, type ProjectRow } from '../store/projects.js';
import { openWebhookSecret, storedSettings } from '../lifecycle/projects.js';
import { runProjectWorkflow } from '../lifecycle/project-runs.js';
import { emptyHookDetails } from '../lifecycle/hook-details.js';
import { DELIVERY_HEADERS, detectForge, EVENT_HEADERS, verifyDelivery, type Forge } from './signature-policy.js';
import { parseForgeEvent } from './forge-events.js';
import { decideHookRun } from './hook-policy.js';

/**
 * Push webhooks from forges: `POST /hooks/:projectId` tells GitHub, GitLab and Gitea/Forgejo apart by their headers;
 * `POST /hooks/github/:projectId` (and /gitlab/, /gitea/, /forgejo/) take one forge only. The raw body is kept for the
 * HMAC (this plugin has its own content-type parser), its size is capped, and the signature is checked before anything
 * in the body is read. Answers: 404 for an unknown project, 401 for a missing or wrong signature (nothing runs), 400
 * for a delivery without its id or JSON, 422 for a ref Outpost refuses, and 200 with `outcome` otherwise: started,
 * ignored (a ping, a deleted branch, an event the project does not run on) or duplicate (a delivery id seen before).
 */
export const HOOKS_PATH = '/hooks';
// GitHub caps payloads at 25 MB; a push of a few thousand commits stays well under 10 MiB.
export const HOOK_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;
const Params = Type.Object({ projectId: Type.String({ maxLength: 200 }) });
const FORGE_PATHS: Array<[string, Forge]> = [['github', 'github'], ['gitlab', 'gitlab'], ['gitea', 'gitea'], ['forgejo', 'gitea']];

export const webhookRoutes: FastifyPluginAsync<{ services: HubServices }> = async (plain, { services }) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: HOOK_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  const options = (operationId: string, summary: string) => ({
    schema: {
      operationId, summary, tags: ['webhooks'], security: [], params: Params,
      response: { ...errorResponses([400, 401, 404, 413, 422]), 200: HookAnswer },
    },
    bodyLimit: HOOK_BODY_LIMIT_BYTES,
  });

  const anyForge = options('receiveWebhook', 'A push or pull request webhook from GitHub, GitLab or Gitea/Forgejo (the forge told by its headers), signed with the project\'s webhook secret');
  app.post(`${HOOKS_PATH}/:projectId`, anyForge, (request) => receive(services, request, request.params.projectId, null));
  for (const [path, forge] of FORGE_PATHS) {
    const summary = `A push or pull request webhook from ${path}, signed with the project's webhook secret`;
    app.post(`${HOOKS_PATH}/${path}/:projectId`, options(`receive${path[0]!.toUpperCase()}${path.slice(1)}Webhook`, summary), (request) =>
      receive(services, request, request.params.projectId, forge));
  }
};

async function receive(services: HubServices, request: FastifyRequest, projectId: string, fixed: Forge | null): Promise<HookAnswer> {
  const project = isUuid(projectId) ? await findProjectByIdInAnyOrg(services.store.db, projectId.toLowerCase()) : undefined;
  if (!project) throw new HubError('NOT_FOUND', { what: `project ${quoteInput(projectId)}` });
  const headers = headerMap(request);
  const forge = fixed ?? detectForge(headers);
  if (!forge) throw new HubError('BAD_REQUEST', { detail: 'cannot tell which forge sent this: expected X-GitHub-Event, X-Gitlab-Event or X-Gitea-Event' });
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const signature = verifyDelivery(forge, openWebhookSecret(services.projectVault, project), body, headers);
  if (!signature.ok) throw new HubError('WEBHOOK_SIGNATURE_INVALID', { detail: signature.problem });
  const deliveryId = firstHeader(headers, DELIVERY_HEADERS[forge]);
  if (!deliveryId || !DELIVERY_ID.test(deliveryId)) throw new HubError('BAD_REQUEST', { detail: `the delivery has no ${DELIVERY_HEADERS[forge][0]} header, so a repeat could not be told apart` });
  const event = parseForgeEvent(forge, firstHeader(headers, EVENT_HEADERS[forge]) ?? '', readPayload(body, headers['content-type']));
  if (event.kind === 'ping') return { outcome: 'pong', message: `project ${project.name} is ready for ${forge} deliveries` };
  const decision = decideHookRun(event, storedSettings(project));
  if (decision.kind === 'ignore') return { outcome: 'ignored', message: decision.reason };
  if (decision.kind === 'invalid') throw new HubError('VALIDATION', { detail: decision.problem });
  const run = await runProjectWorkflow(services, {
    project, principal: hookPrincipal(project, forge), ref: decision.ref, sha: decision.sha, pipelineFile: project.pipeline_file, provider: forge, deliveryId,
    event: decision.event, details: { ...emptyHookDetails(), provider: forge, ...decision.details }, triggeredBy: 'HOOK', actor: `hook:${forge}`,
  });
  if (run.kind === 'duplicate') {
    const { hook } = run;
    return { outcome: 'duplicate', message: `delivery ${deliveryId} was received before; nothing new runs`, hook_id: hook.id, ...(hook.workflow_id ? { workflow_id: hook.workflow_id } : {}), ...(hook.pipeline_id ? { pipeline_id: hook.pipeline_id } : {}) };
  }
  const message = run.malformed ? `${project.pipeline_file} at ${run.sha.slice(0, 12)} is not a valid pipeline; the workflow failed (MALFORMED)` : `started ${project.pipeline_file} at ${run.sha.slice(0, 12)}`;
  return { outcome: 'started', message, hook_id: run.hookId, workflow_id: run.workflowId, pipeline_id: run.pipelineId };
}

/** A forge acts for the project's owner: runs it starts name the owner as requester and `hook:<forge>` in the audit log. */
function hookPrincipal(project: ProjectRow, forge: Forge): Principal {
  return { orgId: project.org_id, userId: project.owner_id ?? '', email: `${forge}-webhook`, role: 'member', via: 'api-token' };
}

function headerMap(request: FastifyRequest): Record<string, string | undefined> {
  const map: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) map[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return map;
}

function firstHeader(headers: Record<string, string | undefined>, names: readonly string[]): string | undefined {
  for (const name of names) if (headers[name]) return headers[name];
  return undefined;
}

/** JSON, or GitHub's form encoding (`payload=<json>`). */
function readPayload(body: Buffer, contentType: string | undefined): unknown {
  const text = body.toString('utf8');
  const json = contentType?.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(text).get('payload') ?? '' : text;
  try {
    return JSON.parse(json);
  } catch (cause) {
    throw new HubError('INVALID_JSON', { detail: (cause as Error).message }, { cause });
  }
}
