import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_DIRECTIVES, type JobCommand, type JobRequest, type JobResult, type LogEvent } from '@outpost/protocol';
import type { Logger } from 'pino';
import type { HostEnvVar } from '../config/config-policy.js';
import { cmdFinished, cmdOutput, cmdStarted, jobFinished, jobStarted } from '../logs/log-events.js';
import { injectFiles } from './file-injection.js';
import { finalResult, resultOfJobResultVariable, resultOfRegularCommands } from './job-result.js';
import { envFileContent, jobEnvironment, postJobHookCommand, preJobHookCommand, shellQuote, type EnvVar, type HookOptions } from './job-steps.js';
import { JOB_MARKER_VARIABLE } from '../process/process-tree.js';
import { createOutputChunker } from './output-chunker.js';
import { createShellSession, type ShellSession } from './shell-session.js';

/**
 * One job end to end, exactly as the official shell executor runs it (spec §3.3, §2.11): job_started; the
 * environment; the files; the pre-job hook; the commands until the first failure; the epilogues with
 * SEMAPHORE_JOB_RESULT (unless stopped); the post-job hook; job_finished; then every process the job left is killed.
 */
export interface JobRunnerOptions {
  request: JobRequest;
  hooks: HookOptions;
  hostEnvVars: readonly HostEnvVar[];
  emit: (event: LogEvent) => void;
  stopGraceMs: number;
  log: Logger;
  now?: () => number;
  home?: string;
  /** The environment the job shell starts with (default: the agent's, without its registration token). */
  baseEnv?: Record<string, string>;
}

export interface JobRunner {
  run(): Promise<JobResult>;
  /** Stops the job: kills its processes; the job then finishes with `stopped` (epilogues skipped). `abandon`
   * also skips the post-job hook: the agent is leaving and nobody will read the log. */
  stop(options?: { abandon?: boolean }): void;
}

interface Step extends JobCommand {
  warning?: string;
}

/** One job run's state: its options, its shell and how far it got. */
interface JobRun {
  options: JobRunnerOptions;
  request: JobRequest;
  now: () => number;
  home: string;
  workDir: string;
  session: ShellSession | undefined;
  stopped: boolean;
  abandoned: boolean;
  /** The environment files sourced so far, sourced again into a fresh shell for the post-job hook. */
  envFiles: string[];
  // Every process of the job inherits it, so even one that left the job's session is found and killed at the end.
  marker: string;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const job: JobRun = {
    options,
    request: options.request,
    now: options.now ?? Date.now,
    home: options.home ?? homedir(),
    workDir: '',
    session: undefined,
    stopped: false,
    abandoned: false,
    envFiles: [],
    marker: randomBytes(12).toString('hex'),
  };
  return {
    run: () => runJob(job),
    stop(stopOptions) {
      if (!job.stopped) options.log.info({ jobId: job.request.job_id }, 'stopping the job');
      job.stopped = true;
      job.abandoned ||= stopOptions?.abandon === true;
      void job.session?.stop();
    },
  };
}

async function runJob(job: JobRun): Promise<JobResult> {
  job.workDir = await mkdtemp(join(tmpdir(), 'outpost-job-'));
  job.options.emit(jobStarted(job.now()));
  let result: JobResult = 'failed';
  let epiloguesRan = false;
  try {
    if ((await openSession(job)) && !job.stopped) {
      const regular = await runRegularCommands(job);
      result = job.stopped ? 'stopped' : regular.result;
      if (!job.stopped && !regular.skipEpilogues) {
        await runEpilogues(job, result);
        epiloguesRan = true;
      }
    } else if (job.stopped) result = 'stopped';
    await runPostJobHook(job);
    result = finalResult({ result, epiloguesRan, stopped: job.stopped });
    job.options.emit(jobFinished(job.now(), result));
  } finally {
    await job.session?.stop();
    await rm(job.workDir, { recursive: true, force: true });
  }
  return result;
}

/** One line of output in the job log. */
function say(job: JobRun, text: string): void {
  job.options.emit(cmdOutput(job.now(), text));
}

async function openSession(job: JobRun): Promise<boolean> {
  const env = { ...(job.options.baseEnv ?? jobShellEnv()), [JOB_MARKER_VARIABLE]: job.marker };
  job.session = createShellSession({ workDir: job.workDir, home: job.home, env, stopGraceMs: job.options.stopGraceMs });
  try {
    await job.session.start();
    return true;
  } catch (error) {
    job.options.log.error({ err: error }, 'the job shell did not start');
    return false;
  }
}

async function runStep(job: JobRun, step: Step): Promise<number> {
  const { emit } = job.options;
  const directive = step.alias || step.directive;
  emit(cmdStarted(job.now(), directive));
  if (step.alias) say(job, `Running: ${step.directive}\n`);
  if (step.warning) say(job, `Warning: ${step.warning}\n`);
  const startedAt = job.now();
  const chunker = createOutputChunker((text) => say(job, text), { now: job.now });
  const exitCode = job.session ? await job.session.run(step.directive, (bytes) => chunker.push(bytes)) : 1;
  chunker.drain();
  emit(cmdFinished(job.now(), directive, exitCode, startedAt, job.now()));
  return exitCode;
}

async function runUntilFirstFailure(job: JobRun, commands: readonly JobCommand[] | null): Promise<number> {
  let exitCode = 1;
  for (const command of commands ?? []) {
    if (job.stopped) return 1;
    exitCode = await runStep(job, command);
    if (exitCode !== 0) break;
  }
  return exitCode;
}

async function exportEnv(job: JobRun, vars: EnvVar[] | null): Promise<number> {
  const startedAt = job.now();
  job.options.emit(cmdStarted(startedAt, BUILTIN_DIRECTIVES.exportEnv));
  let exitCode = 1;
  if (vars !== null) {
    const file = join(job.workDir, `.env-${process.hrtime.bigint()}`);
    for (const v of vars) say(job, `Exporting ${v.name}\n`);
    await writeFile(file, envFileContent(vars), { mode: 0o600 });
    job.envFiles.push(file);
    exitCode = job.session ? await job.session.run(`source ${shellQuote(file)}`, () => undefined) : 1;
  }
  job.options.emit(cmdFinished(job.now(), BUILTIN_DIRECTIVES.exportEnv, exitCode, startedAt, job.now()));
  return exitCode;
}

async function injectStep(job: JobRun): Promise<number> {
  const startedAt = job.now();
  job.options.emit(cmdStarted(startedAt, BUILTIN_DIRECTIVES.injectFiles));
  const exitCode = await injectFiles(job.request.files ?? [], job.home, (text) => say(job, text));
  job.options.emit(cmdFinished(job.now(), BUILTIN_DIRECTIVES.injectFiles, exitCode, startedAt, job.now()));
  return exitCode;
}

/** Exit 130: the job stopped itself, and SEMAPHORE_JOB_RESULT in its shell says how it ended. */
async function checkJobResult(job: JobRun): Promise<JobResult> {
  job.options.emit(cmdStarted(job.now(), BUILTIN_DIRECTIVES.checkJobResult));
  const chunks: string[] = [];
  const chunker = createOutputChunker((text) => chunks.push(text), { now: job.now });
  if (job.session) await job.session.run('echo $SEMAPHORE_JOB_RESULT', (bytes) => chunker.push(bytes));
  chunker.drain();
  const { result, message } = resultOfJobResultVariable(chunks.join('').replace(/^\n+|\n+$/g, ''));
  say(job, message);
  const at = job.now();
  job.options.emit(cmdFinished(at, BUILTIN_DIRECTIVES.checkJobResult, 0, at, at));
  return result;
}

async function runRegularCommands(job: JobRun): Promise<{ result: JobResult; skipEpilogues: boolean }> {
  const { hooks, hostEnvVars } = job.options;
  const failed = { result: 'failed' as const, skipEpilogues: false };
  if ((await exportEnv(job, jobEnvironment(job.request.env_vars ?? [], hostEnvVars))) !== 0) return failed;
  if ((await injectStep(job)) !== 0) return failed;
  if (hooks.preJobHookPath) {
    const exitCode = await runStep(job, preJobHookCommand(hooks));
    if (exitCode !== 0 && hooks.failOnPreJobHookError) return failed;
  }
  const commands = job.request.commands ?? [];
  const exitCode = commands.length === 0 ? 0 : await runUntilFirstFailure(job, commands);
  const outcome = resultOfRegularCommands({ stopped: job.stopped, exitCode });
  if (outcome.kind === 'result') return { result: outcome.result, skipEpilogues: job.stopped };
  return { result: await checkJobResult(job), skipEpilogues: true };
}

async function runEpilogues(job: JobRun, result: JobResult): Promise<void> {
  const { request } = job;
  await exportEnv(job, [{ name: 'SEMAPHORE_JOB_RESULT', value: result }]);
  if (!job.stopped) await runUntilFirstFailure(job, request.epilogue_always_commands);
  if (!job.stopped) await runUntilFirstFailure(job, result === 'passed' ? request.epilogue_on_pass_commands : request.epilogue_on_fail_commands);
}

/** After a stop or an `exit` the job shell is gone; the hook then gets a fresh one with the job's variables. */
async function runPostJobHook(job: JobRun): Promise<void> {
  const { hooks } = job.options;
  if (!hooks.postJobHookPath || job.abandoned) return;
  if (!job.session?.isAlive()) {
    await job.session?.stop();
    if (await openSession(job)) for (const file of job.envFiles) await job.session?.run(`source ${shellQuote(file)}`, () => undefined);
  }
  await runStep(job, postJobHookCommand(hooks));
}

/** The agent's environment for the job shell, minus its registration token. */
function jobShellEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'SEMAPHORE_AGENT_TOKEN') env[key] = value;
  }
  return env;
}
