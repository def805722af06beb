import { describe, expect, it } from 'vitest';
import { runInput, type RunFormState } from './run-form-model.js';

describe('runInput', () => {
  it.each<{ name: string; form: RunFormState; expected: ReturnType<typeof runInput> }>([
    { name: 'a branch runs its head', form: { kind: 'branch', name: 'main', sha: '' }, expected: { ok: true, input: { project_id: 'p1', reference: 'refs/heads/main' } } },
    { name: 'a tag', form: { kind: 'tag', name: 'v1.2.0', sha: '' }, expected: { ok: true, input: { project_id: 'p1', reference: 'refs/tags/v1.2.0' } } },
    { name: 'a pasted full ref keeps one prefix', form: { kind: 'branch', name: 'refs/heads/feature/x', sha: '' }, expected: { ok: true, input: { project_id: 'p1', reference: 'refs/heads/feature/x' } } },
    { name: 'a SHA is lower-cased', form: { kind: 'branch', name: 'main', sha: ' ABCDEF1 ' }, expected: { ok: true, input: { project_id: 'p1', reference: 'refs/heads/main', commit_sha: 'abcdef1' } } },
    { name: 'an empty branch', form: { kind: 'branch', name: ' ', sha: '' }, expected: { ok: false, field: 'name', problem: 'Name the branch to run, e.g. main.' } },
    { name: 'an empty tag', form: { kind: 'tag', name: '', sha: '' }, expected: { ok: false, field: 'name', problem: 'Name the tag to run, e.g. v1.0.0.' } },
    { name: 'spaces in a name', form: { kind: 'branch', name: 'my branch', sha: '' }, expected: { ok: false, field: 'name', problem: 'A branch or tag name has no spaces.' } },
    { name: 'a SHA that is not hex', form: { kind: 'branch', name: 'main', sha: 'HEAD~1' }, expected: { ok: false, field: 'sha', problem: 'A commit SHA is 7 to 64 hexadecimal characters; leave it empty to run the head.' } },
  ])('$name', ({ form, expected }) => {
    expect(runInput('p1', form)).toEqual(expected);
  });
});
