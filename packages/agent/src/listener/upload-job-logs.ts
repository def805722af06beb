import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import type { JobRequest } from '@outpost/protocol';
import type { Logger } from 'pino';
import { decodeBase64Strict } from '../job/job-steps.js';

/**
 * `upload-job-logs` (spec §4.5): the job log as plain text, gzipped above SEMAPHORE_AGENT_LOGS_COMPRESSION_SIZE,
 * pushed with Semaphore's `artifact` CLI as agent/job_logs.txt[.gz]. Needs SEMAPHORE_ARTIFACT_TOKEN and
 * SEMAPHORE_ORGANIZATION_URL among the job's variables; without them it logs why and does nothing.
 */
const MIB = 1024 * 1024;

export async function uploadJobLogs(input: {
  mode: 'never' | 'always' | 'when-trimmed';
  trimmed: boolean;
  request: JobRequest;
  eventsFile: string;
  log: Logger;
  env?: Record<string, string | undefined>;
}): Promise<void> {
  const { log, request } = input;
  const env = input.env ?? process.env;
  if (input.mode === 'never' || (input.mode === 'when-trimmed' && !input.trimmed)) return;
  const token = jobVariable(request, 'SEMAPHORE_ARTIFACT_TOKEN');
  const orgUrl = jobVariable(request, 'SEMAPHORE_ORGANIZATION_URL');
  const artifact = await findOnPath('artifact', env.PATH ?? '');
  if (!token || !orgUrl || !artifact) {
    log.error({ hasToken: Boolean(token), hasOrgUrl: Boolean(orgUrl), hasCli: Boolean(artifact) }, 'cannot upload the job log as an artifact');
    return;
  }
  let file = `${input.eventsFile}.txt`;
  try {
    await writeFile(file, plainText(await readFile(input.eventsFile, 'utf8')));
    if ((await stat(file)).size >= compressionThreshold(env.SEMAPHORE_AGENT_LOGS_COMPRESSION_SIZE)) {
      await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz`));
      await rm(file, { force: true });
      file = `${file}.gz`;
    }
    const destination = file.endsWith('.gz') ? 'agent/job_logs.txt.gz' : 'agent/job_logs.txt';
    await promisify(execFile)(artifact, ['push', 'job', file, '-d', destination], {
      env: { ...env, SEMAPHORE_ARTIFACT_TOKEN: token, SEMAPHORE_JOB_ID: request.job_id, SEMAPHORE_ORGANIZATION_URL: orgUrl },
    });
    log.info({ destination }, 'uploaded the job log as an artifact');
  } catch (error) {
    // The artifact is a convenience copy; the job's result and its log on the hub do not depend on it.
    log.error({ err: error }, 'uploading the job log as an artifact failed');
  } finally {
    await rm(file, { force: true });
  }
}

/** The events as the text a person reads: directives and output, nothing else. */
export function plainText(ndjson: string): string {
  let text = '';
  for (const line of ndjson.split('\n')) {
    if (line === '') continue;
    const event = JSON.parse(line) as { event?: string; directive?: string; output?: string };
    if (event.event === 'cmd_started') text += `${event.directive ?? ''}\n`;
    else if (event.event === 'cmd_output') text += event.output ?? '';
  }
  return text;
}

/** 1 MiB–1 GiB from the variable; anything else (or nothing) is the 100 MiB default. */
export function compressionThreshold(value: string | undefined): number {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n >= MIB && n <= 1024 * MIB ? n : 100 * MIB;
}

function jobVariable(request: JobRequest, name: string): string | undefined {
  const found = (request.env_vars ?? []).find((v) => v.name === name);
  return found ? decodeBase64Strict(found.value)?.toString('utf8') : undefined;
}

async function findOnPath(command: string, path: string): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // Not in this directory; look in the next one.
    }
  }
  return undefined;
}
