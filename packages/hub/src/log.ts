import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * One redact list for the whole hub: tokens, passwords and job env values never reach a log line. Request
 * serialisers carry no headers and no bodies.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.token',
  '*.registrationToken',
  '*.accessToken',
  '*.logToken',
  '*.password',
  '*.env_vars',
  '*.files',
  'token',
  'password',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: redactUrl(req.url), reqId: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** A URL's query may carry a pre-signed STS signature or a token: keep the path only. An invitation link's path is its token. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const kept = path.replace(/^\/invitations\/[^/]+/, '/invitations/…');
  return q === -1 ? kept : `${kept}?…`;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

export type { Logger };
