/**
 * Name rules shared by hub, agent and UI. Each validator returns null when the value is fine, or a reason a
 * person can read.
 */

export const AGENT_TYPE_NAME_PATTERN = /^s1-[A-Za-z0-9_-]+$/;
export const AGENT_TYPE_NAME_MAX_LENGTH = 100;

export function agentTypeNameProblem(name: string): string | null {
  if (name.length === 0) return 'the agent type name is required';
  if (name.length > AGENT_TYPE_NAME_MAX_LENGTH) {
    return `the agent type name is ${name.length} characters long; at most ${AGENT_TYPE_NAME_MAX_LENGTH} are allowed`;
  }
  if (!name.startsWith('s1-')) return `the agent type name '${name}' must start with 's1-'`;
  if (!AGENT_TYPE_NAME_PATTERN.test(name)) {
    return `the agent type name '${name}' may only contain letters, digits, '-' and '_' after 's1-'`;
  }
  return null;
}

/** Bounds the official agent checks for a name it chose itself (spec §5.3). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of secrets and projects are UUIDs; a name may not look like one, so `:id_or_name` stays unambiguous. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

export const AGENT_NAME_MIN_LENGTH = 8;
export const AGENT_NAME_MAX_LENGTH = 80;
/** The production hub's character set for agent names (control-plane §4.10). */
export const AGENT_NAME_PATTERN = /^[A-Za-z0-9_/+-]+$/;

/** True when the official agent would treat the value as a URL and skip its length check: Go's
 * `url.ParseRequestURI` accepts an absolute path or anything with a scheme (spec §5.3). */
export function looksLikeUrl(name: string): boolean {
  return name.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(name);
}

/** The rule for a plain (non-URL) agent name, on both sides of the wire. */
export function agentNameProblem(name: string): string | null {
  if (name.length < AGENT_NAME_MIN_LENGTH || name.length > AGENT_NAME_MAX_LENGTH) {
    return `the agent name '${name}' is ${name.length} characters long; it must have between ${AGENT_NAME_MIN_LENGTH} and ${AGENT_NAME_MAX_LENGTH} characters`;
  }
  if (!AGENT_NAME_PATTERN.test(name)) {
    return `the agent name '${name}' may only contain letters, digits and the characters - _ / +`;
  }
  return null;
}

/** `release_after` is 0 (free at once) or at least this many seconds. */
export const RELEASE_AFTER_MIN_SECONDS = 60;
export const RELEASE_AFTER_MAX_SECONDS = 30 * 24 * 3600;

export function releaseAfterProblem(seconds: number): string | null {
  if (!Number.isInteger(seconds)) return 'release_after must be a whole number of seconds';
  if (seconds === 0) return null;
  if (seconds < RELEASE_AFTER_MIN_SECONDS) {
    return `release_after must be 0 (release at once) or at least ${RELEASE_AFTER_MIN_SECONDS} seconds; got ${seconds}`;
  }
  if (seconds > RELEASE_AFTER_MAX_SECONDS) {
    return `release_after may be at most ${RELEASE_AFTER_MAX_SECONDS} seconds (30 days); got ${seconds}`;
  }
  return null;
}
