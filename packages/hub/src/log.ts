import { PRETTY_LOG_OPTIONS, chooseLogFormat, type LogFormat } from '@outpost/protocol';
import pino, { type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

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

/** To `destination` as JSON lines; else to stdout, readable on a terminal (or with --log-format pretty). */
export function createLogger(level: string, destination?: pino.DestinationStream, format?: LogFormat): Logger {
  if (destination) return pino(loggerOptions(level), destination);
  // `format` was validated with the configuration; only the terminal check is left.
  if (chooseLogFormat(format, process.stdout.isTTY === true) === 'pretty') {
    return pino(loggerOptions(level), pretty({ ...PRETTY_LOG_OPTIONS, colorize: process.stdout.isTTY === true, sync: true }));
  }
  return pino(loggerOptions(level));
}

export type { Logger };
