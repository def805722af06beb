import { describe, expect, it } from 'vitest';
import { parseCommitSha, parseReference, parseRepoPath, refNameProblem } from './ref-policy.js';

describe('parseReference', () => {
  it.each([
    { name: 'a branch ref', text: 'refs/heads/main', ref: { kind: 'branch', name: 'main', ref: 'refs/heads/main' } },
    { name: 'a bare name is a branch', text: 'feature/JIRA-12_fix', ref: { kind: 'branch', name: 'feature/JIRA-12_fix', ref: 'refs/heads/feature/JIRA-12_fix' } },
    { name: 'a tag ref', text: 'refs/tags/v1.0', ref: { kind: 'tag', name: 'v1.0', ref: 'refs/tags/v1.0' } },
    { name: "Semaphore's pull request ref", text: 'refs/pull/123', ref: { kind: 'pull_request', number: '123', ref: 'refs/pull/123' } },
    { name: "GitHub's head ref", text: 'refs/pull/7/head', ref: { kind: 'pull_request', number: '7', ref: 'refs/pull/7' } },
    { name: "GitLab's merge request ref", text: 'refs/merge-requests/9/head', ref: { kind: 'pull_request', number: '9', ref: 'refs/pull/9' } },
  ])('reads $name', ({ text, ref }) => {
    expect(parseReference(text)).toEqual({ ok: true, ref });
  });

  it.each([
    { name: 'an option', text: '--upload-pack=touch /tmp/x', problem: 'characters Outpost does not accept' },
    { name: 'a leading dash', text: '-x', problem: 'must not start with "-"' },
    { name: 'shell substitution', text: 'refs/heads/$(touch x)', problem: 'characters Outpost does not accept' },
    { name: 'backticks', text: 'a`id`', problem: 'characters Outpost does not accept' },
    { name: 'a space', text: 'a b', problem: 'characters Outpost does not accept' },
    { name: 'a newline', text: 'a\nb', problem: 'characters Outpost does not accept' },
    { name: 'two dots', text: 'a..b', problem: 'not a valid git reference name' },
    { name: 'a .lock component', text: 'a/b.lock', problem: 'not a valid git reference name' },
    { name: 'a hidden component', text: 'a/.b', problem: 'not a valid git reference name' },
    { name: 'a trailing slash', text: 'refs/heads/a/', problem: 'not a valid git reference name' },
    { name: 'an empty branch', text: 'refs/heads/', problem: 'must not be empty' },
    { name: 'a reflog expression', text: 'main@{1}', problem: 'characters Outpost does not accept' },
    { name: 'another ref namespace', text: 'refs/notes/x', problem: 'is not a reference Outpost runs' },
    { name: 'pull request zero', text: 'refs/pull/0', problem: 'is not a reference Outpost runs' },
    { name: 'too long', text: 'a'.repeat(300), problem: 'at most 255 characters' },
  ])('refuses $name', ({ text, problem }) => {
    const result = parseReference(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });

  it('accepts what git accepts inside the character set', () => {
    expect(refNameProblem('release/2024.10+build@x=1')).toBeNull();
  });
});

describe('parseCommitSha', () => {
  it.each([
    { name: 'SHA-1', text: 'A'.repeat(40), ok: true },
    { name: 'SHA-256', text: 'b'.repeat(64), ok: true },
    { name: 'an abbreviation', text: 'abc1234', ok: false },
    { name: 'an option', text: `--${'a'.repeat(38)}`, ok: false },
    { name: 'not hex', text: 'g'.repeat(40), ok: false },
  ])('$name', ({ text, ok }) => {
    const result = parseCommitSha(text);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.sha).toBe(text.toLowerCase());
  });
});

describe('parseRepoPath', () => {
  it.each([
    { name: 'the default file', text: '.semaphore/semaphore.yml', path: '.semaphore/semaphore.yml' },
    { name: "a leading slash (Semaphore's API example)", text: '/.semaphore/deploy.yml', path: '.semaphore/deploy.yml' },
    { name: 'a space', text: 'ci/my pipeline.yml', path: 'ci/my pipeline.yml' },
  ])('accepts $name', ({ text, path }) => {
    expect(parseRepoPath(text)).toEqual({ ok: true, path });
  });

  it.each([
    { name: 'a parent segment', text: '../etc/passwd' },
    { name: 'a dot segment', text: './a.yml' },
    { name: 'an empty segment', text: 'a//b.yml' },
    { name: 'an option', text: '--output=x' },
    { name: 'a shell character', text: 'a;b.yml' },
    { name: 'empty', text: '' },
    { name: 'a NUL byte', text: 'a\u0000.yml' },
  ])('refuses $name', ({ text }) => {
    expect(parseRepoPath(text).ok).toBe(false);
  });
});
