import type { UserAgentState } from '@outpost/protocol';

/** Users see two states: no state yet or `waiting-for-jobs` is waiting; the four job states are running (control-plane §2.2). */
export function toUserState(protocolState: string): UserAgentState {
  return protocolState === '' || protocolState === 'waiting-for-jobs' ? 'waiting_for_job' : 'running_job';
}

