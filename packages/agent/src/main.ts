import { Command, CommanderError } from 'commander';
import type { InstallFlags } from './commands/install.js';
import { AgentError } from './errors.js';

/**
 * `agent`: start | run | install | version. Usage errors exit 2, expected failures their own code, bugs 1. Each
 * command is loaded when it runs, so an idle `agent start` never holds the code of the others.
 */
const program = new Command('agent')
  .description('Outpost agent: runs CI jobs from an Outpost (or Semaphore-compatible) hub on this machine')
  .exitOverride()
  .option('--debug', 'print stack traces of internal errors');

let exitCode = 0;
// `agent run job.yaml | head` closes stdout early; that is the reader's choice, not an error of the agent.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(exitCode);
  throw error;
});

program
  .command('start')
  .description('register with the hub and run the jobs it sends (see agent start --help)')
  .allowUnknownOption()
  .allowExcessArguments()
  .helpOption(false)
  .action(async (_options: unknown, command: Command) => {
    const { startCommand } = await import('./commands/start.js');
    exitCode = await startCommand(command.args, process.env);
  });

program
  .command('run <job-file>')
  .description('run one job from a YAML job file here, with its log on the terminal')
  .option('--json', 'print the job log as NDJSON events')
  .action(async (file: string, options: { json?: boolean }) => {
    const { runCommand } = await import('./commands/run.js');
    exitCode = await runCommand(file, options, process.env);
  });

program
  .command('install')
  .description('write config.yaml and a systemd unit (a launchd plist on macOS) that runs agent start')
  .option('--endpoint <host>', 'hub host[:port][/prefix] (required unless --service-only)')
  .option('--token <token>', 'registration token of the agent type (required unless --service-only)')
  .option('--dir <dir>', 'install directory', '/opt/outpost/agent')
  .option('--user <user>', 'user the service runs as (default: the current user)')
  .option('--name <name>', 'agent name written to config.yaml')
  .option('--no-https', 'talk to the hub over http')
  .option('--restart <policy>', 'systemd Restart=', 'always')
  .option('--restart-sec <seconds>', 'systemd RestartSec=', '60')
  .option('--service-dir <dir>', 'where the unit (or plist) goes (default: /etc/systemd/system or /Library/LaunchDaemons)')
  .option('--platform <platform>', 'linux or darwin (default: this machine)')
  .option('--service-only', 'write only the unit (or plist); config.yaml and the agent are already in --dir')
  .option('--root <dir>', 'write every file under this directory; the paths inside the files stay as given')
  .action(async (flags: InstallFlags) => {
    const { installCommand } = await import('./commands/install.js');
    exitCode = await installCommand(flags);
  });

program
  .command('version')
  .description('print the version')
  .action(async () => {
    const { versionCommand } = await import('./commands/version.js');
    exitCode = versionCommand();
  });

/** No top-level await: the single executable runs this file as CommonJS. */
async function runCli(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof AgentError) {
      process.stderr.write(`agent: ${error.message}\n`);
      exitCode = error.exitCode;
    } else {
      process.stderr.write(`agent: this is a bug: ${(error as Error).message}\n`);
      if (process.argv.includes('--debug')) process.stderr.write(`${(error as Error).stack}\n`);
      exitCode = 1;
    }
  }
  // Exit explicitly (idle keep-alive sockets must not hold the process), once stdout has drained into a pipe.
  process.stdout.write('', () => process.exit(exitCode));
}

void runCli();
