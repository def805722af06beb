import type { Command } from 'commander';
import type { Job } from '@outpost/protocol';
import type { ApiClient } from '../api-client.js';
import { clientFrom, withClientOptions } from '../client-options.js';
import { ExitError } from '../exit-error.js';
import { age, printResult } from '../output.js';

const COLUMNS = ['ID', 'NAME', 'TYPE', 'STATE', 'RESULT', 'AGENT', 'AGE'];
const row = (j: Job) => [
  j.metadata.id,
  j.metadata.name,
  j.spec.agent.machine.type,
  j.status.state,
  j.status.result ?? '',
  j.status.agent?.name ?? '',
  age(j.metadata.create_time),
];

/** Prints a log event the way a terminal user wants it: directives as headers, output verbatim. */
export function renderEvent(event: Record<string, unknown>): string {
  switch (event.event) {
    case 'cmd_started':
      return `\x1b[1m$ ${String(event.directive)}\x1b[0m\n`;
    case 'cmd_output':
      return String(event.output);
    case 'cmd_finished':
      return event.exit_code === 0 ? '' : `\x1b[31mexit code ${String(event.exit_code)}\x1b[0m\n`;
    case 'job_finished':
      return `\nJob ${String(event.result)}\n`;
    default:
      return '';
  }
}

// The log's last event can arrive before the agent's finished-job sync records the result (≤ one sync interval).
const RESULT_WAIT_MS = 30_000;
const RESULT_POLL_MS = 200;

async function waitUntilFinished(client: ApiClient, id: string): Promise<Job> {
  const deadline = Date.now() + RESULT_WAIT_MS;
  for (;;) {
    const job = await client.getJob(id);
    if (job.status.state === 'FINISHED' || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, RESULT_POLL_MS));
  }
}

export function registerJobCommands(program: Command): void {
  const jobs = program.command('jobs').alias('job').description('run, follow and stop jobs');
  registerRunJob(jobs);
  registerListJobs(jobs);
  registerGetJob(jobs);
  registerStopJob(jobs);
  registerJobLogs(jobs);
}

function registerRunJob(jobs: Command): void {
  withClientOptions(
    jobs
      .command('run <agent-type> <commands...>')
      .description('queue a job with these commands and follow its log; exits 0 if it passed, 1 otherwise')
      .option('--name <name>', 'job name', 'outpost jobs run')
      .option('--priority <n>', 'priority 0–100', '50')
      .option('--no-follow', 'print the job id and return at once'),
  ).action(async (agentType: string, commands: string[], opts) => {
    const { client } = clientFrom(opts);
    const job = await client.createJob({
      metadata: { name: opts.name },
      spec: { agent: { machine: { type: agentType } }, commands, priority: Number(opts.priority) },
    });
    if (!opts.follow) return void process.stdout.write(`${job.metadata.id}\n`);
    process.stderr.write(`job ${job.metadata.id} queued for ${agentType}\n`);
    for await (const event of client.followLog(job.metadata.id)) process.stdout.write(renderEvent(event));
    const done = await waitUntilFinished(client, job.metadata.id);
    if (done.status.result !== 'PASSED') {
      throw new ExitError(`job ${job.metadata.id} ${done.status.result ?? done.status.state}${done.status.failure_reason ? `: ${done.status.failure_reason}` : ''}`, 1);
    }
  });
}

function registerListJobs(jobs: Command): void {
  withClientOptions(jobs.command('list').description('list jobs').option('--state <state>', 'QUEUED, RUNNING or FINISHED').option('-t, --agent-type <type>')).action(
    async (opts) => {
      const { client, format } = clientFrom(opts);
      const params = new URLSearchParams();
      if (opts.state) params.set('state', opts.state);
      if (opts.agentType) params.set('agent_type', opts.agentType);
      const list = await client.listJobs(params.size ? `?${params}` : '');
      printResult(format, list, COLUMNS, list.jobs.map(row));
    },
  );
}

function registerGetJob(jobs: Command): void {
  withClientOptions(jobs.command('get <id>').description('show one job')).action(async (id: string, opts) => {
    const { client, format } = clientFrom(opts);
    printResult(format === 'table' ? 'yaml' : format, await client.getJob(id), [], []);
  });
}

function registerStopJob(jobs: Command): void {
  withClientOptions(jobs.command('stop <id>').description('stop a queued or running job')).action(async (id: string, opts) => {
    const { client } = clientFrom(opts);
    await client.stopJob(id);
    process.stdout.write(`Stop requested for job ${id}.\n`);
  });
}

function registerJobLogs(jobs: Command): void {
  withClientOptions(jobs.command('logs <id>').description("print a job's log").option('-f, --follow', 'keep printing until the job finishes')).action(
    async (id: string, opts) => {
      const { client } = clientFrom(opts);
      if (opts.follow) {
        for await (const event of client.followLog(id)) process.stdout.write(renderEvent(event));
        return;
      }
      const log = await client.getLog(id);
      for (const event of log.events) process.stdout.write(renderEvent(event as Record<string, unknown>));
    },
  );
}
