import { readFile } from 'node:fs/promises';
import type { JobResult, LogEvent } from '@outpost/protocol';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_TIMINGS } from '../config/timings.js';
import { AgentError } from '../errors.js';
import { createJobRunner } from '../job/job-runner.js';
import { constructionProblem, parseJobRequest } from '../job/parse-job-request.js';
import { createAgentLogger } from '../log.js';
import { serializeEvent } from '../logs/log-events.js';

/**
 * `agent run job.yaml`: runs one job locally, exactly as a hub's job would run, with its log on the terminal
 * (or as NDJSON events with --json). The YAML uses the job request's keys, `file` for files (spec §3.1).
 * Exit code: 0 passed, 1 failed, 130 stopped (Ctrl-C stops the job; a second Ctrl-C leaves at once).
 */
export async function runCommand(
  file: string,
  options: { json?: boolean },
  env: Record<string, string | undefined>,
  write: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AgentError('job-file-invalid', { path: file, detail: (error as Error).message }, { cause: error });
  }
  const parsed = parseJobRequest(raw, 'yaml');
  if (!parsed.ok) throw new AgentError('job-file-invalid', { path: file, detail: parsed.problem });
  const problem = constructionProblem(parsed.request, 'local');
  if (problem) throw new AgentError('job-file-invalid', { path: file, detail: problem });
  const runner = createJobRunner({
    request: parsed.request,
    hooks: { preJobHookPath: '', postJobHookPath: '', sourcePreJobHook: false, failOnPreJobHookError: false },
    hostEnvVars: [],
    emit: (event) => write(options.json ? `${serializeEvent(event)}\n` : humanLine(event)),
    stopGraceMs: DEFAULT_TIMINGS.stopGraceMs,
    log: createAgentLogger({ SEMAPHORE_AGENT_LOG_LEVEL: 'warn', ...env }),
  });
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    runner.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return exitCodeOf(await runner.run());
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function exitCodeOf(result: JobResult): number {
  return result === 'passed' ? 0 : result === 'stopped' ? 130 : 1;
}

/** The job log as a person reads it in a terminal. */
export function humanLine(event: LogEvent): string {
  switch (event.event) {
    case 'job_started':
      return '';
    case 'cmd_started':
      return `\x1b[1m$ ${event.directive}\x1b[0m\n`;
    case 'cmd_output':
      return event.output;
    case 'cmd_finished':
      return event.exit_code === 0 ? '' : `\x1b[31mexit status ${event.exit_code}\x1b[0m\n`;
    case 'job_finished':
      return `\nJob ${event.result}\n`;
  }
}
