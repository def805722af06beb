import type { Command } from 'commander';
import { resolveHubConfig, type HubFlags } from '../../config.js';
import { startHub } from '../../main.js';
import { SecretsKeyError } from '../../secrets/secrets-key.js';
import { ExitError } from '../exit-error.js';

export function registerHubStart(program: Command): void {
  program
    .command('hub')
    .description('run the hub (SQLite in --data-dir by default; PostgreSQL when DATABASE_URL is set)')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .option('--data-dir <dir>', 'where the embedded SQLite database lives', './outpost-data')
    .option('--tls-cert <file>', 'PEM certificate; serve HTTPS with --tls-key')
    .option('--tls-key <file>', 'PEM private key')
    .option('--public-url <url>', 'the URL agents reach this hub at (default: taken from each request)')
    .option('--trust-proxy', 'trust X-Forwarded-For/-Proto from a proxy in front of the hub (env OUTPOST_TRUST_PROXY=1)')
    .option('--log-level <level>', 'pino log level', 'info')
    .action(async (flags: HubFlags) => {
      const config = resolveHubConfig(flags, process.env);
      const hub = await startHub(config).catch((error: unknown) => {
        // A key that cannot be used is a setup mistake with a fix, not a bug: say what to do and exit 1.
        if (error instanceof SecretsKeyError) throw new ExitError(error.message, 1);
        throw error;
      });
      const stop = async (signal: string) => {
        hub.services.log.info({ signal }, 'hub stopping');
        await hub.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
