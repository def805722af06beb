import type { Command } from 'commander';
import type { WorkflowListItem } from '@outpost/protocol';
import { clientFrom, withClientOptions } from '../client-options.js';
import { ExitError } from '../exit-error.js';
import { age, printResult } from '../output.js';
import { parametersOf, referenceOf, type Parsed } from '../project-args-policy.js';
import { followToTheEnd } from './pipelines.js';

const COLUMNS = ['ID', 'PIPELINE', 'REF', 'COMMIT', 'TRIGGER', 'STATE', 'RESULT', 'AGE'];
const TRIGGERS = ['HOOK', 'SCHEDULE', 'API', 'MANUAL_RUN'];
const row = (w: WorkflowListItem) => [
  w.wf_id, w.initial_ppl_id, w.reference || w.branch_name, w.commit_sha.slice(0, 12), TRIGGERS[w.triggered_by] ?? String(w.triggered_by), w.initial_ppl_state, w.initial_ppl_result, age(w.created_at.seconds),
];
const collect = (value: string, previous: string[]) => [...previous, value];

function orUsage<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new ExitError(parsed.problem, 2);
  return parsed.value;
}

/** `outpost workflows …`: run a project's pipeline file at a branch, tag or pull request; list, show and stop runs. */
export function registerWorkflowCommands(program: Command): void {
  const workflows = program.command('workflows').alias('workflow').description("run a project's pipeline at a branch, tag or pull request");

  withClientOptions(
    workflows
      .command('run')
      .description('run the project\'s pipeline file; with --follow, watch it and exit 0 if it passed, 1 if not')
      .requiredOption('--project <name>', 'the project (name or id)')
      .option('--branch <name>', 'run the head of this branch')
      .option('--tag <name>', 'run this tag')
      .option('--pull-request <number>', 'run this pull request')
      .option('--sha <commit>', 'run this commit (full SHA) instead of the head')
      .option('--pipeline-file <path>', "another pipeline file than the project's")
      .option('--param <NAME=VALUE>', 'a parameter, an environment variable of every job (repeatable)', collect, [])
      .option('--follow', 'show the blocks and jobs live until the pipeline is done'),
  ).action(async (opts) => {
    const { client } = clientFrom(opts);
    const reference = orUsage(referenceOf({ branch: opts.branch, tag: opts.tag, pullRequest: opts.pullRequest }));
    const parameters = orUsage(parametersOf(opts.param as string[]));
    const started = await client.runWorkflow({
      project_id: opts.project,
      reference,
      ...(opts.sha ? { commit_sha: opts.sha } : {}),
      ...(opts.pipelineFile ? { pipeline_file: opts.pipelineFile } : {}),
      ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    });
    if (!opts.follow) return void process.stdout.write(`${started.pipeline_id}\n`);
    process.stderr.write(`pipeline ${started.pipeline_id} (workflow ${started.workflow_id})\n`);
    await followToTheEnd(client, started.pipeline_id);
  });

  withClientOptions(
    workflows.command('list').description("list a project's workflows, newest first").requiredOption('--project <name>', 'the project (name or id)').option('--branch <name>', 'only this branch or tag'),
  ).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const query = new URLSearchParams({ project_id: opts.project });
    if (opts.branch) query.set('branch_name', opts.branch);
    const list = await client.listWorkflows(query.toString());
    if (format === 'table' && list.length === 0) return void process.stdout.write('No workflows found\n');
    printResult(format, list, COLUMNS, list.map(row));
  });

  withClientOptions(workflows.command('get <id>').description('show a workflow')).action(async (id: string, opts) => {
    const { client, format } = clientFrom(opts);
    printResult(format === 'table' ? 'yaml' : format, await client.getWorkflow(id), [], []);
  });

  withClientOptions(workflows.command('stop <id>').description("stop a workflow's pipelines")).action(async (id: string, opts) => {
    const { client } = clientFrom(opts);
    process.stdout.write(`${(await client.terminateWorkflow(id)).message}\n`);
  });
}
