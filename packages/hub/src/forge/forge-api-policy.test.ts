import { describe, expect, it } from 'vitest';
import { buildStatusRequest, checkApiUrl, resolveForgeTarget, type ForgeSettings } from './forge-api-policy.js';

const none: ForgeSettings = { kind: null, apiUrl: null, repository: null };

describe('resolveForgeTarget', () => {
  it.each([
    { name: 'github.com over https', url: 'https://github.com/acme/app.git', settings: none, hook: null, expected: { kind: 'github', apiBase: 'https://api.github.com', repository: 'acme/app' } },
    { name: 'github.com scp-style', url: 'git@github.com:acme/app.git', settings: none, hook: null, expected: { kind: 'github', apiBase: 'https://api.github.com', repository: 'acme/app' } },
    { name: 'GitHub Enterprise from a GitHub webhook', url: 'https://ghe.acme.dev/acme/app', settings: none, hook: 'github', expected: { kind: 'github', apiBase: 'https://ghe.acme.dev/api/v3', repository: 'acme/app' } },
    { name: 'gitlab.com with subgroups', url: 'https://gitlab.com/acme/team/app.git', settings: none, hook: null, expected: { kind: 'gitlab', apiBase: 'https://gitlab.com/api/v4', repository: 'acme/team/app' } },
    { name: 'self-hosted GitLab over ssh:// with a port: https on the host', url: 'ssh://git@gl.acme.dev:2222/acme/app.git', settings: none, hook: 'gitlab', expected: { kind: 'gitlab', apiBase: 'https://gl.acme.dev/api/v4', repository: 'acme/app' } },
    { name: 'Gitea over http keeps its port', url: 'http://gitea.lan:3000/acme/app.git', settings: none, hook: 'gitea', expected: { kind: 'gitea', apiBase: 'http://gitea.lan:3000/api/v1', repository: 'acme/app' } },
    { name: 'codeberg is Gitea', url: 'https://codeberg.org/acme/app.git', settings: none, hook: null, expected: { kind: 'gitea', apiBase: 'https://codeberg.org/api/v1', repository: 'acme/app' } },
    { name: 'the settings win over the webhook and the URL', url: 'https://github.com/acme/app.git', settings: { kind: 'gitea', apiUrl: 'http://127.0.0.1:9/api/v1/', repository: 'me/mirror' }, hook: 'github', expected: { kind: 'gitea', apiBase: 'http://127.0.0.1:9/api/v1', repository: 'me/mirror' } },
    { name: 'a file:// repository with everything set', url: 'file:///srv/git/app.git', settings: { kind: 'github', apiUrl: 'http://127.0.0.1:9', repository: 'acme/app' }, hook: 'api', expected: { kind: 'github', apiBase: 'http://127.0.0.1:9', repository: 'acme/app' } },
  ])('$name', ({ url, settings, hook, expected }) => {
    expect(resolveForgeTarget(url, settings as ForgeSettings, hook)).toEqual({ ok: true, target: expected });
  });

  it.each([
    { name: 'an unknown host without a kind', url: 'https://git.acme.dev/acme/app.git', settings: none, hook: 'api', problem: /forge is not known/ },
    { name: 'a file:// repository without a repository path', url: 'file:///srv/git/app.git', settings: { ...none, kind: 'gitea' as const }, hook: null, problem: /repository path/ },
    { name: 'a file:// repository without an API URL', url: 'file:///srv/git/app.git', settings: { ...none, kind: 'gitea' as const, repository: 'a/b' }, hook: null, problem: /API is not known/ },
    { name: 'a repository URL with a single path segment', url: 'https://github.com/app', settings: none, hook: null, problem: /repository path/ },
  ])('refuses $name', ({ url, settings, hook, problem }) => {
    const check = resolveForgeTarget(url, settings, hook);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toMatch(problem);
  });
});

const payload = { sha: 'abc123', state: 'success', description: 'The pipeline passed', context: 'outpost/.semaphore/semaphore.yml', targetUrl: 'https://ci.acme.dev/pipelines/p1' };

describe('buildStatusRequest', () => {
  it.each([
    {
      name: 'GitHub: POST /repos/{owner}/{repo}/statuses/{sha}, Bearer token',
      target: { kind: 'github' as const, apiBase: 'https://api.github.com', repository: 'acme/app' },
      url: 'https://api.github.com/repos/acme/app/statuses/abc123',
      body: { state: 'success', target_url: payload.targetUrl, description: payload.description, context: payload.context },
      tokenHeader: { name: 'authorization', prefix: 'Bearer ' },
    },
    {
      name: 'GitLab: POST /projects/:id/statuses/:sha with the path URL-encoded, PRIVATE-TOKEN',
      target: { kind: 'gitlab' as const, apiBase: 'https://gitlab.com/api/v4', repository: 'acme/team/app' },
      url: 'https://gitlab.com/api/v4/projects/acme%2Fteam%2Fapp/statuses/abc123',
      body: { state: 'success', name: payload.context, target_url: payload.targetUrl, description: payload.description },
      tokenHeader: { name: 'private-token', prefix: '' },
    },
    {
      name: 'Gitea: POST /repos/{owner}/{repo}/statuses/{sha}, token auth',
      target: { kind: 'gitea' as const, apiBase: 'http://gitea.lan:3000/api/v1', repository: 'acme/app' },
      url: 'http://gitea.lan:3000/api/v1/repos/acme/app/statuses/abc123',
      body: { state: 'success', target_url: payload.targetUrl, description: payload.description, context: payload.context },
      tokenHeader: { name: 'authorization', prefix: 'token ' },
    },
  ])('$name', ({ target, url, body, tokenHeader }) => {
    const request = buildStatusRequest(target, payload);
    expect(request.url).toBe(url);
    expect(request.body).toEqual(body);
    expect(request.tokenHeader).toEqual(tokenHeader);
    expect(JSON.stringify(request.headers)).not.toMatch(/token|authorization/i);
  });
});

describe('checkApiUrl', () => {
  it.each([
    { name: 'https with a path, trailing slash dropped', text: 'https://gitea.acme.dev/api/v1/', ok: true, url: 'https://gitea.acme.dev/api/v1' },
    { name: 'http on a port', text: 'http://127.0.0.1:4000', ok: true, url: 'http://127.0.0.1:4000' },
    { name: 'not a URL', text: 'gitea.acme.dev', ok: false, url: '' },
    { name: 'another scheme', text: 'ftp://x/api', ok: false, url: '' },
    { name: 'credentials in the URL', text: 'https://me:secret@x/api', ok: false, url: '' },
    { name: 'a query', text: 'https://x/api?a=1', ok: false, url: '' },
  ])('$name', ({ text, ok, url }) => {
    const check = checkApiUrl(text);
    expect(check.ok).toBe(ok);
    if (check.ok) expect(check.url).toBe(url);
  });
});
