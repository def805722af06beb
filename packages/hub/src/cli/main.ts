import { Command, CommanderError } from 'commander';
import { registerHubStart } from './commands/hub-start.js';

/** `outpost`: the hub and its administration. Usage errors exit 2, expected failures their own code, bugs 1. */
export class ExitError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

const program = new Command('outpost').description('Outpost: a control plane for self-hosted CI agents').exitOverride();
registerHubStart(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  if (error instanceof ExitError) {
    process.stderr.write(`outpost: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`outpost: this is a bug: ${(error as Error).message}\n`);
  if (process.argv.includes('--debug')) process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
}
