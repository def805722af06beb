import type { FastifyRequest } from 'fastify';
import { HubError } from '../errors.js';
import type { Principal } from '../store/principals.js';
import { findPrincipalByApiTokenHash } from '../store/principals.js';
import type { Store } from '../store/database.js';
import { roleHasPermission, type Permission } from './permissions.js';
import { hashToken, readAuthorization } from './tokens.js';

/** Resolves the caller from a session cookie; provided by auth/sessions.ts. Returns null when there is none. */
export type SessionResolver = (request: FastifyRequest) => Promise<Principal | null>;

export interface ApiAuth {
  /** The caller, or a 401 HubError. */
  authenticate(request: FastifyRequest): Promise<Principal>;
  /** The caller if it holds the permission, else 401/403. */
  require(request: FastifyRequest, permission: Permission): Promise<Principal>;
}

export function createApiAuth(deps: { store: Store; now: () => number; sessions?: SessionResolver }): ApiAuth {
  // The onRequest hook (public-api/plugin.ts) authenticates before the body is read; the route's own require() reuses it.
  const known = new WeakMap<FastifyRequest, Promise<Principal>>();
  function authenticate(request: FastifyRequest): Promise<Principal> {
    let principal = known.get(request);
    if (!principal) {
      principal = lookUp(request);
      known.set(request, principal);
    }
    return principal;
  }

  async function lookUp(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (header) {
      const token = readAuthorization(header, 'Token') ?? readAuthorization(header, 'Bearer');
      if (!token) throw new HubError('UNAUTHENTICATED');
      const principal = await findPrincipalByApiTokenHash(deps.store.db, hashToken(token), deps.now());
      if (!principal) throw new HubError('INVALID_API_TOKEN');
      return principal;
    }
    const fromSession = deps.sessions ? await deps.sessions(request) : null;
    if (fromSession) return fromSession;
    throw new HubError('UNAUTHENTICATED');
  }

  return {
    authenticate,
    async require(request, permission) {
      const principal = await authenticate(request);
      if (!roleHasPermission(principal.role, permission)) throw new HubError('FORBIDDEN', { permission });
      return principal;
    },
  };
}
