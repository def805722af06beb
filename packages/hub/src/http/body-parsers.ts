import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { HubError } from '../errors.js';

/** No API body nests deeper than a job spec (about 6 levels); 1 MB of brackets cost ~180 ms of parsing. */
export const JSON_MAX_DEPTH = 32;

/**
 * The deepest nesting of arrays and objects in a JSON text, counted in one pass without parsing (brackets inside
 * strings do not count). Stops counting once past JSON_MAX_DEPTH, so the answer for hostile input is quick.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > JSON_MAX_DEPTH) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * The official agent posts JSON with no Content-Type (spec §1.1): any body that is not form data is read as text
 * and parsed as JSON where it looks like JSON. Log pushes (NDJSON) have their own parser (agent-api/logs.ts).
 * The route schemas then validate what was parsed.
 */
export async function installBodyParsers(app: FastifyInstance): Promise<void> {
  await app.register(formbody);
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain', '*'], { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    const depth = jsonNestingDepth(text);
    if (depth > JSON_MAX_DEPTH) return done(new HubError('INVALID_JSON', { detail: `it nests arrays and objects ${depth} deep; at most ${JSON_MAX_DEPTH} levels are accepted` }), undefined);
    try {
      done(null, JSON.parse(text));
    } catch (cause) {
      done(new HubError('INVALID_JSON', { detail: (cause as Error).message }), undefined);
    }
  });
}
