import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LogEvent } from '@outpost/protocol';
import { waitFor } from '../test-support/wait-for.js';
import { ADMIN_TOKEN, api, createAgentType, HUB_BIN, run, startAgentProcess, startHubProcess, tempDir, type HubProcess } from './agent/support/processes.js';

const TOKEN = 'tok-e2e-7c6b5a4938271605';
const FROM_ENV = 'from-env-value-0a1b2c3d';
const ROTATED = 'rotated-value-99887766';
const FILE_LINE = 'private-file-line-abcdef0123456789';

async function outpost(hub: HubProcess, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = run([HUB_BIN, ...args], { OUTPOST_URL: hub.url, OUTPOST_TOKEN: ADMIN_TOKEN, ...env });
  const code = await proc.exited;
  return { code, stdout: proc.stdout.join(''), stderr: proc.stderr.join('') };
}

const PIPELINE = `version: v1.0
name: Secrets e2e
agent:
  machine:
    type: s1-e2e-secrets
blocks:
  - name: Use secrets
    task:
      secrets:
        - name: deploy-creds
      jobs:
        - name: use
          commands:
            - 'echo "token: $DEPLOY_TOKEN"'
            - 'echo "env: $FROM_ENV and $ROTATED"'
            - cat deploy/creds.txt
`;

describe('secrets with the outpost CLI, a real hub and a real agent', () => {
  it('creates, lists, gets (no values), updates and deletes a secret; a pipeline job uses it and its stored log is masked', async () => {
    const hub = await startHubProcess();
    const local = join(tempDir('outpost-e2e-files-'), 'creds.txt');
    writeFileSync(local, `${FILE_LINE}\n`);

    const created = await outpost(hub, ['secrets', 'create', 'deploy-creds', '-e', `DEPLOY_TOKEN=${TOKEN}`, '-e', 'FROM_ENV', '-f', `${local}:deploy/creds.txt`], { FROM_ENV });
    expect(created).toMatchObject({ code: 0, stdout: "Secret 'deploy-creds' created (2 env vars, 1 files).\n" });

    const listed = await outpost(hub, ['secrets', 'list']);
    expect(listed.stdout).toMatch(/^NAME\s+ENV VARS\s+FILES\s+AGE\n/);
    expect(listed.stdout).toMatch(/deploy-creds\s+DEPLOY_TOKEN,FROM_ENV\s+deploy\/creds\.txt/);
    const got = await outpost(hub, ['secrets', 'get', 'deploy-creds']);
    const doc = parse(got.stdout) as { apiVersion: string; kind: string; metadata: { content_included: boolean }; data: { env_vars: unknown[]; files: unknown[] } };
    expect(doc).toMatchObject({ apiVersion: 'v1beta', kind: 'Secret', metadata: { content_included: false } });
    expect(doc.data).toEqual({ env_vars: [{ name: 'DEPLOY_TOKEN', value: '' }, { name: 'FROM_ENV', value: '' }], files: [{ path: 'deploy/creds.txt', content: '' }] });
    for (const out of [listed.stdout, got.stdout]) for (const value of [TOKEN, FROM_ENV, FILE_LINE]) expect(out).not.toContain(value);

    const updated = await outpost(hub, ['secrets', 'update', 'deploy-creds', '-e', `ROTATED=${ROTATED}`]);
    expect(updated).toMatchObject({ code: 0, stdout: "Secret 'deploy-creds' updated.\n" });

    const registration = await createAgentType(hub, 's1-e2e-secrets');
    const agent = startAgentProcess(hub, registration);
    const started = await api<{ pipeline_id: string }>(hub, 'POST', '/api/v1alpha/pipelines/yaml', { yaml_definition: PIPELINE });
    const done = await waitFor(
      async () => {
        const p = await api<{ pipeline: { state: string; result: string }; blocks: Array<{ jobs: Array<{ job_id: string }> }> }>(hub, 'GET', `/api/v1alpha/pipelines/${started.pipeline_id}?detailed=true`);
        return p.pipeline.state === 'done' ? p : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 100, message: `the pipeline to finish (agent: ${agent.output().slice(-2000)})` },
    );
    expect(done.pipeline.result).toBe('passed');
    const jobId = done.blocks[0]?.jobs[0]?.job_id ?? '';

    const log = await api<{ events: LogEvent[] }>(hub, 'GET', `/api/v1alpha/logs/${jobId}`);
    const output = log.events.filter((e) => e.event === 'cmd_output').map((e) => (e as { output: string }).output).join('');
    expect(output).toContain('token: [MASKED]');
    expect(output).toContain('env: [MASKED] and [MASKED]');
    expect(output).toContain('[MASKED]\n');
    for (const value of [TOKEN, FROM_ENV, ROTATED, FILE_LINE]) expect(JSON.stringify(log)).not.toContain(value);

    // Not in clear in the database file, its WAL, or anything the hub printed; the key file was made once, mode 0600.
    for (const file of ['outpost.sqlite', 'outpost.sqlite-wal']) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(hub.dataDir, file));
      } catch {
        continue;
      }
      for (const value of [TOKEN, FROM_ENV, ROTATED, FILE_LINE]) expect(bytes.includes(Buffer.from(value)), `${file} holds ${value}`).toBe(false);
    }
    for (const value of [TOKEN, FROM_ENV, ROTATED, FILE_LINE]) expect(hub.proc.output()).not.toContain(value);
    expect(statSync(join(hub.dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);

    expect(await outpost(hub, ['secrets', 'delete', 'deploy-creds'])).toMatchObject({ code: 0, stdout: "Secret 'deploy-creds' deleted.\n" });
    const gone = await outpost(hub, ['secrets', 'get', 'deploy-creds']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("404 secret 'deploy-creds' was not found");
  });

  it('explains usage mistakes (exit 2) and a hub started with an unusable key (exit 1)', async () => {
    const hub = await startHubProcess();
    const noValue = await outpost(hub, ['secrets', 'create', 'x', '-e', 'NOT_SET_ANYWHERE']);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain("-e NOT_SET_ANYWHERE: give NAME=VALUE, or set NOT_SET_ANYWHERE in this shell's environment");
    const noColon = await outpost(hub, ['secrets', 'create', 'x', '-f', 'just-a-path']);
    expect(noColon.code).toBe(2);
    expect(noColon.stderr).toContain('-f just-a-path: give LOCAL_PATH:PATH_IN_JOB');
    const badName = await outpost(hub, ['secrets', 'create', 'has space', '-e', 'A=value-1']);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain("'has space' is not a valid secret name");

    const refused = run([HUB_BIN, 'hub', '--host', '127.0.0.1', '--port', '0', '--data-dir', tempDir()], { OUTPOST_SECRETS_KEY: 'too-short-a-key' });
    expect(await refused.exited).toBe(1);
    expect(refused.stderr.join('')).toContain('outpost: OUTPOST_SECRETS_KEY decodes to 11 bytes; the secrets key must be 32 bytes');
    expect(refused.output()).not.toContain('too-short-a-key');
    expect(refused.output()).not.toContain('this is a bug');
  });
});
