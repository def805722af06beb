import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { AgentType } from '@outpost/protocol';
import { clientFrom, withClientOptions } from '../client-options.js';
import { age, printResult } from '../output.js';

const COLUMNS = ['NAME', 'ORIGIN', 'RELEASE AFTER', 'AGENTS', 'AGE'];
const row = (t: AgentType) => [
  t.metadata.name,
  t.spec.agent_name_settings.assignment_origin.replace('assignment_origin_', ''),
  `${t.spec.agent_name_settings.release_after}s`,
  String(t.status.total_agent_count),
  age(t.metadata.update_time),
];

/** `outpost agent-types …`: the sem-style verbs for agent types, plus reset-token and disable-all. */
export function registerAgentTypeCommands(program: Command): void {
  const types = program.command('agent-types').alias('agent-type').description('manage self-hosted agent types');
  registerListAgentTypes(types);
  registerGetAgentType(types);
  registerCreateAgentType(types);
  registerApplyAgentType(types);
  registerDeleteAgentType(types);
  registerResetToken(types);
  registerDisableAll(types);
}

function registerListAgentTypes(types: Command): void {
  withClientOptions(types.command('list').description('list agent types')).action(async (opts) => {
    const { client, format } = clientFrom(opts);
    const list = await client.listAgentTypes();
    printResult(format, list, COLUMNS, list.agent_types.map(row));
  });
}

function registerGetAgentType(types: Command): void {
  withClientOptions(types.command('get <name>').description('show one agent type')).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    const type = await client.getAgentType(name);
    printResult(format === 'table' ? 'yaml' : format, type, [], []);
  });
}

function registerCreateAgentType(types: Command): void {
  withClientOptions(
    types
      .command('create [name]')
      .description('create an agent type; prints its registration token once')
      .option('-f, --file <file>', 'YAML or JSON file with the SelfHostedAgentType')
      .option('--name-assignment-origin <origin>', 'assignment_origin_agent or assignment_origin_aws_sts', 'assignment_origin_agent')
      .option('--release-name-after <seconds>', 'hold a disconnected agent name this long (0 or ≥ 60)', '0')
      .option('--aws-account-id <id>', 'AWS account allowed to register (STS naming)')
      .option('--aws-roles <patterns>', 'comma-separated IAM role name patterns, * allowed (STS naming)'),
  ).action(async (name: string | undefined, opts) => {
    const { client, format } = clientFrom(opts);
    const body = opts.file ? parse(readFileSync(opts.file, 'utf8')) : {
      metadata: { name },
      spec: {
        agent_name_settings: {
          assignment_origin: opts.nameAssignmentOrigin,
          release_after: Number(opts.releaseNameAfter),
          ...(opts.awsAccountId || opts.awsRoles ? { aws: { account_id: opts.awsAccountId ?? '', role_name_patterns: opts.awsRoles ?? '' } } : {}),
        },
      },
    };
    const created = await client.createAgentType(body);
    printResult(format === 'table' ? 'yaml' : format, created, [], []);
  });
}

function registerApplyAgentType(types: Command): void {
  withClientOptions(types.command('apply').description('update an agent type from a file (PATCH)').requiredOption('-f, --file <file>', 'YAML or JSON file')).action(
    async (opts) => {
      const { client, format } = clientFrom(opts);
      const body = parse(readFileSync(opts.file, 'utf8')) as { metadata?: { name?: string } };
      const updated = await client.updateAgentType(body.metadata?.name ?? '', body);
      printResult(format === 'table' ? 'yaml' : format, updated, [], []);
    },
  );
}

function registerDeleteAgentType(types: Command): void {
  withClientOptions(types.command('delete <name>').description('delete an agent type (refused while agents are connected)')).action(
    async (name: string, opts) => {
      const { client } = clientFrom(opts);
      await client.deleteAgentType(name);
      process.stdout.write(`Self-hosted agent type '${name}' deleted.\n`);
    },
  );
}

function registerResetToken(types: Command): void {
  withClientOptions(
    types.command('reset-token <name>').description('issue a new registration token; prints it once').option('--disconnect-agents', 'also disable every agent of the type'),
  ).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    const type = await client.resetToken(name, Boolean(opts.disconnectAgents));
    if (format === 'table') process.stdout.write(`${type.status.registration_token ?? ''}\n`);
    else printResult(format, type, [], []);
  });
}

function registerDisableAll(types: Command): void {
  withClientOptions(
    types.command('disable-all <name>').description('disable the idle agents of a type (--all: busy ones too, stopping their jobs)').option('--all', 'include agents running a job'),
  ).action(async (name: string, opts) => {
    const { client } = clientFrom(opts);
    await client.disableAll(name, !opts.all);
    process.stdout.write(`Disabled ${opts.all ? 'all' : 'the idle'} agents of '${name}'.\n`);
  });
}
