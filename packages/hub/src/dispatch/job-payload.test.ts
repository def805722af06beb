import { describe, expect, it } from 'vitest';
import { buildJobRequest, hubBaseUrl, type PayloadFacts } from './job-payload.js';

const facts = (spec: Partial<PayloadFacts['spec']> = {}): PayloadFacts => ({
  jobId: 'j-1',
  jobName: 'build',
  createdAtMs: 1_700_000_000_900,
  spec: { agent: { machine: { type: 's1-linux' } }, ...spec },
  logUrl: 'https://hub.example.com/api/v1/logs/j-1',
  logToken: 'tok',
  hubUrl: 'https://hub.example.com',
});
const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');
const env = (payload: ReturnType<typeof buildJobRequest>) =>
  Object.fromEntries((payload.env_vars ?? []).map((v) => [v.name, decode(v.value)]));

describe('buildJobRequest', () => {
  it('answers the minimal self-hosted payload of spec §3.5: shell executor, push logger, empty lists, callbacks', () => {
    const payload = buildJobRequest(facts());
    expect(payload).toMatchObject({
      job_id: 'j-1',
      executor: 'shell',
      files: [],
      commands: [],
      epilogue_always_commands: [],
      epilogue_on_pass_commands: [],
      epilogue_on_fail_commands: [],
      ssh_public_keys: [],
      callbacks: { finished: '', teardown_finished: '', token: '' },
      logger: { method: 'push', url: 'https://hub.example.com/api/v1/logs/j-1', token: 'tok' },
    });
  });

  it.each([
    { name: 'SEMAPHORE_JOB_ID is the job id — spec §3.5', variable: 'SEMAPHORE_JOB_ID', expected: 'j-1' },
    { name: 'SEMAPHORE_JOB_NAME is the job name', variable: 'SEMAPHORE_JOB_NAME', expected: 'build' },
    { name: 'SEMAPHORE_AGENT_MACHINE_TYPE is the agent type', variable: 'SEMAPHORE_AGENT_MACHINE_TYPE', expected: 's1-linux' },
    { name: 'SEMAPHORE_JOB_CREATION_TIME is in Unix seconds', variable: 'SEMAPHORE_JOB_CREATION_TIME', expected: '1700000000' },
    { name: 'SEMAPHORE_ORGANIZATION_URL is the hub', variable: 'SEMAPHORE_ORGANIZATION_URL', expected: 'https://hub.example.com' },
    { name: 'CI is true', variable: 'CI', expected: 'true' },
  ])('$name', ({ variable, expected }) => {
    expect(env(buildJobRequest(facts()))[variable]).toBe(expected);
  });

  it('base64-encodes env values with padding (spec §3.2) and lets the job override variables but not its id', () => {
    const payload = buildJobRequest(facts({ env_vars: [{ name: 'A', value: 'x y "z" $PATH' }, { name: 'CI', value: 'no' }, { name: 'SEMAPHORE_JOB_ID', value: 'fake' }] }));
    const a = payload.env_vars?.find((v) => v.name === 'A');
    expect(a?.value).toBe(Buffer.from('x y "z" $PATH').toString('base64'));
    expect(env(payload)).toMatchObject({ A: 'x y "z" $PATH', CI: 'no', SEMAPHORE_JOB_ID: 'j-1' });
  });

  it('passes file contents through (already base64) with mode 0644 by default, and commands as directives', () => {
    const payload = buildJobRequest(
      facts({
        files: [{ path: 'a.txt', content: 'aGk=' }, { path: '/etc/x', content: '', mode: '0600' }],
        commands: ['echo hi'],
        epilogue_always_commands: ['echo always'],
        epilogue_on_pass_commands: ['echo pass'],
        epilogue_on_fail_commands: ['echo fail'],
      }),
    );
    expect(payload.files).toEqual([{ path: 'a.txt', content: 'aGk=', mode: '0644' }, { path: '/etc/x', content: '', mode: '0600' }]);
    expect(payload.commands).toEqual([{ directive: 'echo hi' }]);
    expect(payload.epilogue_always_commands).toEqual([{ directive: 'echo always' }]);
    expect(payload.epilogue_on_pass_commands).toEqual([{ directive: 'echo pass' }]);
    expect(payload.epilogue_on_fail_commands).toEqual([{ directive: 'echo fail' }]);
  });
});

describe('hubBaseUrl', () => {
  it.each([
    { name: 'the configured public URL wins', publicUrl: 'https://ci.example.com/', request: { protocol: 'http', host: '10.0.0.1:8080' }, expected: 'https://ci.example.com' },
    { name: 'a public URL with a path prefix keeps it', publicUrl: 'https://example.com/outpost', request: { protocol: 'http', host: 'x' }, expected: 'https://example.com/outpost' },
    { name: 'without one, the request scheme and host', publicUrl: undefined, request: { protocol: 'http', host: '127.0.0.1:4000' }, expected: 'http://127.0.0.1:4000' },
  ])('$name', ({ publicUrl, request, expected }) => {
    expect(hubBaseUrl(publicUrl, request)).toBe(expected);
  });
});
