import { Command, CommanderError } from 'commander';
import { ApiError } from './api-client.js';
import { ExitError } from './exit-error.js';
import { registerHubStart } from './commands/hub-start.js';
import { registerAgentTypeCommands } from './commands/agent-types.js';
import { registerAgentCommands } from './commands/agents.js';
import { registerJobCommands } from './commands/jobs.js';
import { registerPipelineCommands, registerValidateCommand } from './commands/pipelines.js';
import { registerSecretCommands } from './commands/secrets.js';
import { registerProjectCommands } from './commands/projects.js';
import { registerWorkflowCommands } from './commands/workflows.js';
import { registerAuditCommand, registerMemberCommands, registerOrganizationCommands, registerTokenCommands } from './commands/teams.js';

const DEBUG_HELP = 'on an internal error, also print where it happened (the stack)';

/** `outpost`: the hub and its administration. Usage errors exit 2, expected failures their own code, bugs 1. */
const program = new Command('outpost').description('Outpost: a control plane for self-hosted CI agents').option('--debug', DEBUG_HELP);
registerHubStart(program);
registerAgentTypeCommands(program);
registerAgentCommands(program);
registerJobCommands(program);
registerPipelineCommands(program);
registerValidateCommand(program);
registerSecretCommands(program);
registerProjectCommands(program);
registerWorkflowCommands(program);
registerMemberCommands(program);
registerOrganizationCommands(program);
registerTokenCommands(program);
registerAuditCommand(program);
const commands = allCommands(program);
for (const command of commands) command.exitOverride();
// --debug may come before or after the command words (`outpost --debug agents list`, `outpost agents list --debug`).
for (const command of commands.slice(1)) command.option('--debug', DEBUG_HELP);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  if (error instanceof ExitError) {
    process.stderr.write(`outpost: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  if (error instanceof ApiError) {
    process.stderr.write(`outpost: ${error.message}\n`);
    process.exit(1);
  }
  const debug = commands.some((command) => command.opts<{ debug?: boolean }>().debug === true);
  process.stderr.write(`outpost: this is a bug: ${(error as Error).message}\n`);
  process.stderr.write(debug ? `${(error as Error).stack}\n` : 'outpost: run the command again with --debug to see where it happened\n');
  process.exit(1);
}

function allCommands(root: Command): Command[] {
  return [root, ...root.commands.flatMap((command) => allCommands(command))];
}
