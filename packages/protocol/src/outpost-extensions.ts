import { Type } from '@sinclair/typebox';

/**
 * Outpost's additions to the protocol, invisible to the official agent.
 *
 * Long-poll sync: an agent that sends `X-Outpost-Wait: <seconds>` lets the hub hold a `continue` answer up to
 * that long and answer the moment something concerns it (a job for its type, a stop, a disable, a shutdown).
 * The hub caps the hold below the agent's 30 s HTTP timeout. A hub that does not know the header simply answers
 * at once, so an Outpost agent works against any compatible hub.
 *
 * Offer → accept: `run-job` is an offer; the agent accepts it by fetching `GET /jobs/:id`. An offer not fetched
 * within OFFER_ACCEPT_DEADLINE_MS, or whose agent syncs `waiting-for-jobs` again, goes back to the queue.
 */
export const LONG_POLL_HEADER = 'x-outpost-wait';
export const LONG_POLL_MAX_SECONDS = 25;
/** The hub advertises long-poll support with this response header on sync answers. */
export const LONG_POLL_SUPPORTED_HEADER = 'x-outpost-long-poll';
export const OFFER_ACCEPT_DEADLINE_MS = 10_000;

/** The request header of a long-polling sync, as the hub documents it (any value it cannot read means "answer at once"). */
export const LongPollHeaders = Type.Object({
  [LONG_POLL_HEADER]: Type.Optional(
    Type.String({ description: `Outpost extension: hold a \`continue\` answer up to this many seconds (at most ${LONG_POLL_MAX_SECONDS})` }),
  ),
});

/** Parses the header value; returns the hold in ms (0 = answer at once). */
export function parseLongPollWait(value: string | undefined): number {
  if (value === undefined) return 0;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) return 0;
  return Math.min(seconds, LONG_POLL_MAX_SECONDS) * 1000;
}
