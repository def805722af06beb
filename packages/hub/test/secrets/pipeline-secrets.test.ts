import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JobRequest, LogEvent } from '@outpost/protocol';
import { api, availableDialects, createType, startHubWithAdmin, ADMIN_TOKEN } from '../support/hub-clients.js';
import { startFakeAgent, type FakeAgent } from '../support/fake-agent.js';
import { blockYaml, describePipeline, isDone, jobIdOf, pipelineYaml, runPipeline, waitForPipeline } from '../support/pipelines-client.js';
import { b64, createSecret, placesHoldingInClear, SECRETS, TEST_SECRETS_KEY } from '../support/secrets-client.js';
import { waitFor } from '../support/wait-for.js';
import type { TestHub } from '../support/start-hub.js';
import { findJobSecretMaterial, purgeFinishedJobSecrets } from '../../src/store/secrets.js';
import { resolveHubConfig } from '../../src/config.js';
import { startHub as startHubWithConfig, type RunningHub } from '../../src/main.js';

const TYPE = 's1-secrets';
const TOKEN = 'deploy-token-5f4e3d2c1b0a';
const SHARED = 'shared-key-a1b2c3d4e5f6';
const SHORT = 'abc12';
const FILE_LINE = '{"api_key": "file-secret-0123456789abcdef"}';
const FILE_TEXT = `${FILE_LINE}\n{\n}\n`;

const withSecrets = (yaml: string, names: string[]) =>
  yaml.replace('    task:\n', `    task:\n      secrets:\n${names.map((n) => `        - name: ${n}\n`).join('')}`);
const globalSecrets = (names: string[]) => `global_job_config:\n  secrets:\n${names.map((n) => `    - name: ${n}\n`).join('')}`;

async function setUp(hub: TestHub): Promise<FakeAgent> {
  const registrationToken = await createType(hub, TYPE);
  return startFakeAgent({ hubUrl: hub.url, registrationToken, longPollSeconds: 10 });
}

async function storedLog(hub: TestHub, jobId: string): Promise<{ events: LogEvent[]; text: string }> {
  const res = await api(hub, 'GET', `/api/v1alpha/logs/${jobId}`);
  return { events: (res.body as { events: LogEvent[] }).events, text: res.text };
}

const outputs = (events: LogEvent[]) => events.filter((e) => e.event === 'cmd_output').map((e) => (e as { output: string }).output);
const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');

describe.each(await availableDialects())('a pipeline that imports secrets (%s)', (dialect) => {
  it('gives the job the env vars and files of its task and global_job_config secrets, and stores its log masked', async () => {
    const hub = await startHubWithAdmin({ dialect, env: { OUTPOST_SECRETS_KEY: TEST_SECRETS_KEY } });
    const agent = await setUp(hub);
    await createSecret(hub, 'deploy-creds', { env_vars: [{ name: 'DEPLOY_TOKEN', value: TOKEN }, { name: 'SHORT_ONE', value: SHORT }], files: [{ path: '.config/deploy.json', content: b64(FILE_TEXT) }] });
    await createSecret(hub, 'shared', { env_vars: [{ name: 'SHARED_KEY', value: SHARED }] });
    const commands = ['print-env DEPLOY_TOKEN', 'print-file .config/deploy.json', 'print-env SHARED_KEY', 'print-env SHORT_ONE'];
    const yaml = pipelineYaml(TYPE, withSecrets(blockYaml('Deploy', [], { deploy: commands }), ['deploy-creds']), globalSecrets(['shared']));
    const { pipeline_id } = await runPipeline(hub, yaml);
    const done = await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to finish');
    expect(done.pipeline).toMatchObject({ result: 'passed' });
    const jobId = jobIdOf(done, 'deploy');

    // What the agent fetched (GET /api/v1/self_hosted_agents/jobs/:id): the values, in the job's env and files.
    const payload = agent.payloads.find((p) => p.job_id === jobId) as JobRequest;
    expect(agent.env(jobId)).toMatchObject({ DEPLOY_TOKEN: TOKEN, SHORT_ONE: SHORT, SHARED_KEY: SHARED, SEMAPHORE_JOB_ID: jobId });
    expect((payload.files ?? []).map((f) => [f.path, decode(f.content), f.mode])).toEqual([['.config/deploy.json', FILE_TEXT, '0644']]);

    // The stored log: every value of 6 characters or more masked; the 5-character one is not (the documented rule).
    const log = await storedLog(hub, jobId);
    expect(outputs(log.events)).toEqual(expect.arrayContaining(['[MASKED]\n', '[MASKED]\n{\n}\n', `${SHORT}\n`]));
    expect(outputs(log.events).filter((o) => o === '[MASKED]\n')).toHaveLength(2);
    for (const value of [TOKEN, SHARED, FILE_LINE]) expect(log.text).not.toContain(value);

    // The job as the API shows it: its spec holds no secret value or file.
    const job = await api(hub, 'GET', `/api/v1alpha/jobs/${jobId}`);
    expect(job.status).toBe(200);
    expect((job.body as { spec: { env_vars: Array<{ name: string }>; files?: unknown[] } }).spec.env_vars.map((v) => v.name)).not.toContain('DEPLOY_TOKEN');
    expect((job.body as { spec: { files?: unknown[] } }).spec.files ?? []).toEqual([]);
    const answers = [job.text, (await api(hub, 'GET', '/api/v1alpha/jobs')).text, (await api(hub, 'GET', `/api/v1alpha/pipelines/${pipeline_id}?detailed=true`)).text];
    for (const answer of answers) for (const value of [TOKEN, SHARED, FILE_LINE, b64(FILE_TEXT)]) expect(answer).not.toContain(value);

    // Nowhere in clear: not in the database (file or tables) and not in any line the hub logged.
    expect(await placesHoldingInClear(hub, [TOKEN, SHARED, FILE_LINE, b64(FILE_TEXT), Buffer.from(TOKEN).toString('base64')])).toEqual([]);
    // The job's copy is one envelope of its own, beside the job row.
    expect(await findJobSecretMaterial(hub.services.store.db, jobId)).toMatch(/^v1\./);
    expect(agent.violations).toEqual([]);
    // Jobs are deleted with their agent type; their copies go with them (ON DELETE CASCADE).
    await hub.services.store.db.deleteFrom('pipeline_jobs').where('job_id', '=', jobId).execute();
    await hub.services.store.db.deleteFrom('job_log_events').where('job_id', '=', jobId).execute();
    await hub.services.store.db.deleteFrom('jobs').where('id', '=', jobId).execute();
    expect(await findJobSecretMaterial(hub.services.store.db, jobId)).toBeUndefined();
  });
});

describe('masking and keeping secrets (sqlite)', () => {
  it('masks a value cut across two log pushes by rewriting the stored start of it', async () => {
    const hub = await startHubWithAdmin();
    const agent = await setUp(hub);
    await createSecret(hub, 'deploy-creds', { env_vars: [{ name: 'DEPLOY_TOKEN', value: TOKEN }] });
    const yaml = pipelineYaml(TYPE, withSecrets(blockYaml('Deploy', [], { deploy: ['print-env-split DEPLOY_TOKEN 9 second-half'] }), ['deploy-creds']));
    const { pipeline_id } = await runPipeline(hub, yaml);
    const jobId = await waitFor(async () => {
      const p = await describePipeline(hub, pipeline_id);
      return p.blocks[0]?.jobs[0]?.job_id || null;
    }, { timeoutMs: 20_000, message: 'the job to be queued' });

    // The first 9 characters alone are no value: they are stored as they came, in their own push.
    const firstPart = TOKEN.slice(0, 9);
    await waitFor(async () => outputs((await storedLog(hub, jobId)).events).includes(firstPart), { timeoutMs: 20_000, message: 'the first part of the value in the stored log' });
    const pushesBefore = agent.pushes.length;
    // While the job runs, its copy of the secrets stays (its log still needs masking).
    expect(await purgeFinishedJobSecrets(hub.services.store.db, Date.now() + 24 * 3600_000)).toBe(0);
    agent.release('second-half');
    await waitForPipeline(hub, pipeline_id, isDone, 'the pipeline to finish');
    expect(agent.pushes.length).toBeGreaterThan(pushesBefore);

    const log = await storedLog(hub, jobId);
    expect(outputs(log.events)).toEqual(expect.arrayContaining(['[MASKED]', '\n']));
    expect(log.text).not.toContain(firstPart);
    expect(log.text).not.toContain(TOKEN.slice(9));
    expect(await placesHoldingInClear(hub, [TOKEN])).toEqual([]);

    // Once its log token expired, the finished job's copy is purged (a deleted secret then lives on nowhere).
    expect(await purgeFinishedJobSecrets(hub.services.store.db, Date.now() + 24 * 3600_000)).toBe(1);
    expect(await findJobSecretMaterial(hub.services.store.db, jobId)).toBeUndefined();
  });

  it('fails the pipeline MALFORMED for a missing secret, and a deleted one', async () => {
    const hub = await startHubWithAdmin();
    await setUp(hub);
    const yaml = pipelineYaml(TYPE, withSecrets(blockYaml('A', [], { a: ['echo a'] }), ['gone']));
    const missing = await runPipeline(hub, yaml);
    expect((await waitForPipeline(hub, missing.pipeline_id, isDone, 'the pipeline to fail')).pipeline).toMatchObject({ result: 'failed', result_reason: 'malformed', error_description: 'secret gone not found' });
    await createSecret(hub, 'gone', { env_vars: [{ name: 'A', value: 'value-of-a' }] });
    const found = await runPipeline(hub, yaml);
    expect((await waitForPipeline(hub, found.pipeline_id, isDone, 'the pipeline to pass')).pipeline).toMatchObject({ result: 'passed' });
    await api(hub, 'DELETE', `${SECRETS}/gone`);
    const deleted = await runPipeline(hub, yaml);
    expect((await waitForPipeline(hub, deleted.pipeline_id, isDone, 'the pipeline to fail')).pipeline).toMatchObject({ result_reason: 'malformed', error_description: 'secret gone not found' });
  });

  it('after a restart with another key: warns, keeps names readable, fails pipelines with the reason, and takes the values again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outpost-rekey-'));
    const started: RunningHub[] = [];
    const start = async (key: string, lines: string[]) => {
      const config = resolveHubConfig({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'info' }, { OUTPOST_BOOTSTRAP_TOKEN: ADMIN_TOKEN, OUTPOST_SECRETS_KEY: key });
      const sink = new Writable({ write: (chunk, _e, done) => { lines.push(String(chunk)); done(); } });
      const hub = await startHubWithConfig(config, { logDestination: sink, print: () => undefined });
      started.push(hub);
      return hub;
    };
    const call = (hub: RunningHub, method: string, path: string, body?: unknown) =>
      fetch(`${hub.url}${path}`, { method, headers: { authorization: `Token ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    try {
      const first = await start(randomBytes(32).toString('base64'), []);
      expect((await call(first, 'POST', SECRETS, { metadata: { name: 'old' }, data: { env_vars: [{ name: 'A', value: 'value-of-a' }] } })).status).toBe(200);
      await first.close();

      const lines: string[] = [];
      const second = await start(randomBytes(32).toString('base64'), lines);
      expect(lines.join('')).toContain('some secrets were encrypted with another key');
      expect((await call(second, 'GET', `${SECRETS}/old`)).status).toBe(200);
      const kept = await call(second, 'PATCH', `${SECRETS}/old`, { data: { env_vars: [{ name: 'A', value: '' }] } });
      expect(kept.status).toBe(409);
      expect(((await kept.json()) as { code: string }).code).toBe('SECRET_UNREADABLE');

      const token = (await (await call(second, 'POST', '/api/v1alpha/self_hosted_agent_types', { metadata: { name: TYPE } })).json()) as { status: { registration_token: string } };
      await startFakeAgent({ hubUrl: second.url, registrationToken: token.status.registration_token, longPollSeconds: 10 });
      const yaml = pipelineYaml(TYPE, withSecrets(blockYaml('A', [], { a: ['echo a'] }), ['old']));
      const run = async () => {
        const res = (await (await call(second, 'POST', '/api/v1alpha/pipelines/yaml', { yaml_definition: yaml })).json()) as { pipeline_id: string };
        return waitFor(async () => {
          const p = (await (await call(second, 'GET', `/api/v1alpha/pipelines/${res.pipeline_id}?detailed=true`)).json()) as { pipeline: { state: string; result: string; error_description: string } };
          return p.pipeline.state === 'done' ? p.pipeline : null;
        }, { timeoutMs: 20_000, message: 'the pipeline to finish' });
      };
      expect(await run()).toMatchObject({ result: 'failed', error_description: expect.stringContaining("secret 'old' was encrypted with a key this hub does not have") });
      expect((await call(second, 'PATCH', `${SECRETS}/old`, { data: { env_vars: [{ name: 'A', value: 'value-again' }] } })).status).toBe(200);
      expect(await run()).toMatchObject({ result: 'passed' });
    } finally {
      for (const hub of started) await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
