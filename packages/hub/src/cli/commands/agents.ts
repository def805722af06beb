import type { Command } from 'commander';
import type { Agent } from '@outpost/protocol';
import { clientFrom, withClientOptions } from '../client-options.js';
import { age, printResult } from '../output.js';

const COLUMNS = ['NAME', 'TYPE', 'STATE', 'VERSION', 'AGE'];
const row = (a: Agent) => [a.metadata.name, a.metadata.type, a.status.state, a.metadata.version, age(a.metadata.connected_at)];

export function registerAgentCommands(program: Command): void {
  const agents = program.command('agents').alias('agent').description('see and disable connected agents');

  withClientOptions(agents.command('list').description('list connected agents').option('-t, --agent-type <type>', 'only this agent type')).action(
    async (opts) => {
      const { client, format } = clientFrom(opts);
      const all: Agent[] = [];
      let cursor = '';
      do {
        const page = await client.listAgents(opts.agentType, cursor);
        all.push(...page.agents);
        cursor = page.cursor;
      } while (cursor);
      if (format === 'table' && all.length === 0) return void process.stdout.write('No agents found\n');
      printResult(format, { agents: all }, COLUMNS, all.map(row));
    },
  );

  withClientOptions(agents.command('get <name>').description('show one agent')).action(async (name: string, opts) => {
    const { client, format } = clientFrom(opts);
    printResult(format === 'table' ? 'yaml' : format, await client.getAgent(name), [], []);
  });

  withClientOptions(agents.command('disable <name>').description('disable one agent: it stops its job, if any, and shuts down')).action(
    async (name: string, opts) => {
      const { client } = clientFrom(opts);
      await client.disableAgent(name);
      process.stdout.write(`Agent '${name}' disabled.\n`);
    },
  );
}
