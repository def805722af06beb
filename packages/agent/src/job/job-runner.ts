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

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const now = options.now ?? Date.now;
  const home = options.home ?? homedir();
  const emit = options.emit;
  const request = options.request;
  let workDir = '';
  let session: ShellSession | undefined;
  let stopped = false;
  let abandoned = false;
  const envFiles: string[] = [];
  // Every process of the job inherits it, so even one that left the job's session is found and killed at the end.
  const marker = randomBytes(12).toString('hex');

  const say = (text: string) => emit(cmdOutput(now(), text));

  async function openSession(): Promise<boolean> {
    const env = { ...(options.baseEnv ?? jobShellEnv()), [JOB_MARKER_VARIABLE]: marker };
    session = createShellSession({ workDir, home, env, stopGraceMs: options.stopGraceMs });
    try {
      await session.start();
      return true;
    } catch (error) {
      options.log.error({ err: error }, 'the job shell did not start');
      return false;
    }
  }

  async function runStep(step: Step): Promise<number> {
    const directive = step.alias || step.directive;
    emit(cmdStarted(now(), directive));
    if (step.alias) say(`Running: ${step.directive}\n`);
    if (step.warning) say(`Warning: ${step.warning}\n`);
    const startedAt = now();
    const chunker = createOutputChunker(say, { now });
    const exitCode = session ? await session.run(step.directive, (bytes) => chunker.push(bytes)) : 1;
    chunker.drain();
    emit(cmdFinished(now(), directive, exitCode, startedAt, now()));
    return exitCode;
  }

  async function runUntilFirstFailure(commands: readonly JobCommand[] | null): Promise<number> {
    let exitCode = 1;
    for (const command of commands ?? []) {
      if (stopped) return 1;
      exitCode = await runStep(command);
      if (exitCode !== 0) break;
    }
    return exitCode;
  }

  async function exportEnv(vars: EnvVar[] | null): Promise<number> {
    const startedAt = now();
    emit(cmdStarted(startedAt, BUILTIN_DIRECTIVES.exportEnv));
    let exitCode = 1;
    if (vars !== null) {
      const file = join(workDir, `.env-${process.hrtime.bigint()}`);
      for (const v of vars) say(`Exporting ${v.name}\n`);
      await writeFile(file, envFileContent(vars), { mode: 0o600 });
      envFiles.push(file);
      exitCode = session ? await session.run(`source ${shellQuote(file)}`, () => undefined) : 1;
    }
    emit(cmdFinished(now(), BUILTIN_DIRECTIVES.exportEnv, exitCode, startedAt, now()));
    return exitCode;
  }

  async function injectStep(): Promise<number> {
    const startedAt = now();
    emit(cmdStarted(startedAt, BUILTIN_DIRECTIVES.injectFiles));
    const exitCode = await injectFiles(request.files ?? [], home, say);
    emit(cmdFinished(now(), BUILTIN_DIRECTIVES.injectFiles, exitCode, startedAt, now()));
    return exitCode;
  }

  /** Exit 130: the job stopped itself, and SEMAPHORE_JOB_RESULT in its shell says how it ended. */
  async function checkJobResult(): Promise<JobResult> {
    emit(cmdStarted(now(), BUILTIN_DIRECTIVES.checkJobResult));
    const chunks: string[] = [];
    const chunker = createOutputChunker((text) => chunks.push(text), { now });
    if (session) await session.run('echo $SEMAPHORE_JOB_RESULT', (bytes) => chunker.push(bytes));
    chunker.drain();
    const { result, message } = resultOfJobResultVariable(chunks.join('').replace(/^\n+|\n+$/g, ''));
    say(message);
    const at = now();
    emit(cmdFinished(at, BUILTIN_DIRECTIVES.checkJobResult, 0, at, at));
    return result;
  }

  async function runRegularCommands(): Promise<{ result: JobResult; skipEpilogues: boolean }> {
    const failed = { result: 'failed' as const, skipEpilogues: false };
    if ((await exportEnv(jobEnvironment(request.env_vars ?? [], options.hostEnvVars))) !== 0) return failed;
    if ((await injectStep()) !== 0) return failed;
    if (options.hooks.preJobHookPath) {
      const exitCode = await runStep(preJobHookCommand(options.hooks));
      if (exitCode !== 0 && options.hooks.failOnPreJobHookError) return failed;
    }
    const commands = request.commands ?? [];
    const exitCode = commands.length === 0 ? 0 : await runUntilFirstFailure(commands);
    const outcome = resultOfRegularCommands({ stopped, exitCode });
    if (outcome.kind === 'result') return { result: outcome.result, skipEpilogues: stopped };
    return { result: await checkJobResult(), skipEpilogues: true };
  }

  async function runEpilogues(result: JobResult): Promise<void> {
    await exportEnv([{ name: 'SEMAPHORE_JOB_RESULT', value: result }]);
    if (!stopped) await runUntilFirstFailure(request.epilogue_always_commands);
    if (!stopped) await runUntilFirstFailure(result === 'passed' ? request.epilogue_on_pass_commands : request.epilogue_on_fail_commands);
  }

  /** After a stop or an `exit` the job shell is gone; the hook then gets a fresh one with the job's variables. */
  async function runPostJobHook(): Promise<void> {
    if (!options.hooks.postJobHookPath || abandoned) return;
    if (!session?.isAlive()) {
      await session?.stop();
      if (await openSession()) for (const file of envFiles) await session?.run(`source ${shellQuote(file)}`, () => undefined);
    }
    await runStep(postJobHookCommand(options.hooks));
  }

  return {
    async run() {
      workDir = await mkdtemp(join(tmpdir(), 'outpost-job-'));
      emit(jobStarted(now()));
      let result: JobResult = 'failed';
      let epiloguesRan = false;
      try {
        if ((await openSession()) && !stopped) {
          const regular = await runRegularCommands();
          result = stopped ? 'stopped' : regular.result;
          if (!stopped && !regular.skipEpilogues) {
            await runEpilogues(result);
            epiloguesRan = true;
          }
        } else if (stopped) result = 'stopped';
        await runPostJobHook();
        result = finalResult({ result, epiloguesRan, stopped });
        emit(jobFinished(now(), result));
      } finally {
        await session?.stop();
        await rm(workDir, { recursive: true, force: true });
      }
      return result;
    },

    stop(stopOptions) {
      if (!stopped) options.log.info({ jobId: request.job_id }, 'stopping the job');
      stopped = true;
      abandoned ||= stopOptions?.abandon === true;
      void session?.stop();
    },
  };
}

/** The agent's environment for the job shell, minus its registration token. */
function jobShellEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'SEMAPHORE_AGENT_TOKEN') env[key] = value;
  }
  return env;
}
