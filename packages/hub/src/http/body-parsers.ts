import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { LOG_PUSH_PATH } from '@outpost/protocol';
import { HubError } from '../errors.js';

const LOG_PUSH_PREFIX = LOG_PUSH_PATH('');

/**
 * The official agent posts JSON with no Content-Type (spec §1.1): any body that is not form data is read as text
 * and parsed as JSON where it looks like JSON. Log pushes (text/plain NDJSON) reach their route as a string.
 * The route schemas then validate what was parsed.
 */
export async function installBodyParsers(app: FastifyInstance): Promise<void> {
  await app.register(formbody);
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain', '*'], { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (request.url.startsWith(LOG_PUSH_PREFIX)) return done(null, text);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (cause) {
      done(new HubError('INVALID_JSON', { detail: (cause as Error).message }), undefined);
    }
  });
}
