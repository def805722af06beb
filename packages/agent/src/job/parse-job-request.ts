import { JobRequest } from '@outpost/protocol';
import { Value } from '@sinclair/typebox/value';

/**
 * Checks a job request against the protocol schema (spec §3.1). Like the official agent, omitted arrays count as
 * empty; unknown keys are ignored. The YAML form of `agent run` spells `files` as `file` (a struct-tag quirk).
 */
export type ParsedJob = { ok: true; request: JobRequest } | { ok: false; problem: string };

const LISTS = ['commands', 'epilogue_always_commands', 'epilogue_on_pass_commands', 'epilogue_on_fail_commands', 'env_vars', 'files'] as const;

export function parseJobRequest(raw: unknown, form: 'json' | 'yaml' = 'json'): ParsedJob {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problem: 'the job request is not an object' };
  const candidate: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (form === 'yaml') {
    candidate.files = candidate.file ?? candidate.files;
    delete candidate.file;
    candidate.logger ??= { method: 'push', url: '', token: '' };
    candidate.job_id ??= 'local';
  }
  for (const key of LISTS) candidate[key] ??= null;
  for (const file of Array.isArray(candidate.files) ? (candidate.files as unknown[]) : []) {
    // Go reads a missing mode as "", which then fails the mode check in the job log rather than the whole job.
    if (typeof file === 'object' && file !== null && !('mode' in file)) (file as Record<string, unknown>).mode = '';
  }
  if (Value.Check(JobRequest, candidate)) return { ok: true, request: candidate };
  const first = Value.Errors(JobRequest, candidate).First();
  return { ok: false, problem: first ? `${first.path || '/'}: ${first.message}` : 'the job request does not match the protocol' };
}

/** Why the agent cannot run this job at all (spec §3.3 step 1); null when it can. */
export function constructionProblem(request: JobRequest, mode: 'listener' | 'local'): string | null {
  const executor = request.executor ?? '';
  if (executor !== '' && executor !== 'shell') {
    return `executor '${executor}' is not supported: the Outpost agent runs jobs in a bash session (executor "shell")`;
  }
  if (mode === 'listener') {
    if (request.logger.method !== 'push') return `logger.method '${request.logger.method}' is not supported: a self-hosted agent pushes its logs ("push")`;
    if (request.logger.url === '') return 'logger.url is empty: there is nowhere to push the job log';
  }
  return null;
}
