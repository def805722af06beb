import type { FastifyRequest } from 'fastify';
import type { AgentRow } from '../store/schema.js';
import { HubError } from '../errors.js';
import type { Store } from '../store/database.js';

import { findConnectedAgentByTokenHash } from '../store/agent-tokens.js';
import { hashToken, readAuthorization } from './tokens.js';

/** `Authorization: Token <access token>` → the connected agent, or 401 with a readable message. */
export function createAgentAuth(deps: { store: Store }) {
  return async function authenticateAgent(request: FastifyRequest): Promise<AgentRow> {
    const token = readAuthorization(request.headers.authorization, 'Token');
    if (!token) throw new HubError('UNAUTHENTICATED');
    const agent = await findConnectedAgentByTokenHash(deps.store.db, hashToken(token));
    if (!agent) throw new HubError('INVALID_AGENT_TOKEN');
    return agent;
  };
}
export type AuthenticateAgent = ReturnType<typeof createAgentAuth>;
