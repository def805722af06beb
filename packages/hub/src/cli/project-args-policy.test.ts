import { describe, expect, it } from 'vitest';
import type { Project } from '@outpost/protocol';
import { parametersOf, projectDocument, referenceOf } from './project-args-policy.js';

const current: Project = {
  apiVersion: 'v1alpha', kind: 'Project',
  metadata: { name: 'app', id: 'id-1', owner_id: 'u', description: 'd', create_time: 1, update_time: 1 },
  spec: { repository: { url: 'https://e.com/o/app.git', run_on: ['branches'], pipeline_file: 'ci.yml', whitelist: { branches: ['main'], tags: [] }, status: { pipeline_files: [] }, forked_pull_requests: { allowed_secrets: [] }, integration_type: '' } },
  status: { credentials: 'token', webhook_url: 'http://h/hooks/id-1' },
};

describe('projectDocument', () => {
  it.each([
    { name: 'a new project from flags', flags: { url: 'git@e.com:o/r.git', runOn: 'branches, pull_requests', branches: 'main,/^rel-/' }, env: {}, base: undefined, expected: { ok: true, value: { metadata: { name: 'p' }, spec: { repository: { url: 'git@e.com:o/r.git', run_on: ['branches', 'pull_requests'], whitelist: { branches: ['main', '/^rel-/'], tags: [] } } } } } },
    { name: 'a deploy key read from its file', flags: { url: 'git@e.com:o/r.git', deployKey: 'KEY' }, env: {}, base: undefined, expected: { ok: true, value: { spec: { repository: { credentials: { kind: 'ssh_key', ssh_key: 'KEY' } } } } } },
    { name: 'a token from the environment', flags: { url: 'https://e.com/o/r.git', tokenEnv: 'GL', tokenUser: 'oauth2' }, env: { GL: 'glpat-1' }, base: undefined, expected: { ok: true, value: { spec: { repository: { credentials: { kind: 'token', token: 'glpat-1', username: 'oauth2' } } } } } },
    { name: 'an update keeps what the flags leave out', flags: { tags: 'v1' }, env: {}, base: current, expected: { ok: true, value: { metadata: { name: 'p', id: 'id-1' }, spec: { repository: { url: 'https://e.com/o/app.git', run_on: ['branches'], pipeline_file: 'ci.yml', whitelist: { branches: ['main'], tags: ['v1'] } } } } } },
    { name: '--no-credentials removes them', flags: { credentials: false }, env: {}, base: current, expected: { ok: true, value: { spec: { repository: { credentials: { kind: 'none' } } } } } },
    { name: 'no URL for a new project', flags: {}, env: {}, base: undefined, expected: { ok: false, problem: expect.stringContaining('--url is required') } },
    { name: 'an unset token variable', flags: { url: 'https://e.com/o/r.git', tokenEnv: 'NOPE' }, env: {}, base: undefined, expected: { ok: false, problem: "--token-env NOPE: set NOPE in this shell's environment to the token" } },
    { name: 'two credentials', flags: { url: 'https://e.com/o/r.git', tokenEnv: 'T', deployKey: 'K' }, env: { T: 't' }, base: undefined, expected: { ok: false, problem: 'give one of --deploy-key-file, --token-env and --no-credentials' } },
  ])('$name', ({ flags, env, base, expected }) => {
    expect(projectDocument('p', flags, env, base)).toMatchObject(expected);
  });

  it('sends no credentials when none are named (the stored ones stay)', () => {
    const doc = projectDocument('p', { url: 'https://e.com/o/r.git' }, {}, current);
    expect(doc.ok).toBe(true);
    if (doc.ok) expect(doc.value.spec.repository).not.toHaveProperty('credentials');
  });
});

describe('referenceOf and parametersOf', () => {
  it.each([
    { flags: { branch: 'main' }, expected: { ok: true, value: 'refs/heads/main' } },
    { flags: { tag: 'v1' }, expected: { ok: true, value: 'refs/tags/v1' } },
    { flags: { pullRequest: '7' }, expected: { ok: true, value: 'refs/pull/7' } },
    { flags: {}, expected: { ok: false, problem: 'give one of --branch, --tag and --pull-request' } },
    { flags: { branch: 'a', tag: 'b' }, expected: { ok: false, problem: 'give one of --branch, --tag and --pull-request' } },
  ])('reference of $flags', ({ flags, expected }) => {
    expect(referenceOf(flags)).toEqual(expected);
  });

  it.each([
    { args: ['A=1', 'B=x=y'], expected: { ok: true, value: { A: '1', B: 'x=y' } } },
    { args: ['=1'], expected: { ok: false, problem: '--param =1: give NAME=VALUE' } },
    { args: ['A'], expected: { ok: false, problem: '--param A: give NAME=VALUE' } },
  ])('parameters $args', ({ args, expected }) => {
    expect(parametersOf(args)).toEqual(expected);
  });
});
