import { describe, expect, it } from 'vitest';
import { withCheckout, type ProjectRunFacts } from './checkout-job-spec.js';
import { emptyHookDetails } from './hook-details.js';
import type { JobInput } from '@outpost/protocol';

type JobSpec = JobInput['spec'];

const SHA = 'c'.repeat(40);
const JOB = '0190f2c4-8a4b-7c3e-9d2a-0123456789ab';
const facts = (over: Partial<ProjectRunFacts> = {}): ProjectRunFacts => ({
  projectId: 'p-1', projectName: 'app', url: 'git@github.com:org/app.git', repoSlug: 'org/app', repoName: 'app', refKind: 'branch', sha: SHA, triggeredBy: 'HOOK',
  hook: { ...emptyHookDetails(), branch: 'main', author: 'ada', provider: 'github', commitRange: `${'a'.repeat(40)}...${SHA}` },
  credential: { kind: 'none' }, knownHosts: '', ...over,
});
const spec = (env: Array<[string, string]>, commands = ['make test']): JobSpec => ({
  agent: { machine: { type: 's1-x' } },
  commands,
  env_vars: env.map(([name, value]) => ({ name, value })),
  epilogue_on_pass_commands: ['echo passed'],
});
const envOf = (s: JobSpec) => Object.fromEntries((s.env_vars ?? []).map((v) => [v.name, v.value]));
const decode = (text: string) => Buffer.from(text, 'base64').toString('utf8');

describe('withCheckout', () => {
  it('sources the checkout script first, removes the job files last, and injects the script as a 0700 file', () => {
    const { spec: out, secrets } = withCheckout(spec([]), JOB, facts(), 0);
    expect(out.commands).toEqual([`source ~/.outpost/jobs/${JOB}/checkout.sh`, 'make test']);
    expect(out.epilogue_on_pass_commands).toEqual(['echo passed', `rm -rf ~/.outpost/jobs/${JOB}`]);
    expect(out.epilogue_on_fail_commands).toEqual([`rm -rf ~/.outpost/jobs/${JOB}`]);
    expect(out.files?.map((f) => [f.path, f.mode])).toEqual([[`.outpost/jobs/${JOB}/checkout.sh`, '0700']]);
    expect(decode(out.files?.[0]?.content ?? '')).toContain('checkout() {');
    expect(secrets).toEqual([]);
  });

  it.each([
    {
      name: 'a branch push',
      facts: facts(),
      env: { SEMAPHORE_GIT_REF_TYPE: 'branch', SEMAPHORE_GIT_REF: 'refs/heads/main', SEMAPHORE_GIT_BRANCH: 'main', SEMAPHORE_GIT_WORKING_BRANCH: 'main', SEMAPHORE_GIT_SHA: SHA, SEMAPHORE_GIT_DIR: 'app', SEMAPHORE_GIT_REPO_SLUG: 'org/app', SEMAPHORE_GIT_URL: 'git@github.com:org/app.git', SEMAPHORE_GIT_COMMIT_RANGE: `${'a'.repeat(40)}...${SHA}`, SEMAPHORE_GIT_COMMIT_AUTHOR: 'ada', SEMAPHORE_GIT_PROVIDER: 'github', SEMAPHORE_WORKFLOW_TRIGGERED_BY_HOOK: 'true', SEMAPHORE_WORKFLOW_TRIGGERED_BY_API: 'false', SEMAPHORE_PROJECT_NAME: 'app' },
      absent: ['SEMAPHORE_GIT_TAG_NAME', 'SEMAPHORE_GIT_PR_NUMBER'],
    },
    {
      name: 'a tag (no working branch, the branch is the tag as the toolbox checks it out)',
      facts: facts({ refKind: 'tag', hook: { ...emptyHookDetails(), tag: 'v1.0' } }),
      env: { SEMAPHORE_GIT_REF_TYPE: 'tag', SEMAPHORE_GIT_REF: 'refs/tags/v1.0', SEMAPHORE_GIT_TAG_NAME: 'v1.0', SEMAPHORE_GIT_BRANCH: 'v1.0' },
      absent: ['SEMAPHORE_GIT_WORKING_BRANCH'],
    },
    {
      name: 'a pull request (reference/env-vars.md: BRANCH the target, WORKING_BRANCH and PR_BRANCH its own)',
      facts: facts({ refKind: 'pull_request', hook: { ...emptyHookDetails(), branch: 'main', prNumber: '7', prBranch: 'feature', prSha: SHA, prName: 'Add x', prSlug: 'org/app' } }),
      env: { SEMAPHORE_GIT_REF_TYPE: 'pull-request', SEMAPHORE_GIT_REF: 'refs/pull/7', SEMAPHORE_GIT_BRANCH: 'main', SEMAPHORE_GIT_WORKING_BRANCH: 'feature', SEMAPHORE_GIT_PR_BRANCH: 'feature', SEMAPHORE_GIT_PR_NUMBER: '7', SEMAPHORE_GIT_PR_NAME: 'Add x', SEMAPHORE_GIT_PR_SHA: SHA, SEMAPHORE_GIT_PR_SLUG: 'org/app' },
      absent: ['SEMAPHORE_GIT_TAG_NAME'],
    },
    {
      name: 'an API run with parameters',
      facts: facts({ triggeredBy: 'API', hook: { ...emptyHookDetails(), branch: 'main', parameters: { TARGET: 'staging' } } }),
      env: { SEMAPHORE_WORKFLOW_TRIGGERED_BY_API: 'true', SEMAPHORE_WORKFLOW_TRIGGERED_BY_HOOK: 'false', TARGET: 'staging' },
      absent: [],
    },
  ])('gives $name the SEMAPHORE_GIT_* variables', ({ facts: f, env, absent }) => {
    const got = envOf(withCheckout(spec([]), JOB, f, 0).spec);
    expect(got).toMatchObject(env);
    for (const name of absent) expect(got).not.toHaveProperty(name);
  });

  it("replaces the hub's own variables but lets the job's own env_vars win", () => {
    const before = spec([['SEMAPHORE_WORKFLOW_TRIGGERED_BY_HOOK', 'false'], ['SEMAPHORE_PIPELINE_ID', 'p'], ['SEMAPHORE_GIT_DIR', 'src']]);
    const out = withCheckout(before, JOB, facts(), 1).spec;
    const names = (out.env_vars ?? []).map((v) => v.name);
    expect(names.filter((n) => n === 'SEMAPHORE_WORKFLOW_TRIGGERED_BY_HOOK')).toHaveLength(1);
    expect(envOf(out)).toMatchObject({ SEMAPHORE_WORKFLOW_TRIGGERED_BY_HOOK: 'true', SEMAPHORE_PIPELINE_ID: 'p', SEMAPHORE_GIT_DIR: 'src' });
    expect(names[names.length - 1]).toBe('SEMAPHORE_GIT_DIR');
  });

  it('puts an SSH key in a 0600 file of the secrets (never the spec) and pins the host keys the hub learned', () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----';
    const { spec: out, secrets } = withCheckout(spec([]), JOB, facts({ credential: { kind: 'ssh_key', sshKey: key }, knownHosts: 'github.com ssh-ed25519 AAAA\n' }), 0);
    expect(secrets).toEqual([{ name: 'outpost-repository-credentials', envVars: [], files: [{ path: `.outpost/jobs/${JOB}/git-ssh-key`, content: Buffer.from(`${key}\n`).toString('base64'), mode: '0600' }] }]);
    expect(JSON.stringify(out)).not.toContain(Buffer.from(key).toString('base64'));
    const files = Object.fromEntries((out.files ?? []).map((f) => [f.path, decode(f.content)]));
    expect(files[`.outpost/jobs/${JOB}/known_hosts`]).toBe('github.com ssh-ed25519 AAAA\n');
    expect(files[`.outpost/jobs/${JOB}/checkout.sh`]).toContain('StrictHostKeyChecking=yes');
  });

  it('puts a token and its user name in 0600 files of the secrets', () => {
    const { secrets } = withCheckout(spec([]), JOB, facts({ url: 'https://gitlab.com/o/r.git', credential: { kind: 'token', token: 'glpat-abc', username: 'oauth2' } }), 0);
    expect(secrets[0]?.files.map((f) => [f.path, decode(f.content), f.mode])).toEqual([
      [`.outpost/jobs/${JOB}/git-token`, 'glpat-abc', '0600'],
      [`.outpost/jobs/${JOB}/git-token-user`, 'oauth2', '0600'],
    ]);
  });
});
