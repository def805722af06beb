import type { Command } from 'commander';
import { createApiClient, type ApiClient } from './api-client.js';
import type { OutputFormat } from './output.js';
import { ExitError } from './exit-error.js';

/** Adds --url/--token/--output to an API command; values also come from OUTPOST_URL / OUTPOST_TOKEN. */
export function withClientOptions(command: Command): Command {
  return command
    .option('--url <url>', 'hub URL (env OUTPOST_URL)', process.env.OUTPOST_URL ?? 'http://127.0.0.1:8080')
    .option('--token <token>', 'API token (env OUTPOST_TOKEN)')
    .option('-o, --output <format>', 'table, json or yaml', 'table');
}

export interface ClientContext {
  client: ApiClient;
  format: OutputFormat;
}

export function clientFrom(opts: { url: string; token?: string; output: string }): ClientContext {
  const token = opts.token ?? process.env.OUTPOST_TOKEN;
  if (!token) throw new ExitError('an API token is needed: pass --token or set OUTPOST_TOKEN (the hub printed one on its first start)', 2);
  if (!['table', 'json', 'yaml'].includes(opts.output)) throw new ExitError(`--output must be table, json or yaml; got '${opts.output}'`, 2);
  return { client: createApiClient({ baseUrl: opts.url, token }), format: opts.output as OutputFormat };
}
