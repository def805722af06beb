import { describe, expect, it } from 'vitest';
import { emptyProjectForm, fieldOfError, formToInput, localProblems, type ProjectFormState } from './project-form-model.js';

const valid: ProjectFormState = { ...emptyProjectForm(), name: 'web', url: 'https://github.com/acme/web.git' };

describe('localProblems', () => {
  it.each<{ name: string; form: ProjectFormState; expected: ReturnType<typeof localProblems> }>([
    { name: 'a complete form', form: valid, expected: {} },
    { name: 'no name', form: { ...valid, name: ' ' }, expected: { name: 'Give the project a name.' } },
    { name: 'a name with a space', form: { ...valid, name: 'my app' }, expected: { name: 'A project name has no spaces.' } },
    { name: 'no URL', form: { ...valid, url: '' }, expected: { url: 'Give the repository URL, e.g. https://github.com/org/repo.git or file:///srv/git/repo.git.' } },
    { name: 'no pipeline file', form: { ...valid, pipelineFile: '' }, expected: { pipelineFile: 'Give the pipeline file, e.g. .semaphore/semaphore.yml.' } },
    { name: 'nothing runs it', form: { ...valid, runOn: { branches: false, tags: false, pull_requests: false } }, expected: { runOn: 'Choose at least one thing that runs the pipeline, or webhooks will run nothing.' } },
    { name: 'token chosen but empty', form: { ...valid, credential: 'token' }, expected: { credential: 'Paste the HTTPS token, or choose another option.' } },
    { name: 'key chosen but empty', form: { ...valid, credential: 'ssh_key' }, expected: { credential: 'Paste the private deploy key, or choose another option.' } },
  ])('$name', ({ form, expected }) => {
    expect(localProblems(form)).toEqual(expected);
  });
});

describe('formToInput', () => {
  it.each([
    {
      name: 'defaults: branches and tags, no whitelist, no credentials',
      form: valid,
      repository: { url: 'https://github.com/acme/web.git', pipeline_file: '.semaphore/semaphore.yml', run_on: ['branches', 'tags'], whitelist: { branches: [], tags: [] }, credentials: { kind: 'none' } },
    },
    {
      name: 'whitelists one per line, a token with a user name',
      form: { ...valid, whitelistBranches: 'main\n\n /release-.*/ ', runOn: { branches: true, tags: false, pull_requests: true }, credential: 'token' as const, token: ' ghp_x ', username: 'bot' },
      repository: { url: 'https://github.com/acme/web.git', pipeline_file: '.semaphore/semaphore.yml', run_on: ['branches', 'pull_requests'], whitelist: { branches: ['main', '/release-.*/'], tags: [] }, credentials: { kind: 'token', token: 'ghp_x', username: 'bot' } },
    },
    {
      name: 'an ssh key gets its final newline; keep sends no credentials',
      form: { ...valid, credential: 'ssh_key' as const, sshKey: '-----BEGIN KEY-----\nabc\n-----END KEY-----' },
      repository: { url: 'https://github.com/acme/web.git', pipeline_file: '.semaphore/semaphore.yml', run_on: ['branches', 'tags'], whitelist: { branches: [], tags: [] }, credentials: { kind: 'ssh_key', ssh_key: '-----BEGIN KEY-----\nabc\n-----END KEY-----\n' } },
    },
    {
      name: 'keep leaves the credentials as they are',
      form: { ...valid, credential: 'keep' as const },
      repository: { url: 'https://github.com/acme/web.git', pipeline_file: '.semaphore/semaphore.yml', run_on: ['branches', 'tags'], whitelist: { branches: [], tags: [] } },
    },
  ])('$name', ({ form, repository }) => {
    expect(formToInput(form)).toEqual({ apiVersion: 'v1alpha', kind: 'Project', metadata: { name: 'web', description: '' }, spec: { repository } });
  });
});

describe('fieldOfError', () => {
  it.each([
    { field: 'metadata.name', expected: 'name' },
    { field: 'spec.repository.url', expected: 'url' },
    { field: 'spec.repository.pipeline_file', expected: 'pipelineFile' },
    { field: 'spec.repository.run_on', expected: 'runOn' },
    { field: 'spec.repository.credentials.ssh_key', expected: 'credential' },
    { field: 'spec.repository.whitelist.branches', expected: 'form' },
    { field: undefined, expected: 'form' },
  ])('$field', ({ field, expected }) => {
    expect(fieldOfError(field)).toBe(expected);
  });
});
