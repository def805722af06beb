import { AGENT_NAME_MAX_LENGTH, agentNameProblem, looksLikeUrl } from '@outpost/protocol';
import type { AgentRowStatus, AssignmentOriginColumn } from '../store/schema.js';

/** What the name in a register request means for a type with this assignment origin (control-plane §4.10, §5). */
export type RequestedName =
  | { ok: true; kind: 'plain'; name: string }
  | { ok: true; kind: 'sts-url'; url: string }
  | { ok: false; code: 'AGENT_NAME_URL_NOT_ALLOWED' | 'AGENT_NAME_STS_REQUIRED' }
  | { ok: false; code: 'AGENT_NAME_INVALID'; detail: string };

export function classifyRequestedName(name: string, origin: AssignmentOriginColumn): RequestedName {
  const isUrl = looksLikeUrl(name);
  if (origin === 'assignment_origin_aws_sts') {
    return isUrl ? { ok: true, kind: 'sts-url', url: name } : { ok: false, code: 'AGENT_NAME_STS_REQUIRED' };
  }
  if (isUrl) return { ok: false, code: 'AGENT_NAME_URL_NOT_ALLOWED' };
  const problem = agentNameProblem(name);
  return problem ? { ok: false, code: 'AGENT_NAME_INVALID', detail: problem } : { ok: true, kind: 'plain', name };
}

/** A name handed out by the STS verifier (the role session name) only has to fit the column's bounds. */
export function stsAssignedNameProblem(name: string): string | null {
  if (name.length === 0) return 'AWS STS returned an empty role session name';
  if (name.length > AGENT_NAME_MAX_LENGTH) {
    return `the role session name from AWS STS is ${name.length} characters long; agent names have at most ${AGENT_NAME_MAX_LENGTH}`;
  }
  return null;
}

/** The official agent repeats an unanswered registration for 30 s; production accepts a repeat within 5 min (spec §1.2). */
export const REGISTRATION_RETRY_WINDOW_MS = 5 * 60_000;

export interface NameHolder {
  agentTypeId: string;
  status: AgentRowStatus;
  lastSyncAt: number | null;
  connectedAt: number;
  releaseAt: number | null;
}

/**
 * Who gets a name that a row already holds:
 * - `released`: a reserved name whose hold has ended — delete the row and register anew;
 * - `retry`: the same agent repeating a registration it never followed with a sync — same row, fresh token;
 * - `taken`: anyone else.
 */
export function decideNameClaim(holder: NameHolder, claimant: { agentTypeId: string }, now: number): 'released' | 'retry' | 'taken' {
  if (holder.status === 'disconnected') {
    return holder.releaseAt !== null && holder.releaseAt <= now ? 'released' : 'taken';
  }
  const isRetry =
    holder.agentTypeId === claimant.agentTypeId && holder.lastSyncAt === null && now - holder.connectedAt < REGISTRATION_RETRY_WINDOW_MS;
  return isRetry ? 'retry' : 'taken';
}

/** On disconnect: free the name now (release_after 0) or hold it until a deadline. */
export function decideDisconnect(releaseAfterSeconds: number, now: number): { kind: 'free-now' } | { kind: 'hold'; releaseAt: number } {
  return releaseAfterSeconds <= 0 ? { kind: 'free-now' } : { kind: 'hold', releaseAt: now + releaseAfterSeconds * 1000 };
}
