import { START_OPTIONS, envNameOf, type OptionSpec, type OptionValue } from './options.js';

/**
 * Turns flags, environment and config file into one validated AgentConfig (pure). Precedence is the official
 * agent's (viper with bound flags, spec §6.2): flag > environment > file > default. An unknown YAML key is an error.
 */

export interface HostEnvVar {
  name: string;
  value: string;
}

export interface AgentConfig {
  endpoint: string;
  token: string;
  noHttps: boolean;
  name: string;
  nameFromEnv: string;
  shutdownHookPath: string;
  preJobHookPath: string;
  postJobHookPath: string;
  disconnectAfterJob: boolean;
  jobId: string;
  idleTimeoutSeconds: number;
  interruptionGracePeriodSeconds: number;
  envVars: HostEnvVar[];
  files: string[];
  failOnMissingFiles: boolean;
  uploadJobLogs: 'never' | 'always' | 'when-trimmed';
  failOnPreJobHookError: boolean;
  sourcePreJobHook: boolean;
  /** Every key of the options table by name, for extensions that add a row. */
  options: Readonly<Record<string, OptionValue>>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export interface ParsedFlags {
  flags: Record<string, OptionValue>;
  positionals: string[];
}

/** Parses `--key value`, `--key=value` and bare boolean flags against the table; list flags are comma lists. */
export function parseFlags(argv: readonly string[], table: readonly OptionSpec[] = START_OPTIONS): Result<ParsedFlags> {
  const flags: Record<string, OptionValue> = {};
  const positionals: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [rawKey = '', inline] = splitOnce(arg.replace(/^--?/, ''), '=');
    const option = table.find((o) => o.key === rawKey);
    if (!option) {
      problems.push(`unknown flag --${rawKey}`);
      continue;
    }
    let raw: string | undefined = inline;
    if (raw === undefined && option.type !== 'boolean') {
      raw = argv[i + 1];
      if (raw === undefined) {
        problems.push(`flag --${option.key} needs a value`);
        continue;
      }
      i++;
    }
    const value = coerce(option, raw ?? 'true', 'flag');
    if (typeof value === 'object' && 'problem' in value) problems.push(value.problem);
    else if (option.type === 'list') flags[option.key] = [...((flags[option.key] as string[] | undefined) ?? []), ...(value as string[])];
    else flags[option.key] = value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { flags, positionals } };
}

type Coerced = OptionValue | { problem: string };

/** One raw value to the option's type. Env lists split on whitespace (viper/cast), flag lists on commas (pflag). */
export function coerce(option: OptionSpec, raw: unknown, source: 'flag' | 'env' | 'file'): Coerced {
  const where = source === 'flag' ? `flag --${option.key}` : source === 'env' ? envNameOf(option) : `config key '${option.key}'`;
  switch (option.type) {
    case 'string':
      if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      if (raw === null) return '';
      return { problem: `${where} must be a string` };
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const parsed = typeof raw === 'string' ? parseGoBool(raw) : undefined;
      return parsed ?? { problem: `${where} must be true or false; got '${String(raw)}'` };
    }
    case 'integer': {
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      if (!/^-?\d+$/.test(text)) return { problem: `${where} must be a whole number; got '${String(raw)}'` };
      return Number(text);
    }
    case 'list':
      if (raw === null) return [];
      if (Array.isArray(raw)) {
        if (raw.every((item) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')) return raw.map(String);
        return { problem: `${where} must be a list of strings` };
      }
      if (typeof raw !== 'string') return { problem: `${where} must be a list` };
      return source === 'flag' ? raw.split(',').filter((s) => s !== '') : raw.split(/\s+/).filter((s) => s !== '');
  }
}

/** Go's strconv.ParseBool. */
function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** Merges the three sources by precedence; `file` is the parsed YAML document (undefined without a file). */
export function mergeSources(
  input: { flags: Record<string, OptionValue>; env: Record<string, string | undefined>; file: unknown },
  table: readonly OptionSpec[] = START_OPTIONS,
): Result<Record<string, OptionValue>> {
  const problems: string[] = [];
  const fileValues = fileMapping(input.file, table, problems);
  const merged: Record<string, OptionValue> = {};
  for (const option of table) {
    const envName = envNameOf(option);
    const envRaw = envName === undefined ? undefined : input.env[envName];
    let value: Coerced = option.default;
    if (option.key in input.flags) value = input.flags[option.key] as OptionValue;
    // viper ignores an empty variable unless AllowEmptyEnv is set, which the official agent does not set.
    else if (envRaw !== undefined && envRaw !== '') value = coerce(option, envRaw, 'env');
    else if (option.key in fileValues) value = coerce(option, fileValues[option.key], 'file');
    if (typeof value === 'object' && !Array.isArray(value)) problems.push(value.problem);
    else merged[option.key] = value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: merged };
}

function fileMapping(file: unknown, table: readonly OptionSpec[], problems: string[]): Record<string, unknown> {
  if (file === undefined || file === null) return {};
  if (typeof file !== 'object' || Array.isArray(file)) {
    problems.push('the config file must be a YAML mapping of option names to values');
    return {};
  }
  const known = new Set(table.map((o) => o.key));
  for (const key of Object.keys(file)) {
    if (!known.has(key)) problems.push(`Unrecognized option '${key}' in the config file`);
  }
  return file as Record<string, unknown>;
}

/** Checks the merged values the way the official agent does at start-up (control-plane §4.10), plus clearer limits. */
export function validateConfig(values: Record<string, OptionValue>, table: readonly OptionSpec[] = START_OPTIONS): Result<AgentConfig> {
  const problems: string[] = [];
  const str = (key: string) => String(values[key] ?? '');
  const bool = (key: string) => values[key] === true;
  const int = (key: string) => Number(values[key] ?? 0);
  const list = (key: string) => (Array.isArray(values[key]) ? (values[key] as string[]) : []);

  for (const option of table) {
    if (option.unsupported && JSON.stringify(values[option.key]) !== JSON.stringify(option.default)) {
      problems.push(`${option.key}: ${option.unsupported}`);
    }
  }
  const endpointProblem = endpointProblemOf(str('endpoint'));
  if (endpointProblem) problems.push(endpointProblem);
  if (str('token') === '') problems.push('token is required: the registration token of the agent type');
  if (int('disconnect-after-idle-timeout') < 0) problems.push('disconnect-after-idle-timeout must be 0 or more seconds');
  if (int('interruption-grace-period') < 0) problems.push('interruption-grace-period must be 0 or more seconds');
  if (str('job-id') !== '' && !bool('disconnect-after-job')) problems.push('job-id can only be used together with disconnect-after-job');
  const uploadJobLogs = str('upload-job-logs');
  if (!['never', 'always', 'when-trimmed'].includes(uploadJobLogs)) {
    problems.push(`upload-job-logs must be never, always or when-trimmed; got '${uploadJobLogs}'`);
  }
  const envVars = parseHostEnvVars(list('env-vars'), problems);
  for (const mapping of list('files')) {
    if (mapping.split(':').length !== 2) problems.push(`files entry '${mapping}' must be host_path:container_path`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      endpoint: str('endpoint'),
      token: str('token'),
      noHttps: bool('no-https'),
      name: str('name'),
      nameFromEnv: str('name-from-env'),
      shutdownHookPath: str('shutdown-hook-path'),
      preJobHookPath: str('pre-job-hook-path'),
      postJobHookPath: str('post-job-hook-path'),
      disconnectAfterJob: bool('disconnect-after-job'),
      jobId: str('job-id'),
      idleTimeoutSeconds: int('disconnect-after-idle-timeout'),
      interruptionGracePeriodSeconds: int('interruption-grace-period'),
      envVars,
      files: list('files'),
      failOnMissingFiles: bool('fail-on-missing-files'),
      uploadJobLogs: uploadJobLogs as AgentConfig['uploadJobLogs'],
      failOnPreJobHookError: bool('fail-on-pre-job-hook-error'),
      sourcePreJobHook: bool('source-pre-job-hook'),
      options: { ...values },
    },
  };
}

/** `endpoint` is host[:port][/prefix]; the scheme comes from no-https (spec §1.1). */
export function endpointProblemOf(endpoint: string): string | null {
  if (endpoint === '') return 'endpoint is required: the hub host[:port][/prefix], e.g. hub.example.com or localhost:8080';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) {
    return `endpoint '${endpoint}' must not have a scheme; write host[:port][/prefix] and set no-https for plain http`;
  }
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s?#]*)?$/.test(endpoint) && !/^\[[0-9a-fA-F:.]+\](:\d{1,5})?(\/[^\s?#]*)?$/.test(endpoint)) {
    return `endpoint '${endpoint}' is not host[:port][/prefix]`;
  }
  return null;
}

/** The hub's base URL for the agent API: scheme + endpoint, with any trailing slash dropped. */
export function baseUrlOf(config: Pick<AgentConfig, 'endpoint' | 'noHttps'>): string {
  return `${config.noHttps ? 'http' : 'https'}://${config.endpoint.replace(/\/+$/, '')}`;
}

/** NAME=VALUE items; the value may itself contain '=' (the official agent refuses those, for no good reason). */
function parseHostEnvVars(items: readonly string[], problems: string[]): HostEnvVar[] {
  const vars: HostEnvVar[] = [];
  for (const item of items) {
    const [name = '', value] = splitOnce(item, '=');
    if (value === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      problems.push(`env-vars entry '${item}' must be NAME=VALUE with a shell variable name`);
      continue;
    }
    vars.push({ name, value });
  }
  return vars;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}
