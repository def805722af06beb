import type { CmdFinishedEvent, CmdOutputEvent, CmdStartedEvent, JobFinishedEvent, JobResult, JobStartedEvent, LogEvent } from '@outpost/protocol';

/**
 * Job log events in the official agent's exact key order (spec §4.1), timestamps in Unix seconds, and their
 * serialisation as Go's encoding/json writes them (HTML-safe: <, >, & and U+2028/U+2029 escaped).
 */
export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

export const jobStarted = (nowMs: number): JobStartedEvent => ({ event: 'job_started', timestamp: unixSeconds(nowMs) });

export const cmdStarted = (nowMs: number, directive: string): CmdStartedEvent => ({
  event: 'cmd_started',
  timestamp: unixSeconds(nowMs),
  directive,
});

export const cmdOutput = (nowMs: number, output: string): CmdOutputEvent => ({ event: 'cmd_output', timestamp: unixSeconds(nowMs), output });

export const cmdFinished = (nowMs: number, directive: string, exitCode: number, startedAtMs: number, finishedAtMs: number): CmdFinishedEvent => ({
  event: 'cmd_finished',
  timestamp: unixSeconds(nowMs),
  directive,
  exit_code: exitCode,
  started_at: unixSeconds(startedAtMs),
  finished_at: unixSeconds(finishedAtMs),
});

export const jobFinished = (nowMs: number, result: JobResult): JobFinishedEvent => ({ event: 'job_finished', timestamp: unixSeconds(nowMs), result });

const HTML_UNSAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function serializeEvent(event: LogEvent): string {
  return JSON.stringify(event).replace(/[<>&\u2028\u2029]/g, (c) => HTML_UNSAFE[c] ?? c);
}
