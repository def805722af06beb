import { readFile } from 'node:fs/promises';
import { AgentError } from '../errors.js';
import { mergeSources, parseFlags, validateConfig, type AgentConfig } from './config-policy.js';
import { resolveTimings, type AgentTimings } from './timings.js';

export interface LoadedConfig {
  config: AgentConfig;
  timings: AgentTimings;
}

/** Reads `--config-file` (flag only, as in the official agent), then applies the precedence policy. */
export async function loadConfig(argv: readonly string[], env: Record<string, string | undefined>): Promise<LoadedConfig> {
  const parsed = parseFlags(argv);
  if (!parsed.ok) throw new AgentError('usage', { detail: parsed.problems.join('\n') });
  if (parsed.value.positionals.length > 0) {
    throw new AgentError('usage', { detail: `agent start takes no arguments; got '${parsed.value.positionals.join(' ')}'` });
  }
  const path = parsed.value.flags['config-file'];
  const file = typeof path === 'string' && path !== '' ? await readConfigFile(path) : undefined;
  const merged = mergeSources({ flags: parsed.value.flags, env, file });
  if (!merged.ok) throw new AgentError('config-invalid', { detail: bullet(merged.problems) });
  const validated = validateConfig(merged.value);
  const { timings, problems } = resolveTimings(env);
  if (!validated.ok || problems.length > 0) {
    throw new AgentError('config-invalid', { detail: bullet([...(validated.ok ? [] : validated.problems), ...problems]) });
  }
  return { config: validated.value, timings };
}

async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AgentError('config-file-unreadable', { path, detail: (error as Error).message }, { cause: error });
  }
  try {
    // Loaded only for a config file: an agent configured by flags or environment never holds the YAML parser.
    const { parse } = await import('yaml');
    return parse(text) as unknown;
  } catch (error) {
    throw new AgentError('config-file-unreadable', { path, detail: `not valid YAML: ${(error as Error).message}` }, { cause: error });
  }
}

function bullet(problems: readonly string[]): string {
  return problems.map((p) => `  - ${p}`).join('\n');
}
