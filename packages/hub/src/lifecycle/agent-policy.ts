import type { UserAgentState } from '@outpost/protocol';

/** Users see two states: no state yet or `waiting-for-jobs` is waiting; the four job states are running (control-plane §2.2). */
export function toUserState(protocolState: string): UserAgentState {
  return protocolState === '' || protocolState === 'waiting-for-jobs' ? 'waiting_for_job' : 'running_job';
}

/**
 * A yes/no field that may arrive as JSON or as a form field (`only_idle` of disable_all, `disconnect_agents` of
 * reset_token); absent means `fallback` (control-plane §1.4: only_idle defaults to true).
 */
export function parseFlag(value: unknown, field: string, fallback: boolean): { ok: true; value: boolean } | { ok: false; problem: string } {
  if (value === undefined || value === null || value === '') return { ok: true, value: fallback };
  if (value === true || value === 'true' || value === '1') return { ok: true, value: true };
  if (value === false || value === 'false' || value === '0') return { ok: true, value: false };
  return { ok: false, problem: `${field} must be true or false; got ${JSON.stringify(value)}` };
}
