import { describe, expect, it } from 'vitest';
import { constructionProblem, parseJobRequest } from './parse-job-request.js';

const logger = { method: 'push', url: 'https://hub/api/v1/logs/j', token: 't' };

describe('parseJobRequest (spec §3.1)', () => {
  it('treats omitted and null arrays as empty and ignores unknown keys', () => {
    const parsed = parseJobRequest({ job_id: 'j', job_name: 'x', commands: [{ directive: 'echo' }], files: null, logger, extra: 1 });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.request.env_vars).toBeNull();
  });

  it('reads `file` for files in the YAML form of agent run', () => {
    const parsed = parseJobRequest({ commands: [], file: [{ path: 'a', content: 'aGk=', mode: '0644' }] }, 'yaml');
    expect(parsed.ok && parsed.request.files).toEqual([{ path: 'a', content: 'aGk=', mode: '0644' }]);
  });

  it.each([
    { name: 'not an object', raw: 'x', problem: 'the job request is not an object' },
    { name: 'a command without a directive', raw: { job_id: 'j', commands: [{}], logger }, problem: '/commands: Expected union value' },
    { name: 'no logger', raw: { job_id: 'j' }, problem: '/logger: Expected required property' },
  ])('refuses $name', ({ raw, problem }) => {
    expect(parseJobRequest(raw)).toEqual({ ok: false, problem });
  });
});

describe('constructionProblem (spec §3.3 step 1)', () => {
  const request = (over: object) => {
    const parsed = parseJobRequest({ job_id: 'j', logger, ...over });
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.request;
  };
  it.each([
    { name: 'the shell executor', over: { executor: 'shell' }, mode: 'listener', problem: null },
    { name: 'no executor means shell', over: {}, mode: 'listener', problem: null },
    { name: 'docker compose', over: { executor: 'dockercompose' }, mode: 'listener', problem: `executor 'dockercompose' is not supported: the Outpost agent runs jobs in a bash session (executor "shell")` },
    { name: 'a pull logger', over: { logger: { ...logger, method: 'pull' } }, mode: 'listener', problem: `logger.method 'pull' is not supported: a self-hosted agent pushes its logs ("push")` },
    { name: 'an empty logger url', over: { logger: { ...logger, url: '' } }, mode: 'listener', problem: 'logger.url is empty: there is nowhere to push the job log' },
    { name: 'agent run needs no logger', over: { logger: { method: '', url: '', token: '' } }, mode: 'local', problem: null },
  ] as const)('$name', ({ over, mode, problem }) => {
    expect(constructionProblem(request(over), mode)).toBe(problem);
  });
});
