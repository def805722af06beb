import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { JobRequest, LogEvent } from '@outpost/protocol';
import { describe, expect, it } from 'vitest';
import { compressionThreshold, plainText, uploadJobLogs } from '../../src/listener/upload-job-logs.js';
import { cmdFinished, cmdOutput, cmdStarted, jobFinished, jobStarted, serializeEvent } from '../../src/logs/log-events.js';
import { testHome } from '../support/agent.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const MIB = 1024 * 1024;

/** A fake `artifact` CLI on PATH that records its arguments, its environment and the file it was given. */
function fakeArtifactCli(dir: string) {
  const script = join(dir, 'artifact');
  writeFileSync(script, `#!/bin/sh\necho "$@" > ${dir}/args\nenv > ${dir}/env\ncp "$3" ${dir}/uploaded\n`);
  chmodSync(script, 0o755);
  return {
    path: `${dir}:${process.env.PATH}`,
    args: () => (existsSync(join(dir, 'args')) ? readFileSync(join(dir, 'args'), 'utf8').trim() : undefined),
    env: () => readFileSync(join(dir, 'env'), 'utf8'),
    uploaded: () => readFileSync(join(dir, 'uploaded')),
  };
}

function request(vars: Record<string, string>): JobRequest {
  return {
    job_id: 'job-42',
    commands: null,
    epilogue_always_commands: null,
    epilogue_on_pass_commands: null,
    epilogue_on_fail_commands: null,
    env_vars: Object.entries(vars).map(([name, value]) => ({ name, value: b64(value) })),
    files: null,
    logger: { method: 'push', url: 'http://hub/api/v1/logs/job-42', token: 'log-token' },
  };
}

const EVENTS: LogEvent[] = [jobStarted(0), cmdStarted(0, 'echo hi'), cmdOutput(0, 'hi\n'), cmdFinished(0, 'echo hi', 0, 0, 0), jobFinished(0, 'passed')];
const ARTIFACT_VARS = { SEMAPHORE_ARTIFACT_TOKEN: 'artifact-secret', SEMAPHORE_ORGANIZATION_URL: 'https://org.example.com' };

async function upload(mode: 'never' | 'always' | 'when-trimmed', trimmed: boolean, vars: Record<string, string>, events = EVENTS, env: Record<string, string> = {}) {
  const dir = testHome();
  const cli = fakeArtifactCli(dir);
  const eventsFile = join(dir, 'job_log.json');
  writeFileSync(eventsFile, events.map((e) => `${serializeEvent(e)}\n`).join(''));
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }));
  await uploadJobLogs({ mode, trimmed, request: request(vars), eventsFile, log, env: { PATH: cli.path, ...env } });
  return { cli, lines };
}

describe('upload-job-logs (spec §4.5)', () => {
  it.each([
    { name: 'never', mode: 'never', trimmed: true, uploads: false },
    { name: 'when-trimmed, not trimmed', mode: 'when-trimmed', trimmed: false, uploads: false },
    { name: 'when-trimmed, trimmed', mode: 'when-trimmed', trimmed: true, uploads: true },
    { name: 'always', mode: 'always', trimmed: false, uploads: true },
  ] as const)('$name', async ({ mode, trimmed, uploads }) => {
    const { cli } = await upload(mode, trimmed, ARTIFACT_VARS);
    expect(cli.args() !== undefined).toBe(uploads);
  });

  it('pushes the plain-text log as agent/job_logs.txt with the artifact credentials and the job id', async () => {
    const { cli } = await upload('always', false, ARTIFACT_VARS);
    expect(cli.args()).toMatch(/^push job \S+\.txt -d agent\/job_logs\.txt$/);
    expect(cli.env()).toContain('SEMAPHORE_ARTIFACT_TOKEN=artifact-secret\n');
    expect(cli.env()).toContain('SEMAPHORE_JOB_ID=job-42\n');
    expect(cli.env()).toContain('SEMAPHORE_ORGANIZATION_URL=https://org.example.com\n');
    expect(cli.uploaded().toString('utf8')).toBe('echo hi\nhi\n');
  });

  it('gzips a log at or above SEMAPHORE_AGENT_LOGS_COMPRESSION_SIZE and names it job_logs.txt.gz', async () => {
    const big = [cmdStarted(0, 'big'), cmdOutput(0, 'x'.repeat(MIB))];
    const { cli } = await upload('always', false, ARTIFACT_VARS, big, { SEMAPHORE_AGENT_LOGS_COMPRESSION_SIZE: String(MIB) });
    expect(cli.args()).toMatch(/ -d agent\/job_logs\.txt\.gz$/);
    expect(gunzipSync(cli.uploaded()).toString('utf8')).toBe(`big\n${'x'.repeat(MIB)}`);
  });

  it('does nothing but log why without the artifact token', async () => {
    const { cli, lines } = await upload('always', false, { SEMAPHORE_ORGANIZATION_URL: 'https://org.example.com' });
    expect(cli.args()).toBeUndefined();
    expect(lines.join('')).toContain('cannot upload the job log as an artifact');
  });

  it.each([
    { value: undefined, threshold: 100 * MIB },
    { value: String(MIB), threshold: MIB },
    { value: String(MIB - 1), threshold: 100 * MIB },
    { value: String(1024 * MIB + 1), threshold: 100 * MIB },
    { value: 'lots', threshold: 100 * MIB },
  ])('compression threshold from $value', ({ value, threshold }) => {
    expect(compressionThreshold(value)).toBe(threshold);
  });

  it('keeps only directives and output in the plain text', () => {
    expect(plainText(EVENTS.map((e) => serializeEvent(e)).join('\n'))).toBe('echo hi\nhi\n');
  });
});
