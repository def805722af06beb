import { describe, expect, it } from 'vitest';
import {
  decodeBase64Strict,
  envFileContent,
  jobEnvironment,
  normaliseFilePath,
  parseFileMode,
  postJobHookCommand,
  preJobHookCommand,
  shellQuote,
} from './job-steps.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('decodeBase64Strict (Go StdEncoding, spec §3.2)', () => {
  it.each([
    { name: 'padded', input: b64('hello'), expected: 'hello' },
    { name: 'newlines are skipped', input: `${b64('hello world, how are you')}`.replace(/(.{8})/, '$1\n'), expected: 'hello world, how are you' },
    { name: 'missing padding is an error', input: 'aGVsbG8', expected: null },
    { name: 'URL-safe characters are an error', input: 'a-_b', expected: null },
    { name: 'spaces are an error', input: 'aGVs bG8=', expected: null },
    { name: 'empty is empty', input: '', expected: '' },
  ])('$name', ({ input, expected }) => {
    const decoded = decodeBase64Strict(input);
    expect(decoded === null ? null : decoded.toString('utf8')).toBe(expected);
  });
});

describe('jobEnvironment (spec §3.3 step 4)', () => {
  it('sorts names bytewise and lets the agent env-vars override the job', () => {
    expect(
      jobEnvironment(
        [
          { name: 'b', value: b64('job b') },
          { name: 'A', value: b64('job A') },
          { name: 'Z', value: b64('job Z') },
        ],
        [{ name: 'A', value: 'agent A' }],
      ),
    ).toEqual([
      { name: 'A', value: 'agent A' },
      { name: 'Z', value: 'job Z' },
      { name: 'b', value: 'job b' },
    ]);
  });

  it('fails on a value that is not base64', () => {
    expect(jobEnvironment([{ name: 'A', value: 'not base64!' }], [])).toBeNull();
  });
});

describe('shellQuote and the env file', () => {
  it.each([
    { name: 'safe characters stay bare', value: 'hello', quoted: 'hello' },
    { name: 'empty', value: '', quoted: "''" },
    { name: 'spaces', value: 'how are you?', quoted: "'how are you?'" },
    { name: 'single quotes', value: "quotes ' quotes", quoted: `'quotes '"'"' quotes'` },
    { name: 'a literal $PATH', value: '$PATH:/etc/a', quoted: "'$PATH:/etc/a'" },
    { name: 'unicode is quoted', value: '日本', quoted: "'日本'" },
  ])('$name', ({ value, quoted }) => {
    expect(shellQuote(value)).toBe(quoted);
  });

  it('writes one export line per variable', () => {
    expect(envFileContent([{ name: 'A', value: 'x y' }, { name: 'B', value: '1' }])).toBe("export A='x y'\nexport B=1\n");
  });
});

describe('normaliseFilePath (official api.File.NormalizePath)', () => {
  it.each([
    { name: 'relative goes under home', path: 'test.txt', expected: '/home/u/test.txt' },
    { name: 'nested relative', path: 'a/../b/c', expected: '/home/u/b/c' },
    { name: 'absolute stays', path: '/a/b/c', expected: '/a/b/c' },
    { name: 'a leading ~ has every ~ replaced', path: '~/x~y', expected: '/home/u/x/home/uy' },
  ])('$name', ({ path, expected }) => {
    expect(normaliseFilePath(path, '/home/u')).toBe(expected);
  });
});

describe('parseFileMode (Go ParseUint(mode, 8, 32), chmod takes Perm())', () => {
  it.each([
    { name: '0644', mode: '0644', expected: 0o644 },
    { name: '600', mode: '600', expected: 0o600 },
    { name: 'setuid bits are not applied', mode: '4755', expected: 0o755 },
    { name: 'a broken mode', mode: 'obviously broken', expected: null },
    { name: 'an 8 is not octal', mode: '0648', expected: null },
    { name: 'empty', mode: '', expected: null },
  ])('$name', ({ mode, expected }) => {
    expect(parseFileMode(mode)).toBe(expected);
  });
});

describe('hooks (spec §2.11)', () => {
  const hooks = { preJobHookPath: '/opt/pre.sh', postJobHookPath: '/opt/post.sh', sourcePreJobHook: false, failOnPreJobHookError: false };
  it.each([
    { name: 'bash by default, proceeding on failure', input: hooks, directive: 'bash /opt/pre.sh', warning: 'The agent is configured to proceed with the job even if the pre-job hook fails.' },
    { name: 'source, failing the job', input: { ...hooks, sourcePreJobHook: true, failOnPreJobHookError: true }, directive: 'source /opt/pre.sh', warning: 'The agent is configured to fail the job if the pre-job hook fails.' },
  ])('pre-job: $name', ({ input, directive, warning }) => {
    expect(preJobHookCommand(input)).toEqual({ directive, alias: 'Running the pre-job hook configured in the agent', warning });
  });

  it('post-job: always bash', () => {
    expect(postJobHookCommand(hooks)).toEqual({ directive: 'bash /opt/post.sh', alias: 'Running the post-job hook configured in the agent' });
  });
});
