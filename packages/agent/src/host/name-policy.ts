import { AGENT_NAME_MAX_LENGTH, AGENT_NAME_MIN_LENGTH, looksLikeUrl } from '@outpost/protocol';

/**
 * How the agent picks the name it registers with (spec §5.1–5.3): `name`, else the variable named by
 * `name-from-env`, else a random one. The agent checks only the length (8–80), and not at all for URLs such as a
 * pre-signed STS URL; the hub has the final word and the agent adopts the name it returns.
 */
export type NameChoice = { ok: true; name: string; source: 'name' | 'name-from-env' | 'random' } | { ok: false; problem: string };

export function chooseAgentName(input: {
  name: string;
  nameFromEnv: string;
  env: Record<string, string | undefined>;
  randomName: () => string;
}): NameChoice {
  if (input.name !== '') return checked(input.name, 'name');
  if (input.nameFromEnv !== '') {
    const value = input.env[input.nameFromEnv] ?? '';
    if (value === '') return { ok: false, problem: `name-from-env names the variable ${input.nameFromEnv}, which is empty or not set` };
    return checked(value, 'name-from-env');
  }
  return { ok: true, name: input.randomName(), source: 'random' };
}

function checked(name: string, source: 'name' | 'name-from-env'): NameChoice {
  const problem = agentNameLengthProblem(name);
  return problem ? { ok: false, problem } : { ok: true, name, source };
}

/** The official agent's rule: a URL is exempt, anything else needs 8–80 bytes. */
export function agentNameLengthProblem(name: string): string | null {
  if (looksLikeUrl(name)) return null;
  const bytes = new TextEncoder().encode(name).length;
  if (bytes < AGENT_NAME_MIN_LENGTH || bytes > AGENT_NAME_MAX_LENGTH) {
    return `name should have between ${AGENT_NAME_MIN_LENGTH} and ${AGENT_NAME_MAX_LENGTH} characters; '${name}' has ${bytes}`;
  }
  return null;
}

/** 15 random bytes in URL-safe base64: exactly 20 characters of [A-Za-z0-9_-] (spec §5.2). */
export function randomAgentName(randomBytes: Uint8Array): string {
  return Buffer.from(randomBytes).toString('base64url');
}

/** What goes in front of agent log lines before the hub named the agent: the host of a URL name. */
export function logNameOf(name: string): string {
  if (!looksLikeUrl(name)) return name;
  try {
    return new URL(name).host || name.slice(0, 40);
  } catch {
    // A path-like name (Go accepts "/x" as a request URI) has no host; a prefix is enough to tell agents apart.
    return name.slice(0, 40);
  }
}
