import { PRETTY_LOG_OPTIONS, chooseLogFormat } from '@outpost/protocol';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { AgentError } from './errors.js';

/**
 * The agent log (for the operator): pino to stderr, and to SEMAPHORE_AGENT_LOG_FILE_PATH as well when set (the
 * systemd unit sets it). Job output never goes here. Tokens are redacted wherever a field is named for one. stderr gets
 * readable lines on a terminal (or with --log-format pretty), JSON lines otherwise; the file always JSON lines.
 */
export const REDACT_PATHS = ['token', '*.token', 'registrationToken', 'accessToken', 'logToken', '*.authorization', 'headers.authorization'];

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function createAgentLogger(env: Record<string, string | undefined>, requestedFormat?: string): Logger {
  const level = (env.SEMAPHORE_AGENT_LOG_LEVEL ?? 'info').toLowerCase();
  if (!LEVELS.includes(level)) {
    throw new AgentError('config-invalid', { detail: `  - SEMAPHORE_AGENT_LOG_LEVEL must be one of ${LEVELS.join(', ')}; got '${level}'` });
  }
  const terminal = process.stderr.isTTY === true;
  const format = chooseLogFormat(requestedFormat, terminal);
  if (typeof format === 'object') throw new AgentError('config-invalid', { detail: `  - ${format.problem}` });
  const stderr = format === 'pretty' ? pretty({ ...PRETTY_LOG_OPTIONS, colorize: terminal, destination: 2, sync: true }) : pino.destination({ dest: 2, sync: true });
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: stderr }];
  const file = env.SEMAPHORE_AGENT_LOG_FILE_PATH;
  if (file) streams.push({ level: level as pino.Level, stream: pino.destination({ dest: file, append: true, mkdir: true, sync: true }) });
  return pino({ level, base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, pino.multistream(streams));
}
