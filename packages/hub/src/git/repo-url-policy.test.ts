import { describe, expect, it } from 'vitest';
import { credentialProblem, parseRepoUrl } from './repo-url-policy.js';

describe('parseRepoUrl', () => {
  it.each([
    { name: 'https with .git', url: 'https://github.com/org/repo.git', kind: 'https', host: 'github.com', slug: 'org/repo', repo: 'repo' },
    { name: 'https without .git, with a port', url: 'https://git.example.com:8443/group/sub/app', kind: 'https', host: 'git.example.com', slug: 'sub/app', repo: 'app' },
    { name: 'http on loopback', url: 'http://127.0.0.1:9000/repo.git', kind: 'http', host: '127.0.0.1', slug: 'repo', repo: 'repo' },
    { name: 'ssh URL with a user', url: 'ssh://git@example.com:2222/org/repo.git', kind: 'ssh', host: 'example.com', slug: 'org/repo', repo: 'repo' },
    { name: 'scp-style (project-yaml.md)', url: 'git@github.com:renderedtext/goDemo.git', kind: 'ssh', host: 'github.com', slug: 'renderedtext/goDemo', repo: 'goDemo' },
    { name: 'scp-style without a user', url: 'example.com:repo.git', kind: 'ssh', host: 'example.com', slug: 'repo', repo: 'repo' },
    { name: 'file URL (the hub reads its own disk)', url: 'file:///srv/git/app.git', kind: 'file', host: '', slug: 'git/app', repo: 'app' },
  ])('accepts $name', ({ url, kind, host, slug, repo }) => {
    expect(parseRepoUrl(url)).toEqual({ ok: true, repo: { kind, url, host, slug, name: repo } });
  });

  it.each([
    { name: 'empty', url: '', problem: 'a project needs spec.repository.url' },
    { name: 'a password in an https URL', url: 'https://me:secret@github.com/org/repo.git', problem: 'put credentials in spec.repository.credentials' },
    { name: 'a user in an https URL', url: 'https://me@github.com/org/repo.git', problem: 'put credentials in spec.repository.credentials' },
    { name: 'git:// (unauthenticated)', url: 'git://example.com/repo.git', problem: "'git://' URLs are not supported" },
    { name: 'ext:: transport', url: 'ext::sh -c touch% /tmp/x', problem: 'shell characters' },
    { name: 'a host that is an ssh option', url: '-oProxyCommand=touch:repo.git', problem: 'is not a valid host name' },
    { name: 'an scp path that is an option', url: 'git@example.com:-repo.git', problem: 'must not start with "-"' },
    { name: 'shell substitution', url: 'https://example.com/$(touch x).git', problem: 'shell characters' },
    { name: 'a space', url: 'https://example.com/a b.git', problem: 'shell characters' },
    { name: 'a NUL byte', url: 'https://example.com/a\u0000.git', problem: 'shell characters' },
    { name: 'a relative file URL', url: 'file://relative/repo.git', problem: 'absolute path' },
    { name: 'a file URL with ..', url: 'file:///srv/../etc/repo.git', problem: '".." segments' },
    { name: 'a query', url: 'https://example.com/repo.git?x=1', problem: 'no query' },
    { name: 'no repository path', url: 'https://example.com/', problem: 'does not name a repository' },
    { name: 'too long', url: `https://example.com/${'a'.repeat(3000)}.git`, problem: 'at most 2048 characters' },
  ])('refuses $name', ({ url, problem }) => {
    const result = parseRepoUrl(url);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });
});

describe('credentialProblem', () => {
  const repo = (url: string) => {
    const r = parseRepoUrl(url);
    if (!r.ok) throw new Error(r.problem);
    return r.repo;
  };
  it.each([
    { name: 'a key for an ssh URL', url: 'git@github.com:o/r.git', kind: 'ssh_key' as const, problem: null },
    { name: 'a token for https', url: 'https://github.com/o/r.git', kind: 'token' as const, problem: null },
    { name: 'a token for http on loopback', url: 'http://127.0.0.1:1/r.git', kind: 'token' as const, problem: null },
    { name: 'nothing for anything', url: 'file:///srv/r.git', kind: 'none' as const, problem: null },
    { name: 'a token over http to another host', url: 'http://example.com/r.git', kind: 'token' as const, problem: 'in clear' },
    { name: 'a key for https', url: 'https://github.com/o/r.git', kind: 'ssh_key' as const, problem: 'an ssh_key is for ssh URLs' },
    { name: 'a token for ssh', url: 'git@github.com:o/r.git', kind: 'token' as const, problem: 'a token is for https URLs' },
    { name: 'credentials for file://', url: 'file:///srv/r.git', kind: 'token' as const, problem: 'takes no credentials' },
  ])('$name', ({ url, kind, problem }) => {
    const found = credentialProblem(repo(url), kind);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
