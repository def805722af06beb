import { Command, CommanderError } from 'commander';
import { ApiError } from './api-client.js';
import { ExitError } from './exit-error.js';
import { registerHubStart } from './commands/hub-start.js';
import { registerAgentTypeCommands } from './commands/agent-types.js';
import { registerAgentCommands } from './commands/agents.js';
import { registerJobCommands } from './commands/jobs.js';
import { registerSecretCommands } from './commands/secrets.js';
import { registerPipelineCommands, registerValidateCommand } from './commands/pipelines.js';
import { registerProjectCommands } from './commands/projects.js';
import { registerWorkflowCommands } from './commands/workflows.js';

/** `outpost`: the hub and its administration. Usage errors exit 2, expected failures their own code, bugs 1. */
const program = new Command('outpost').description('Outpost: a control plane for self-hosted CI agents').exitOverride();
registerHubStart(program);
registerAgentTypeCommands(program);
registerAgentCommands(program);
registerJobCommands(program);
registerSecretCommands(program);
registerPipelineCommands(program);
registerValidateCommand(program);
registerProjectCommands(program);
registerWorkflowCommands(program);
for (const command of program.commands) command.exitOverride();
for (const command of program.commands.flatMap((c) => c.commands)) command.exitOverride();

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
  process.stderr.write(`outpost: this is a bug: ${(error as Error).message}\n`);
  if (process.argv.includes('--debug')) process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
}
