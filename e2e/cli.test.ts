import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { waitFor } from '../test-support/wait-for.js';
import { ADMIN_TOKEN, HUB_BIN, run, startAgentProcess, startHubProcess, type HubProcess } from './agent/support/processes.js';

/** The `outpost` admin CLI as a person uses it: a real hub process, a real agent process, the CLI as a process. */
async function outpost(hub: HubProcess, args: string[], token: string | null = ADMIN_TOKEN): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = run([HUB_BIN, ...args], { OUTPOST_URL: hub.url, ...(token ? { OUTPOST_TOKEN: token } : {}) });
  const code = await proc.exited;
  return { code, stdout: proc.stdout.join(''), stderr: proc.stderr.join('') };
}

describe('the outpost CLI', () => {
  it('creates a type, sees its agent, runs jobs to their result and refuses to delete a type with agents', async () => {
    const hub = await startHubProcess();
    const created = await outpost(hub, ['agent-types', 'create', 's1-cli', '--release-name-after', '60']);
    expect(created.code).toBe(0);
    const type = parse(created.stdout) as { metadata: { name: string }; status: { registration_token: string } };
    expect(type.metadata.name).toBe('s1-cli');
    expect(type.status.registration_token).toMatch(/^[0-9a-f]{64}$/);

    const listed = await outpost(hub, ['agent-types', 'list']);
    expect(listed.stdout).toMatch(/^NAME\s+ORIGIN\s+RELEASE AFTER\s+AGENTS\s+AGE\n/);
    expect(listed.stdout).toMatch(/s1-cli\s+agent\s+60s\s+0/);
    expect(listed.stdout).not.toContain(type.status.registration_token);

    startAgentProcess(hub, type.status.registration_token, { args: ['--name', 'cli-agent-01'] });
    await waitFor(async () => (await outpost(hub, ['agents', 'list', '-t', 's1-cli'])).stdout.includes('cli-agent-01'), {
      timeoutMs: 20_000,
      message: 'the agent in `outpost agents list`',
    });

    const passed = await outpost(hub, ['jobs', 'run', 's1-cli', 'echo hello from the cli', 'true']);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('hello from the cli\n');
    expect(passed.stdout).toContain('Job passed');

    const failed = await outpost(hub, ['jobs', 'run', 's1-cli', 'exit 3']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/job \S+ FAILED/);

    const jobs = await outpost(hub, ['jobs', 'list', '-o', 'json']);
    const results = (JSON.parse(jobs.stdout) as { jobs: Array<{ status: { result?: string } }> }).jobs.map((j) => j.status.result).sort();
    expect(results).toEqual(['FAILED', 'PASSED']);

    const refused = await outpost(hub, ['agent-types', 'delete', 's1-cli']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("agent type 's1-cli' still has 1 connected agent(s)");
  });

  it('explains a missing token (exit 2) and a wrong one (exit 1) without a stack', async () => {
    const hub = await startHubProcess();
    const missing = await outpost(hub, ['agent-types', 'list'], null);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('an API token is needed');
    const wrong = await outpost(hub, ['agent-types', 'list'], 'not-the-token');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('401 the API token is invalid or was revoked');
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  });
});
