/**
 * An agent the hub no longer knows (issue 16 §2): a sync answered 401 means the access token is gone — the hub
 * declared the agent lost, or lost its database — so the agent registers again at once instead of failing every
 * sync until the 10-minute unable-to-sync shutdown (what the official agent does, spec §1.1). It keeps its name when
 * the hub lets it (the type's release policy may still hold it for the lost row) and takes a new random one otherwise.
 */
export interface CallFailure {
  /** The HTTP status; undefined for a transport error. */
  status: number | undefined;
  /** The hub's error `code` from the JSON body, when it sent one. */
  hubCode: string | undefined;
}

/** A single-job agent (disconnect-after-job) lived for the job the hub has now failed: it keeps the official behaviour. */
export function mustRegisterAgain(syncFailure: CallFailure, agent: { singleJob: boolean }): boolean {
  return syncFailure.status === 401 && !agent.singleJob;
}

export type NameChoiceAgain = 'keep' | 'new-random';

/** After a failed registration again: a name still held (AGENT_NAME_TAKEN) gives way to a new random one. */
export function nameAfterRefusal(registerFailure: CallFailure, current: NameChoiceAgain): NameChoiceAgain {
  if (registerFailure.status === 400 && registerFailure.hubCode === 'AGENT_NAME_TAKEN') return 'new-random';
  return current;
}
