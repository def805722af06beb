import { describe, expect, it } from 'vitest';
import { baseUrlOf, coerce, endpointProblemOf, mergeSources, parseFlags, validateConfig } from './config-policy.js';
import { START_OPTIONS, envNameOf, type OptionSpec } from './options.js';

const option = (key: string): OptionSpec => {
  const found = START_OPTIONS.find((o) => o.key === key);
  if (!found) throw new Error(key);
  return found;
};

const minimal = { endpoint: 'hub.example.com', token: 't0ken' };

function resolve(input: { argv?: string[]; env?: Record<string, string>; file?: unknown }) {
  const flags = parseFlags(input.argv ?? []);
  if (!flags.ok) return flags;
  const merged = mergeSources({ flags: flags.value.flags, env: input.env ?? {}, file: input.file });
  return merged.ok ? validateConfig(merged.value) : merged;
}

describe('parseFlags', () => {
  it.each([
    { name: 'value after the flag', argv: ['--name', 'my-agent-1'], flags: { name: 'my-agent-1' } },
    { name: 'value after =', argv: ['--endpoint=hub:8080'], flags: { endpoint: 'hub:8080' } },
    { name: 'a bare boolean is true (pflag)', argv: ['--no-https'], flags: { 'no-https': true } },
    { name: 'a boolean given =false', argv: ['--disconnect-after-job=false'], flags: { 'disconnect-after-job': false } },
    { name: 'integers', argv: ['--disconnect-after-idle-timeout', '30'], flags: { 'disconnect-after-idle-timeout': 30 } },
    { name: 'lists are comma lists and repeat', argv: ['--env-vars', 'A=1,B=2', '--env-vars=C=3'], flags: { 'env-vars': ['A=1', 'B=2', 'C=3'] } },
    { name: 'a single dash works like pflag', argv: ['-name', 'abcdefgh'], flags: { name: 'abcdefgh' } },
  ])('$name', ({ argv, flags }) => {
    expect(parseFlags(argv)).toEqual({ ok: true, value: { flags, positionals: [] } });
  });

  it.each([
    { name: 'an unknown flag', argv: ['--bogus'], problem: 'unknown flag --bogus' },
    { name: 'a flag without its value', argv: ['--name'], problem: 'flag --name needs a value' },
    { name: 'a boolean that is not one', argv: ['--no-https=maybe'], problem: "flag --no-https must be true or false; got 'maybe'" },
    { name: 'an integer that is not one', argv: ['--interruption-grace-period', '1.5'], problem: "flag --interruption-grace-period must be a whole number; got '1.5'" },
  ])('refuses $name', ({ argv, problem }) => {
    expect(parseFlags(argv)).toEqual({ ok: false, problems: [problem] });
  });
});

describe('coerce', () => {
  it.each([
    { name: 'env lists split on whitespace (viper/cast)', key: 'env-vars', raw: 'A=1  B=2\tC=3', source: 'env', value: ['A=1', 'B=2', 'C=3'] },
    { name: 'YAML lists stay lists', key: 'env-vars', raw: ['A=x y', 'B=2'], source: 'file', value: ['A=x y', 'B=2'] },
    { name: 'Go bool spellings: 1', key: 'no-https', raw: '1', source: 'env', value: true },
    { name: 'Go bool spellings: F', key: 'no-https', raw: 'F', source: 'env', value: false },
    { name: 'YAML numbers as strings', key: 'name', raw: 12345678, source: 'file', value: '12345678' },
    { name: 'YAML null string is empty', key: 'name', raw: null, source: 'file', value: '' },
    { name: 'YAML integers', key: 'interruption-grace-period', raw: 30, source: 'file', value: 30 },
  ] as const)('$name', ({ key, raw, source, value }) => {
    expect(coerce(option(key), raw, source)).toEqual(value);
  });
});

describe('precedence: flag > environment > file > default (spec §6.2)', () => {
  it.each([
    { name: 'flag beats env and file', argv: ['--name', 'from-flag1'], env: { SEMAPHORE_AGENT_NAME: 'from-env01' }, file: { name: 'from-file1' }, expected: 'from-flag1' },
    { name: 'env beats file', argv: [], env: { SEMAPHORE_AGENT_NAME: 'from-env01' }, file: { name: 'from-file1' }, expected: 'from-env01' },
    { name: 'file beats default', argv: [], env: {}, file: { name: 'from-file1' }, expected: 'from-file1' },
    { name: 'default when nothing', argv: [], env: {}, file: undefined, expected: '' },
    { name: 'an empty env value counts as unset (viper)', argv: [], env: { SEMAPHORE_AGENT_NAME: '' }, file: { name: 'from-file1' }, expected: 'from-file1' },
  ])('$name', ({ argv, env, file, expected }) => {
    const result = resolve({ argv: [...argv, '--endpoint', 'h', '--token', 't'], env: env as Record<string, string>, file });
    expect(result.ok && result.value.name).toBe(expected);
  });

  it('reads config-file only from the flag, never from SEMAPHORE_AGENT_CONFIG_FILE', () => {
    expect(envNameOf(option('config-file'))).toBeUndefined();
    const merged = mergeSources({ flags: {}, env: { SEMAPHORE_AGENT_CONFIG_FILE: '/x.yaml' }, file: undefined });
    expect(merged.ok && merged.value['config-file']).toBe('');
  });

  it('names every environment variable SEMAPHORE_AGENT_<KEY>', () => {
    expect(envNameOf(option('disconnect-after-idle-timeout'))).toBe('SEMAPHORE_AGENT_DISCONNECT_AFTER_IDLE_TIMEOUT');
    expect(START_OPTIONS.filter((o) => o.env !== false).every((o) => /^SEMAPHORE_AGENT_[A-Z_]+$/.test(envNameOf(o) ?? ''))).toBe(true);
  });
});

describe('validation', () => {
  it.each([
    { name: 'an unknown YAML key is an error', input: { file: { ...minimal, nmae: 'x' } }, problem: "Unrecognized option 'nmae' in the config file" },
    { name: 'a config file that is not a mapping', input: { file: ['a'] }, problem: 'the config file must be a YAML mapping of option names to values' },
    { name: 'a missing endpoint', input: { file: { token: 't' } }, problem: 'endpoint is required: the hub host[:port][/prefix], e.g. hub.example.com or localhost:8080' },
    { name: 'a missing token', input: { file: { endpoint: 'h' } }, problem: 'token is required: the registration token of the agent type' },
    { name: 'a negative idle timeout', input: { file: { ...minimal, 'disconnect-after-idle-timeout': -1 } }, problem: 'disconnect-after-idle-timeout must be 0 or more seconds' },
    { name: 'job-id without disconnect-after-job', input: { file: { ...minimal, 'job-id': 'j' } }, problem: 'job-id can only be used together with disconnect-after-job' },
    { name: 'an unknown upload-job-logs', input: { file: { ...minimal, 'upload-job-logs': 'sometimes' } }, problem: "upload-job-logs must be never, always or when-trimmed; got 'sometimes'" },
    { name: 'env-vars without =', input: { file: { ...minimal, 'env-vars': ['A'] } }, problem: "env-vars entry 'A' must be NAME=VALUE with a shell variable name" },
    { name: 'files without exactly one :', input: { file: { ...minimal, files: ['/a:/b:/c'] } }, problem: "files entry '/a:/b:/c' must be host_path:container_path" },
    {
      name: 'the Kubernetes executor is refused',
      input: { file: { ...minimal, 'kubernetes-executor': true } },
      problem: 'kubernetes-executor: the Kubernetes executor is not supported by the Outpost agent; it runs jobs in a bash session on this machine',
    },
    {
      name: 'any other Kubernetes key with a value is refused',
      input: { env: { SEMAPHORE_AGENT_KUBERNETES_LABELS: 'a=b' }, file: minimal },
      problem: 'kubernetes-labels: the Kubernetes executor is not supported by the Outpost agent; it runs jobs in a bash session on this machine',
    },
  ])('$name', ({ input, problem }) => {
    const result = resolve(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContain(problem);
  });

  it('accepts Kubernetes keys left at their defaults, as a config written for the official agent has them', () => {
    const result = resolve({ file: { ...minimal, 'kubernetes-executor': false, 'kubernetes-pod-start-timeout': 300, 'kubernetes-labels': [] } });
    expect(result.ok).toBe(true);
  });

  it('builds the whole AgentConfig from the three sources', () => {
    const result = resolve({
      argv: ['--no-https', '--env-vars', 'X=1'],
      env: { SEMAPHORE_AGENT_DISCONNECT_AFTER_JOB: 'true', SEMAPHORE_AGENT_JOB_ID: 'job-1' },
      file: { ...minimal, 'pre-job-hook-path': '/hook.sh', 'env-vars': ['D=$PATH:/etc/a', 'Q=a=b'] },
    });
    expect(result.ok && { ...result.value, options: undefined }).toEqual({
      endpoint: 'hub.example.com',
      token: 't0ken',
      noHttps: true,
      name: '',
      nameFromEnv: '',
      shutdownHookPath: '',
      preJobHookPath: '/hook.sh',
      postJobHookPath: '',
      disconnectAfterJob: true,
      jobId: 'job-1',
      idleTimeoutSeconds: 0,
      interruptionGracePeriodSeconds: 0,
      envVars: [{ name: 'X', value: '1' }],
      files: [],
      failOnMissingFiles: false,
      uploadJobLogs: 'never',
      failOnPreJobHookError: false,
      sourcePreJobHook: false,
      options: undefined,
    });
  });
});

describe('endpoint', () => {
  it.each([
    { name: 'a host', endpoint: 'hub.example.com', problem: null, url: 'https://hub.example.com' },
    { name: 'a host and port', endpoint: 'localhost:8080', problem: null, url: 'https://localhost:8080' },
    { name: 'a path prefix', endpoint: 'hub.example.com/outpost', problem: null, url: 'https://hub.example.com/outpost' },
    { name: 'an IPv6 literal', endpoint: '[::1]:8080', problem: null, url: 'https://[::1]:8080' },
    { name: 'a scheme', endpoint: 'https://hub', problem: "endpoint 'https://hub' must not have a scheme; write host[:port][/prefix] and set no-https for plain http", url: null },
    { name: 'spaces', endpoint: 'hub example', problem: "endpoint 'hub example' is not host[:port][/prefix]", url: null },
  ])('$name', ({ endpoint, problem, url }) => {
    expect(endpointProblemOf(endpoint)).toBe(problem);
    if (url) expect(baseUrlOf({ endpoint, noHttps: false })).toBe(url);
  });

  it('switches to http with no-https', () => {
    expect(baseUrlOf({ endpoint: 'localhost:8080/', noHttps: true })).toBe('http://localhost:8080');
  });
});
