import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AGENT_BIN, AGENT_BUNDLE, FAST_AGENT_ENV, createAgentType, kill, run, startHubProcess, tempDir, waitForSyncedAgent } from './support/processes.js';

/** The `agent` command as people run it: exit codes, messages, `agent run`, `agent install`, and the bundle. */
const exec = promisify(execFile);

const JOB_YAML = `
commands:
  - directive: echo "hello $NAME"
  - directive: cat ~/note.txt
env_vars:
  - name: NAME
    value: ${Buffer.from('from yaml').toString('base64')}
file:
  - path: note.txt
    content: ${Buffer.from('a note\n').toString('base64')}
    mode: "0600"
`;

async function agent(args: string[], env: Record<string, string> = {}, bin = AGENT_BIN) {
  const proc = run([bin, ...args], { HOME: tempDir(), ...env });
  const code = await proc.exited;
  return { code, stdout: proc.stdout.join(''), stderr: proc.stderr.join('') };
}

describe('agent command line', () => {
  it.each([
    { name: 'version prints the version', args: ['version'], code: 0, stdout: expect.stringMatching(/^0\.1\.0\ncommit: \S+\nplatform: \S+ \(Node\.js v\S+\)\n$/), stderr: '' },
    { name: 'an unknown flag is a usage error', args: ['start', '--bogus'], code: 2, stdout: '', stderr: 'agent: unknown flag --bogus\n' },
    {
      name: 'missing endpoint and token',
      args: ['start'],
      code: 1,
      stdout: '',
      stderr:
        'agent: the configuration is not valid:\n  - endpoint is required: the hub host[:port][/prefix], e.g. hub.example.com or localhost:8080\n  - token is required: the registration token of the agent type\n',
    },
    {
      name: 'the Kubernetes executor is refused',
      args: ['start', '--endpoint', 'h', '--token', 't', '--kubernetes-executor'],
      code: 1,
      stdout: '',
      stderr: 'agent: the configuration is not valid:\n  - kubernetes-executor: the Kubernetes executor is not supported by the Outpost agent; it runs jobs in a bash session on this machine\n',
    },
    { name: 'a name that is too short', args: ['start', '--endpoint', 'h', '--token', 't', '--name', 'short'], code: 1, stdout: '', stderr: "agent: name should have between 8 and 80 characters; 'short' has 5\n" },
  ])('$name', async ({ args, code, stdout, stderr }) => {
    const result = await agent(args);
    expect(result).toEqual({ code, stdout, stderr });
  });

  it('refuses an unknown key in the config file, and reads SEMAPHORE_AGENT_* variables', async () => {
    const dir = tempDir();
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'endpoint: h\ntoken: t\nnmae: typo\n');
    expect(await agent(['start', '--config-file', file])).toMatchObject({ code: 1, stderr: "agent: the configuration is not valid:\n  - Unrecognized option 'nmae' in the config file\n" });
    writeFileSync(file, 'endpoint: h\n');
    const viaEnv = await agent(['start', '--config-file', file], { SEMAPHORE_AGENT_TOKEN: 't', SEMAPHORE_AGENT_NAME: 'x' });
    expect(viaEnv).toMatchObject({ code: 1, stderr: "agent: name should have between 8 and 80 characters; 'x' has 1\n" });
  });

  it('agent run runs a YAML job here with its log on the terminal, and exits with its result', async () => {
    const dir = tempDir();
    const job = join(dir, 'job.yaml');
    writeFileSync(job, JOB_YAML);
    const passed = await agent(['run', job], { HOME: dir });
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('hello from yaml\n');
    expect(passed.stdout).toContain(`Injecting ${dir}/note.txt with file mode 0600\n`);
    expect(passed.stdout).toContain('a note\n');
    expect(passed.stdout).toContain('Job passed\n');
    writeFileSync(job, 'commands:\n  - directive: "false"\n');
    const failed = await agent(['run', '--json', job], { HOME: dir });
    expect(failed.code).toBe(1);
    expect(failed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string }).at(-1)).toEqual({ event: 'job_finished', timestamp: expect.any(Number), result: 'failed' });
  });

  it('agent install writes what the service needs, prints the systemctl commands, and the unit verifies', async () => {
    const dir = tempDir();
    const result = await agent(['install', '--endpoint', 'hub.example.com', '--token', 'reg', '--dir', join(dir, 'opt'), '--service-dir', join(dir, 'units'), '--name', 'my-agent-01', '--platform', 'linux']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  sudo systemctl enable --now outpost-agent.service\n');
    expect(readFileSync(join(dir, 'opt/config.yaml'), 'utf8')).toContain('name: "my-agent-01"');
    const { stdout } = await exec(join(dir, 'opt/agent'), ['version']);
    expect(stdout.split('\n')[0]).toBe('0.1.0');
    if (existsSync('/usr/bin/systemd-analyze') || process.env.CI === 'true') {
      const verified = await exec('systemd-analyze', ['verify', join(dir, 'units/outpost-agent.service')]);
      expect(verified.stderr).toBe('');
    } else {
      console.warn('systemd-analyze is not installed; skipping the unit verification');
    }
  });
});

describe('the single-file bundle', () => {
  it('runs version and a local job, and registers and syncs with a real hub', async () => {
    expect(await agent(['version'], {}, AGENT_BUNDLE)).toEqual({ code: 0, stdout: expect.stringMatching(/^0\.1\.0\ncommit: \S+\nplatform: \S+ \(Node\.js v\S+\)\n$/), stderr: '' });
    const dir = tempDir();
    writeFileSync(join(dir, 'job.yaml'), JOB_YAML);
    expect((await agent(['run', join(dir, 'job.yaml')], { HOME: dir }, AGENT_BUNDLE)).code).toBe(0);
    const hub = await startHubProcess();
    const token = await createAgentType(hub, 's1-e2e-bundle');
    const proc = run([AGENT_BUNDLE, 'start', '--endpoint', hub.endpoint, '--no-https', '--token', token], { HOME: dir, ...FAST_AGENT_ENV });
    await waitForSyncedAgent(hub, 's1-e2e-bundle', proc);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    await kill(hub.proc);
  });

  it('the launcher written by install starts the agent', async () => {
    const hub = await startHubProcess();
    const token = await createAgentType(hub, 's1-e2e-launcher');
    const dir = tempDir();
    expect((await agent(['install', '--endpoint', hub.endpoint, '--no-https', '--token', token, '--dir', dir, '--service-dir', join(dir, 'units')])).code).toBe(0);
    const launched = run([join(dir, 'agent'), 'start', '--config-file', join(dir, 'config.yaml')], { HOME: dir, ...FAST_AGENT_ENV }, { bin: '/bin/sh' });
    await waitForSyncedAgent(hub, 's1-e2e-launcher', launched);
  });
});
