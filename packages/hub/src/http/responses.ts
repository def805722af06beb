import type { TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ErrorBody, NEXT_PAGE_TOKEN_HEADER } from '@outpost/protocol';

/** What each 4xx of the hub means, for the API document; the body is always an ErrorBody. */
const ERROR_MEANINGS = {
  400: 'the request is not valid (bad JSON, a bad query parameter); `message` says what to change',
  401: 'no credentials, or credentials that are invalid or expired',
  403: 'your role lacks the permission, or the CSRF token of a session is missing',
  404: 'the named thing does not exist',
  409: 'the change conflicts with the current state',
  410: 'the one-time link was already used or has expired',
  413: 'the request body is larger than the limit for this route',
  422: 'a field of the body is not valid; `field` names it',
  429: 'too many requests from this address; retry after the Retry-After header',
  502: 'the hub could not reach the git repository (its message says what git answered)',
} as const;

export type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** The key @fastify/swagger reads a response's description from, leaving the schema's own description alone. */
export const RESPONSE_DESCRIPTION = 'x-response-description';

/** A response schema with the sentence the API document shows for the response (serialisation ignores it). */
export function described<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, [RESPONSE_DESCRIPTION]: description };
}

/** The ErrorBody responses of a route; `meanings` replaces the generic sentence where the route means more. */
export function errorResponses(statuses: readonly ErrorStatus[], meanings: Partial<Record<ErrorStatus, string>> = {}): Record<ErrorStatus, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, described(ErrorBody, meanings[status] ?? ERROR_MEANINGS[status])])) as Record<
    ErrorStatus,
    typeof ErrorBody
  >;
}

/** Semaphore pages with a `Link` header (rel="next"); Outpost's keyset token also goes in its own header. */
export function setNextPage(reply: FastifyReply, url: string, token: string): void {
  const next = new URL(url, 'http://hub.invalid');
  next.searchParams.set('page_token', token);
  reply.header('link', `<${next.pathname}${next.search}>; rel="next"`);
  reply.header(NEXT_PAGE_TOKEN_HEADER, token);
}
