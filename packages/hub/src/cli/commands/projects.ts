import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Project, ProjectInput } from '@outpost/protocol';
import type { ApiClient } from '../api-client.js';
import { clientFrom, withClientOptions } from '../client-options.js';
import { ExitError } from '../exit-error.js';
import { age, printResult } from '../output.js';
import { projectDocument, type Parsed, type ProjectFlags } from '../project-args-policy.js';

const COLUMNS = ['NAME', 'REPOSITORY', 'RUN ON', 'CREDENTIALS', 'AGE'];
const row = (p: Project) => [p.metadata.name, p.spec.repository.url, p.spec.repository.run_on.join(',') || '-', p.status.credentials, age(p.metadata.create_time)];

function orUsage<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new ExitError(parsed.problem, 2);
  return parsed.value;
}

function withProjectFlags(command: Command): Command {
  return command
    .option('--url <url>', 'the repository: https://…, git@host:org/repo.git, ssh://… or file:///path on the hub')
    .option('--description <text>', 'a note for people')
    .option('--pipeline-file <path>', 'the pipeline file a push runs (default .semaphore/semaphore.yml)')
    .option('--run-on <events>', 'what runs it: branches, tags, pull_requests, draft_pull_requests (comma-separated)')
    .option('--branches <names>', 'branch whitelist: names or /regular expressions/, comma-separated (empty: all)')
    .option('--tags <names>', 'tag whitelist, like --branches')
    .option('--deploy-key-file <path>', 'an SSH private key (deploy key) for ssh URLs; stored encrypted, never shown again')
    .option('--token-env <VAR>', 'take an HTTPS token from this environment variable; stored encrypted, never shown again')
    .option('--token-user <name>', 'the user name sent with the token (default x-access-token; any for GitLab and Gitea)');
}

function flagsOf(opts: Record<string, unknown>): ProjectFlags {
  const keyFile = opts.deployKeyFile as string | undefined;
  let deployKey: string | undefined;
  if (keyFile !== undefined) {
    try {
      deployKey = readFileSync(keyFile, 'utf8');
    } catch (cause) {
      throw new ExitError(`--deploy-key-file ${keyFile}: cannot read it: ${(cause as Error).message}`, 2);
    }
  }
  return {
    url: opts.url as string | undefined, description: opts.description as string | undefined, pipelineFile: opts.pipelineFile as string | undefined,
    runOn: opts.runOn as string | undefined, branches: opts.branches as string | undefined, tags: opts.tags as string | undefined, deployKey,
    tokenEnv: opts.tokenEnv as string | undefined, tokenUser: opts.tokenUser as string | undefined, credentials: opts.credentials as boolean | undefined,
  };
}

/** `outpost projects …`: sem's project verbs, plus the webhook secret (shown at create and reset only). */
export function registerProjectCommands(program: Command): void {
  const projects = program.command('projects').alias('project').description('manage projects: a git repository and the pipeline a push runs');

  withClientOptions(projects.command('list').description('list projects')).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const all = await listAll(client);
    if (format === 'table' && all.length === 0) return void process.stdout.write('No projects found\n');
    printResult(format, all, COLUMNS, all.map(row));
  });

  withClientOptions(projects.command('get <name>').description('show a project (YAML; credentials are never shown)')).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    printResult(format === 'table' ? 'yaml' : format, await client.getProject(name), [], []);
  });

  withClientOptions(withProjectFlags(projects.command('create [name]').description('create a project; prints its webhook URL and secret once').option('-f, --file <file>', "a project document (sem's project YAML) instead of flags"))).action(
    async (name: string | undefined, opts) => {
      const { client, format } = clientFrom(opts);
      const body = opts.file ? readDocument(opts.file as string) : orUsage(projectDocument(name ?? usage('a project name is needed'), flagsOf(opts), process.env));
      const created = await client.createProject(body);
      if (format !== 'table') return printResult(format, created, [], []);
      process.stdout.write(`Project '${created.metadata.name}' created (${created.spec.repository.url}).\n`);
      printWebhook(created);
    },
  );

  withClientOptions(withProjectFlags(projects.command('update <name>').description('change a project; what you do not name stays').option('--rename <new-name>', 'give the project a new name').option('--no-credentials', 'remove the stored deploy key or token'))).action(
    async (name: string, opts) => {
      const { client, format } = clientFrom(opts);
      const current = await client.getProject(name);
      const body = orUsage(projectDocument((opts.rename as string | undefined) ?? current.metadata.name, flagsOf(opts), process.env, current));
      const updated = await client.updateProject(current.metadata.id, body);
      if (format === 'table') process.stdout.write(`Project '${updated.metadata.name}' updated.\n`);
      else printResult(format, updated, [], []);
    },
  );

  withClientOptions(projects.command('reset-webhook-secret <name>').description('make a new webhook secret (the old one stops working); prints it once')).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    const reset = await client.resetWebhookSecret(name);
    if (format !== 'table') return printResult(format, reset, [], []);
    printWebhook(reset);
  });

  withClientOptions(projects.command('delete <name>').description('delete a project (its workflows stay)')).action(async (name: string, opts) => {
    const { client } = clientFrom(opts);
    await client.deleteProject(name);
    process.stdout.write(`Project '${name}' deleted.\n`);
  });
}

function printWebhook(project: Project): void {
  process.stdout.write(`Webhook URL:    ${project.status.webhook_url}\n`);
  process.stdout.write(`Webhook secret: ${project.status.webhook_secret ?? ''}\n`);
  process.stdout.write('Add both to the repository\'s webhook settings (push and pull request events); the secret is not shown again.\n');
}

function readDocument(file: string): ProjectInput {
  try {
    return parse(readFileSync(file, 'utf8')) as ProjectInput;
  } catch (cause) {
    throw new ExitError(`-f ${file}: cannot read it as YAML or JSON: ${(cause as Error).message}`, 2);
  }
}

function usage(problem: string): never {
  throw new ExitError(problem, 2);
}

async function listAll(client: ApiClient): Promise<Project[]> {
  const all: Project[] = [];
  for (let page = 1; ; page++) {
    const batch = await client.listProjects(page);
    all.push(...batch);
    if (batch.length < 100) return all;
  }
}
