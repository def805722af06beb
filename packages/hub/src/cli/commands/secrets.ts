import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Secret, SecretInput } from '@outpost/protocol';
import { ApiError, type ApiClient } from '../api-client.js';
import { clientFrom, withClientOptions } from '../client-options.js';
import { ExitError } from '../exit-error.js';
import { age, printResult } from '../output.js';
import { parseEnvArg, parseFileArg, updateBody, type Parsed } from '../secret-args-policy.js';

const COLUMNS = ['NAME', 'ENV VARS', 'FILES', 'AGE'];
const row = (s: Secret) => [s.metadata.name, s.data.env_vars.map((v) => v.name).join(',') || '-', s.data.files.map((f) => f.path).join(',') || '-', age(Number(s.metadata.update_time))];
/** The document `sem get secret` prints; `outpost secrets apply -f` reads it back. */
const asDocument = (s: Secret) => ({ apiVersion: 'v1beta', kind: 'Secret', ...s });
const collect = (value: string, previous: string[]) => [...previous, value];

function orUsage<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new ExitError(parsed.problem, 2);
  return parsed.value;
}

function readFiles(args: string[]): Array<{ path: string; content: string }> {
  return args.map((arg) => {
    const { local, remote } = orUsage(parseFileArg(arg));
    try {
      return { path: remote, content: readFileSync(local).toString('base64') };
    } catch (cause) {
      throw new ExitError(`-f ${arg}: cannot read ${local}: ${(cause as Error).message}`, 1);
    }
  });
}

const envVars = (args: string[]) => args.map((arg) => orUsage(parseEnvArg(arg, process.env)));

/** `outpost secrets …`: sem's secret verbs. Values go in and never come back out: get and list show names only. */
export function registerSecretCommands(program: Command): void {
  const secrets = program.command('secrets').alias('secret').description('manage organization secrets (environment variables and files for jobs)');

  withClientOptions(secrets.command('list').description('list secrets: names, variable names and file paths')).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const all = await listAll(client);
    printResult(format, { secrets: all }, COLUMNS, all.map(row));
  });

  withClientOptions(secrets.command('get <name>').description('show a secret (names and paths; values are never shown)')).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    printResult(format === 'table' ? 'yaml' : format, asDocument(await client.getSecret(name)), [], []);
  });

  withClientOptions(secrets.command('delete <name>').description('delete a secret; pipelines that name it fail until it exists again')).action(async (name: string, opts) => {
    const { client } = clientFrom(opts);
    await client.deleteSecret(name);
    process.stdout.write(`Secret '${name}' deleted.\n`);
  });
  registerSecretWriteCommands(secrets);
}

/** create, update and apply: the verbs that send values. */
function registerSecretWriteCommands(secrets: Command): void {
  withClientOptions(
    secrets
      .command('create <name>')
      .description('create a secret; -e NAME takes the value from your environment (kept out of the process list)')
      .option('-e, --env <NAME=VALUE>', 'an environment variable (repeatable)', collect, [])
      .option('-f, --file <LOCAL:REMOTE>', 'a local file, injected into jobs at REMOTE (repeatable)', collect, [])
      .option('--description <text>', 'a note for people'),
  ).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    const body: SecretInput = { metadata: { name, ...(opts.description ? { description: opts.description } : {}) }, data: { env_vars: envVars(opts.env), files: readFiles(opts.file) } };
    const created = await client.createSecret(body);
    if (format === 'table') process.stdout.write(`Secret '${created.metadata.name}' created (${created.data.env_vars.length} env vars, ${created.data.files.length} files).\n`);
    else printResult(format, asDocument(created), [], []);
  });

  withClientOptions(
    secrets
      .command('update <name>')
      .description('change a secret: set or remove variables and files; the others keep their values')
      .option('-e, --env <NAME=VALUE>', 'set an environment variable (repeatable)', collect, [])
      .option('-f, --file <LOCAL:REMOTE>', 'set a file (repeatable)', collect, [])
      .option('--remove-env <NAME>', 'remove an environment variable (repeatable)', collect, [])
      .option('--remove-file <REMOTE>', 'remove a file (repeatable)', collect, [])
      .option('--rename <new-name>', 'give the secret a new name')
      .option('--description <text>', 'replace the note'),
  ).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    const current = await client.getSecret(name);
    const body = updateBody(current, { rename: opts.rename, description: opts.description, setEnv: envVars(opts.env), setFiles: readFiles(opts.file), removeEnv: opts.removeEnv, removeFiles: opts.removeFile });
    const updated = await client.updateSecret(current.metadata.id, body);
    if (format === 'table') process.stdout.write(`Secret '${updated.metadata.name}' updated.\n`);
    else printResult(format, asDocument(updated), [], []);
  });

  withClientOptions(
    secrets.command('apply').description('create or update a secret from a YAML or JSON file (sem\'s Secret document; blank values keep stored ones)').requiredOption('-f, --file <file>', 'the file'),
  ).action(async (opts) => {
    const { client } = clientFrom(opts);
    const doc = parse(readFileSync(opts.file, 'utf8')) as SecretInput;
    const name = doc.metadata?.name ?? '';
    const existing = await client.getSecret(name).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    });
    const saved = existing ? await client.updateSecret(existing.metadata.id, doc) : await client.createSecret(doc);
    process.stdout.write(`Secret '${saved.metadata.name}' ${existing ? 'updated' : 'created'}.\n`);
  });
}

async function listAll(client: ApiClient): Promise<Secret[]> {
  const all: Secret[] = [];
  let token = '';
  do {
    const page = await client.listSecrets(token);
    all.push(...page.secrets);
    token = page.next_page_token;
  } while (token);
  return all;
}
