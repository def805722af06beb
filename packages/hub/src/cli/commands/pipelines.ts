import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { pipelineTimeToMs, type PipelineDescribe, type PipelineFileError, type PipelineListItem } from '@outpost/protocol';
import { ApiError, type ApiClient } from '../api-client.js';
import { clientFrom, withClientOptions } from '../client-options.js';
import { ExitError } from '../exit-error.js';
import { age, printResult } from '../output.js';
import { describeChanges, exitCodeOf, formatDuration, renderPipelineTree } from '../pipeline-view.js';

const COLUMNS = ['ID', 'NAME', 'BRANCH', 'STATE', 'RESULT', 'DURATION', 'AGE'];
const row = (p: PipelineListItem) => [
  p.ppl_id,
  p.name,
  p.branch_name || p.tag_name || (p.pr_number ? `PR #${p.pr_number}` : ''),
  p.state,
  p.result ?? '',
  p.running_at.seconds > 0 ? formatDuration(((p.done_at.seconds || Date.now() / 1000) - p.running_at.seconds) * 1000) : '',
  age(p.created_at.seconds),
];

// Describe is polled; a third of a second keeps durations and states current without loading the hub.
const FOLLOW_POLL_MS = 300;

export function registerPipelineCommands(program: Command): void {
  const pipelines = program.command('pipelines').alias('pipeline').description('run, follow, stop and rerun pipelines (.semaphore/semaphore.yml)');
  registerRunPipeline(pipelines);
  registerListPipelines(pipelines);
  registerGetPipeline(pipelines);
  registerStopPipeline(pipelines);
  registerRerunPipeline(pipelines);
}

function registerRunPipeline(pipelines: Command): void {
  withClientOptions(
    pipelines
      .command('run')
      .description('run a pipeline file on the hub; with --follow, watch it and exit 0 if it passed, 1 if not')
      .requiredOption('-f, --file <path>', 'the pipeline file, e.g. .semaphore/semaphore.yml')
      .option('--branch <name>', 'run for this branch (for a pull request: its target branch)')
      .option('--tag <name>', 'run for this tag')
      .option('--pull-request <number>', 'run for this pull request')
      .option('--commit-sha <sha>', 'the commit the run is for (SEMAPHORE_GIT_SHA)')
      .option('--follow', 'show the blocks and jobs live until the pipeline is done'),
  ).action(async (opts) => {
    const { client } = clientFrom(opts);
    if (opts.tag && opts.pullRequest) throw new ExitError('give --tag or --pull-request, not both', 2);
    const source = await readPipelineFile(opts.file);
    const started = await client
      .runPipelineYaml({
        yaml_definition: source,
        yaml_file_name: opts.file,
        ...(opts.branch ? { branch: opts.branch } : {}),
        ...(opts.tag ? { tag: opts.tag } : {}),
        ...(opts.pullRequest ? { pull_request: String(opts.pullRequest) } : {}),
        ...(opts.commitSha ? { commit_sha: opts.commitSha } : {}),
      })
      .catch(explainInvalidFile);
    if (!opts.follow) return void process.stdout.write(`${started.pipeline_id}\n`);
    process.stderr.write(`pipeline ${started.pipeline_id} (workflow ${started.workflow_id})\n`);
    await followToTheEnd(client, started.pipeline_id);
  });
}

function registerListPipelines(pipelines: Command): void {
  withClientOptions(
    pipelines
      .command('list')
      .description('list pipelines, newest first')
      .option('--branch <name>', 'only this branch')
      .option('--state <states>', 'QUEUING, RUNNING, STOPPING or DONE (comma-separated)')
      .option('--result <results>', 'PASSED, FAILED, STOPPED or CANCELED (comma-separated)')
      .option('--workflow <id>', 'only the pipelines of this workflow'),
  ).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const params = new URLSearchParams();
    if (opts.branch) params.set('branch_name', opts.branch);
    if (opts.state) params.set('state', opts.state);
    if (opts.result) params.set('result', opts.result);
    if (opts.workflow) params.set('wf_id', opts.workflow);
    const list = await client.listPipelines(params.size ? `?${params}` : '');
    if (format === 'table' && list.length === 0) return void process.stdout.write('No pipelines found\n');
    printResult(format, list, COLUMNS, list.map(row));
  });
}

function registerGetPipeline(pipelines: Command): void {
  withClientOptions(pipelines.command('get <id>').description('show a pipeline with its blocks and jobs')).action(async (id: string, opts) => {
    const { client, format } = clientFrom(opts);
    const described = await client.describePipeline(id);
    if (format === 'table') return void process.stdout.write(`${renderPipelineTree(described, { color: false, nowMs: Date.now() }).join('\n')}\n`);
    printResult(format, described, [], []);
  });
}

function registerStopPipeline(pipelines: Command): void {
  withClientOptions(pipelines.command('stop <id>').description('stop a pipeline: running jobs are stopped, queued ones canceled')).action(async (id: string, opts) => {
    const { client } = clientFrom(opts);
    const answer = await client.stopPipeline(id);
    process.stdout.write(`${answer.message}\n`);
  });
}

function registerRerunPipeline(pipelines: Command): void {
  withClientOptions(
    pipelines
      .command('rerun <id>')
      .description('rerun a pipeline: the whole workflow again, or with --failed only its failed blocks')
      .option('--failed', 'rerun only the blocks that did not pass; passed ones are carried over')
      .option('--follow', 'show the new pipeline live until it is done'),
  ).action(async (id: string, opts) => {
    const { client } = clientFrom(opts);
    const token = randomUUID();
    const pipelineId = opts.failed
      ? (await client.rerunFailedBlocks(id, token)).pipeline_id
      : (await client.rerunWorkflow((await client.describePipeline(id)).pipeline.wf_id, token)).ppl_id;
    if (!opts.follow) return void process.stdout.write(`${pipelineId}\n`);
    process.stderr.write(`pipeline ${pipelineId}\n`);
    await followToTheEnd(client, pipelineId);
  });
}

/** `outpost validate -f FILE`: every problem as `file:line:column: message`; exit 1 when there is one. */
export function registerValidateCommand(program: Command): void {
  withClientOptions(program.command('validate').description('check a pipeline file; prints file:line:column: message for each problem').requiredOption('-f, --file <path>', 'the pipeline file')).action(
    async (opts) => {
      const { client } = clientFrom(opts);
      const answer = await client.validatePipeline({ yaml_definition: await readPipelineFile(opts.file), yaml_file_name: opts.file });
      if (answer.valid) return void process.stdout.write(`${opts.file}: valid\n`);
      process.stdout.write(formatProblems(answer.errors));
      throw new ExitError(`${opts.file} has ${answer.errors.length} problem(s)`, 1);
    },
  );
}

async function readPipelineFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new ExitError(`cannot read ${path}: ${(cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message}`, 2);
  }
}

export const formatProblems = (errors: readonly PipelineFileError[]) => errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}\n`).join('');

/** A file the hub refused: its problems on stderr, one per line, then exit 1. */
function explainInvalidFile(error: unknown): never {
  const body = error instanceof ApiError ? (error.body as { code?: string; errors?: PipelineFileError[] } | undefined) : undefined;
  if (body?.code === 'PIPELINE_INVALID' && body.errors) {
    process.stderr.write(formatProblems(body.errors));
    throw new ExitError(`the pipeline file has ${body.errors.length} problem(s); nothing was run`, 1);
  }
  throw error;
}

/** Follows until done, then exits with the result: a live tree on a terminal, a line per change otherwise. */
export async function followToTheEnd(client: ApiClient, id: string): Promise<void> {
  const tty = process.stdout.isTTY === true;
  const screen = createScreen(tty);
  let previous: PipelineDescribe | null = null;
  for (;;) {
    const current = await client.describePipeline(id);
    if (tty) screen.draw(renderPipelineTree(current, { color: true, nowMs: Date.now() }));
    else for (const line of describeChanges(previous, current, Date.now())) process.stdout.write(`${line}\n`);
    previous = current;
    const settled = current.pipeline.state === 'done' && (!current.after_pipeline || current.after_pipeline.state === 'done');
    if (settled) break;
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
  }
  screen.end();
  const { pipeline } = previous;
  const took = pipelineTimeToMs(pipeline.running_at) !== null ? ` in ${formatDuration((pipelineTimeToMs(pipeline.done_at) ?? Date.now()) - (pipelineTimeToMs(pipeline.running_at) ?? 0))}` : '';
  if (exitCodeOf(previous) !== 0) throw new ExitError(`pipeline ${id} ${pipeline.result} (${pipeline.result_reason})${took}${pipeline.error_description ? `: ${pipeline.error_description}` : ''}`, 1);
  process.stderr.write(`pipeline ${id} passed${took}\n`);
}

/** Redraws a block of lines in place with ANSI cursor movement: up to the first line, rewrite, clear what is left. */
function createScreen(tty: boolean) {
  let drawn = 0;
  return {
    draw(lines: string[]) {
      if (!tty) return;
      const up = drawn > 0 ? `\x1b[${drawn}F` : '\x1b[?25l';
      process.stdout.write(`${up}${lines.map((l) => `\x1b[2K${l}\n`).join('')}\x1b[J`);
      drawn = lines.length;
    },
    end() {
      if (tty) process.stdout.write('\x1b[?25h');
    },
  };
}
