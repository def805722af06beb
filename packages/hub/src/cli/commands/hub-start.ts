import type { Command } from 'commander';
import { resolveHubConfig, type HubConfig, type HubFlags } from '../../config.js';
import { startHub } from '../../main.js';
import { SecretsKeyError } from '../../secrets/secrets-key.js';
import { ExitError } from '../exit-error.js';

export function registerHubStart(program: Command): void {
  // No commander defaults: a flag that is not given must leave room for its environment variable (config.ts
  // applies flag > environment > default), so the defaults are only named in the help.
  program
    .command('hub')
    .description('run the hub (SQLite in --data-dir by default; PostgreSQL when DATABASE_URL is set)')
    .option('--port <port>', 'port to listen on (env OUTPOST_PORT; default 8080)')
    .option('--host <host>', 'address to listen on (env OUTPOST_HOST; default 0.0.0.0)')
    .option('--data-dir <dir>', 'where the embedded SQLite database lives (env OUTPOST_DATA_DIR; default ./outpost-data)')
    .option('--tls-cert <file>', 'PEM certificate; serve HTTPS with --tls-key (env OUTPOST_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key (env OUTPOST_TLS_KEY)')
    .option('--public-url <url>', 'the URL agents reach this hub at (env OUTPOST_PUBLIC_URL; default: taken from each request)')
    .option('--trust-proxy [hops-or-addresses]', 'behind proxies: believe that many X-Forwarded-For hops (alone: 1), or only the entries added by these comma-separated proxy addresses/CIDRs (env OUTPOST_TRUST_PROXY)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (env OUTPOST_LOG_LEVEL; default info)')
    .option('--log-format <format>', 'json or pretty (env OUTPOST_LOG_FORMAT; default pretty on a terminal, json otherwise)')
    .action(async (flags: HubFlags) => {
      const hub = await startHub(configOrUsageError(flags)).catch((error: unknown) => {
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

/** A flag or variable the hub cannot use is the caller's to fix: a usage error (exit 2), not a bug. */
function configOrUsageError(flags: HubFlags): HubConfig {
  try {
    return resolveHubConfig(flags, process.env);
  } catch (error) {
    throw new ExitError((error as Error).message, 2);
  }
}
