import { randomBytes, randomUUID } from 'node:crypto';
import type { HubConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/database.js';
import { hasAnyOrganization, insertFirstOrganization } from '../store/organizations.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { hashPassword } from '../auth/passwords.js';

/** What the person who started the hub needs, shown once on the first start and never stored in the clear. */
export interface FirstStart {
  email: string;
  password: string;
  apiToken: string;
  /** The token came from OUTPOST_BOOTSTRAP_TOKEN, so the printout names the variable instead of echoing it. */
  tokenFromEnv: boolean;
  /** Likewise for OUTPOST_ADMIN_PASSWORD. */
  passwordFromEnv: boolean;
}

export const BOOTSTRAP_TOKEN_MIN_LENGTH = 16;
export const ADMIN_PASSWORD_MIN_LENGTH = 12;

/**
 * On an empty database: an organization, its owner (a random password) and an API token (OUTPOST_BOOTSTRAP_TOKEN or
 * random). Returns null when the database already has an organization, including when a second hub starting at
 * the same moment won the race.
 */
export async function bootstrapIfEmpty(deps: { store: Store; log: Logger; now: () => number; config: HubConfig }): Promise<FirstStart | null> {
  if (await hasAnyOrganization(deps.store.db)) return null;
  const fromEnv = deps.config.bootstrapToken;
  if (fromEnv !== undefined && (fromEnv.length < BOOTSTRAP_TOKEN_MIN_LENGTH || fromEnv.length > 512 || /\s/.test(fromEnv))) {
    throw new Error(`OUTPOST_BOOTSTRAP_TOKEN must be ${BOOTSTRAP_TOKEN_MIN_LENGTH}–512 characters without spaces`);
  }
  const apiToken = fromEnv ?? generateToken();
  const chosen = deps.config.adminPassword;
  if (chosen !== undefined && (chosen.length < ADMIN_PASSWORD_MIN_LENGTH || chosen.length > 1024)) {
    throw new Error(`OUTPOST_ADMIN_PASSWORD must be ${ADMIN_PASSWORD_MIN_LENGTH}–1024 characters`);
  }
  const password = chosen ?? randomBytes(18).toString('base64url');
  const orgId = randomUUID();
  const email = deps.config.adminEmail;
  const created = await insertFirstOrganization(deps.store, {
    orgId,
    orgName: 'Outpost',
    userId: randomUUID(),
    email,
    passwordHash: await hashPassword(password),
    apiTokenId: randomUUID(),
    apiTokenHash: hashToken(apiToken),
    now: deps.now(),
  });
  if (!created) return null;
  deps.log.info({ orgId, email, tokenFromEnv: fromEnv !== undefined }, 'first start: organization and owner created');
  return { email, password, apiToken, tokenFromEnv: fromEnv !== undefined, passwordFromEnv: chosen !== undefined };
}

/** The one-time welcome: how to sign in, the API token, and a curl that creates a first agent type. */
export function firstStartMessage(first: FirstStart, hubUrl: string): string {
  const token = first.tokenFromEnv ? '$OUTPOST_BOOTSTRAP_TOKEN' : first.apiToken;
  const tokenLine = first.tokenFromEnv ? 'the value of OUTPOST_BOOTSTRAP_TOKEN' : first.apiToken;
  return [
    '',
    'Outpost: first start. An organization and its owner were created; this is shown only once, so keep it.',
    '',
    `  Sign in:    ${hubUrl}  as ${first.email}, password ${first.passwordFromEnv ? '(the value of OUTPOST_ADMIN_PASSWORD)' : first.password}`,
    `  API token:  ${tokenLine}`,
    '',
    'Create an agent type:',
    '',
    `  curl -sS -X POST ${hubUrl}/api/v1alpha/self_hosted_agent_types \\`,
    `    -H "Authorization: Token ${token}" -H "Content-Type: application/json" \\`,
    `    -d '{"metadata":{"name":"s1-my-agents"}}'`,
    '',
    '',
  ].join('\n');
}
