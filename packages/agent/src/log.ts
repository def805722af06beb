import pino, { type Logger } from 'pino';
import { AgentError } from './errors.js';

/**
 * The agent log (for the operator): pino to stderr, and to SEMAPHORE_AGENT_LOG_FILE_PATH as well when set (the
 * systemd unit sets it). Job output never goes here. Tokens are redacted wherever a field is named for one.
 */
export const REDACT_PATHS = ['token', '*.token', 'registrationToken', 'accessToken', 'logToken', '*.authorization', 'headers.authorization'];

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function createAgentLogger(env: Record<string, string | undefined>): Logger {
  const level = (env.SEMAPHORE_AGENT_LOG_LEVEL ?? 'info').toLowerCase();
  if (!LEVELS.includes(level)) {
    throw new AgentError('config-invalid', { detail: `  - SEMAPHORE_AGENT_LOG_LEVEL must be one of ${LEVELS.join(', ')}; got '${level}'` });
  }
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: pino.destination({ dest: 2, sync: true }) }];
  const file = env.SEMAPHORE_AGENT_LOG_FILE_PATH;
  if (file) streams.push({ level: level as pino.Level, stream: pino.destination({ dest: file, append: true, mkdir: true, sync: true }) });
  return pino({ level, base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, pino.multistream(streams));
}
