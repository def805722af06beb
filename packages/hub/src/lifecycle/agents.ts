import type { RegisterRequest, RegisterResponse } from '@outpost/protocol';
import { HubError } from '../errors.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { recordAuditEvent } from '../audit/audit-log.js';
import { findAgentTypeById, findAgentTypeByTokenHash, type AgentTypeRow } from '../store/agent-types.js';
import {
  deleteAgent,
  deleteReservationIfReleased,
  disableAgent,
  findAgentHoldingName,
  findConnectedAgentByName,
  insertAgent,
  isJobQueuedForType,
  renewUnsyncedRegistration,
  reserveAgentName,
  type AgentWithTypeName,
} from '../store/agents.js';
import type { Principal } from '../store/principals.js';
import type { AgentRow } from '../store/schema.js';
import { guardFor } from './job-policy.js';
import type { LifecycleDeps } from './lifecycle-deps.js';
// UUIDv7: agents registered in the same millisecond keep their order in the paged agent list.
import { newTimeOrderedId } from '../ids/time-ordered-id.js';
import { classifyRequestedName, decideDisconnect, decideNameClaim, stsAssignedNameProblem } from './name-policy.js';

type Deps = Pick<LifecycleDeps, 'store' | 'log' | 'now' | 'wakeups' | 'stsVerifier'>;

export interface RegistrationAttempt {
  registrationToken: string;
  /** The body, already checked against the RegisterRequest schema by the route. */
  request: RegisterRequest;
  ip: string;
  userAgent: string;
}

/** POST /register (spec §1.2): token → type, name rules, job request, then a new row or the retried one. */
export async function registerAgent(deps: Deps, attempt: RegistrationAttempt): Promise<RegisterResponse> {
  const type = await findAgentTypeByTokenHash(deps.store.db, hashToken(attempt.registrationToken));
  if (!type) throw new HubError('INVALID_REGISTRATION_TOKEN');
  const { request } = attempt;
  if (request.job_id !== '' && !request.single_job) throw new HubError('JOB_REQUEST_WITHOUT_SINGLE_JOB');
  const name = await assignName(deps, type, request.name);
  if (request.job_id !== '' && !(await isJobQueuedForType(deps.store.db, request.job_id, type.id, guardFor('offer')))) {
    throw new HubError('JOB_NOT_AVAILABLE', { jobId: request.job_id, type: type.name });
  }

  const token = generateToken();
  const facts = {
    access_token_hash: hashToken(token),
    version: request.version,
    os: request.os,
    arch: request.arch,
    hostname: request.hostname,
    ip_address: attempt.ip,
    pid: request.pid,
    user_agent: attempt.userAgent.slice(0, 500),
    single_job: request.single_job ? 1 : 0,
    idle_timeout_s: request.idle_timeout,
    interruption_grace_period_s: request.interruption_grace_period,
    requested_job_id: request.job_id,
  };
  const outcome = await claimName(deps, type, name, facts);
  deps.log.info({ agentId: outcome.id, agentName: name, agentType: type.name, retry: outcome.retry }, 'agent registered');
  if (!outcome.retry) {
    await recordAuditEvent(deps, {
      orgId: type.org_id,
      actor: `agent:${name}`,
      action: 'agent.registered',
      target: { type: 'agent', name },
      details: { agent_type: type.name, version: request.version, hostname: request.hostname, ip_address: attempt.ip },
    });
  }
  return { name, token };
}

async function assignName(deps: Deps, type: AgentTypeRow, requested: string): Promise<string> {
  const kind = classifyRequestedName(requested, type.assignment_origin);
  if (!kind.ok) {
    if (kind.code === 'AGENT_NAME_INVALID') throw new HubError('AGENT_NAME_INVALID', { detail: kind.detail }, { field: 'name' });
    throw new HubError(kind.code, { type: type.name }, { field: 'name' });
  }
  if (kind.kind === 'plain') return kind.name;
  const verdict = await deps.stsVerifier.assignName(kind.url, {
    accountId: type.aws_account_id ?? '',
    roleNamePatterns: type.aws_role_name_patterns ?? '',
  });
  if (!verdict.ok) throw new HubError('STS_REFUSED', { detail: verdict.reason }, { field: 'name' });
  const problem = stsAssignedNameProblem(verdict.name);
  if (problem) throw new HubError('STS_REFUSED', { detail: problem }, { field: 'name' });
  return verdict.name;
}

type RegistrationFacts = Parameters<typeof renewUnsyncedRegistration>[2];

// Three rounds cover every interleaving: a released reservation or a concurrent insert each cost one re-read.
const CLAIM_ROUNDS = 3;

/** Takes the name for a new row, or the retried row; the (org, name) unique constraint decides races. */
async function claimName(deps: Deps, type: AgentTypeRow, name: string, facts: RegistrationFacts): Promise<{ id: string; retry: boolean }> {
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    const now = deps.now();
    const holder = await findAgentHoldingName(deps.store.db, type.org_id, name);
    if (!holder) {
      const id = newTimeOrderedId(now);
      const inserted = await insertAgent(deps.store.db, {
        id,
        org_id: type.org_id,
        agent_type_id: type.id,
        name,
        status: 'registered',
        ...facts,
        state: '',
        job_id: null,
        interrupted_at: null,
        connected_at: now,
        last_sync_at: null,
        last_state_change_at: now,
        disabled_at: null,
        disconnected_at: null,
        release_at: null,
      });
      if (inserted.ok) return { id, retry: false };
      if (inserted.reason === 'type-gone') throw new HubError('INVALID_REGISTRATION_TOKEN');
      continue;
    }
    const claim = decideNameClaim(
      { agentTypeId: holder.agent_type_id, status: holder.status, lastSyncAt: holder.last_sync_at, connectedAt: holder.connected_at, releaseAt: holder.release_at },
      { agentTypeId: type.id },
      now,
    );
    if (claim === 'taken') break;
    if (claim === 'released') {
      await deleteReservationIfReleased(deps.store.db, holder.id, now);
      continue;
    }
    if (await renewUnsyncedRegistration(deps.store.db, holder.id, facts)) return { id: holder.id, retry: true };
  }
  throw new HubError('AGENT_NAME_TAKEN', { name }, { field: 'name' });
}

/** POST /disconnect (spec §1.6): the name is free at once, or held for the type's release_after. */
/** Who ended the connection, for the audit log: the agent itself, or the hub after it stopped syncing. */
export type DisconnectCause = 'agent' | 'lost';

export async function disconnectAgent(deps: Deps, agent: AgentRow, cause: DisconnectCause = 'agent'): Promise<void> {
  const type = await findAgentTypeById(deps.store.db, agent.agent_type_id);
  const now = deps.now();
  const decision = decideDisconnect(type?.release_after_s ?? 0, now);
  if (decision.kind === 'free-now') await deleteAgent(deps.store.db, agent.id);
  else await reserveAgentName(deps.store.db, agent.id, now, decision.releaseAt);
  deps.wakeups.notify(`agent:${agent.id}`);
  deps.log.info({ agentId: agent.id, agentName: agent.name, agentType: type?.name, heldUntil: decision.kind === 'hold' ? decision.releaseAt : undefined }, 'agent disconnected');
  await recordAuditEvent(deps, {
    orgId: agent.org_id,
    actor: cause === 'lost' ? 'system' : `agent:${agent.name}`,
    action: cause === 'lost' ? 'agent.lost' : 'agent.disconnected',
    target: { type: 'agent', name: agent.name },
    details: { agent_type: type?.name ?? '', name_held_for_seconds: decision.kind === 'hold' ? type?.release_after_s ?? 0 : 0 },
  });
}

/** Outpost's per-agent disable (the UI's "Disconnect"): the agent is told to shut down on its next sync. */
export async function disableAgentByName(deps: Deps, principal: Principal, name: string): Promise<AgentWithTypeName> {
  const agent = await findConnectedAgentByName(deps.store.db, principal.orgId, name);
  if (!agent) throw new HubError('NOT_FOUND', { what: `agent '${name}'` });
  if (await disableAgent(deps.store.db, agent.id, deps.now())) {
    deps.wakeups.notify(`agent:${agent.id}`);
    deps.log.info({ agentId: agent.id, agentName: agent.name, agentType: agent.type_name }, 'agent disabled');
    await recordAuditEvent(deps, {
      orgId: principal.orgId,
      actor: `user:${principal.email}`,
      action: 'agent.disabled',
      target: { type: 'agent', name: agent.name },
      details: { agent_type: agent.type_name },
    });
  }
  return (await findConnectedAgentByName(deps.store.db, principal.orgId, name)) ?? agent;
}
