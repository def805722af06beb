import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { detectForge, verifyDelivery } from './signature-policy.js';

const SECRET = 'a'.repeat(64);
const BODY = Buffer.from('{"ref":"refs/heads/main"}');
const hmac = (secret: string, body: Buffer = BODY) => createHmac('sha256', secret).update(body).digest('hex');

describe('verifyDelivery', () => {
  it.each([
    { name: 'GitHub, signed with the secret', forge: 'github' as const, headers: { 'x-hub-signature-256': `sha256=${hmac(SECRET)}` }, ok: true },
    { name: 'GitHub, upper-case hex', forge: 'github' as const, headers: { 'x-hub-signature-256': `sha256=${hmac(SECRET).toUpperCase()}` }, ok: true },
    { name: 'GitHub, another secret', forge: 'github' as const, headers: { 'x-hub-signature-256': `sha256=${hmac('other')}` }, ok: false, problem: 'does not match' },
    { name: 'GitHub, another body', forge: 'github' as const, headers: { 'x-hub-signature-256': `sha256=${hmac(SECRET, Buffer.from('{}'))}` }, ok: false, problem: 'does not match' },
    { name: 'GitHub, the old SHA-1 header only', forge: 'github' as const, headers: { 'x-hub-signature': 'sha1=abc' }, ok: false, problem: 'must carry X-Hub-Signature-256' },
    { name: 'GitHub, no algorithm prefix', forge: 'github' as const, headers: { 'x-hub-signature-256': hmac(SECRET) }, ok: false, problem: 'must be sha256=<hex digest>' },
    { name: 'GitHub, a truncated digest', forge: 'github' as const, headers: { 'x-hub-signature-256': `sha256=${hmac(SECRET).slice(0, 10)}` }, ok: false, problem: 'does not match' },
    { name: 'GitLab, the secret as token', forge: 'gitlab' as const, headers: { 'x-gitlab-token': SECRET }, ok: true },
    { name: 'GitLab, another token', forge: 'gitlab' as const, headers: { 'x-gitlab-token': 'b'.repeat(64) }, ok: false, problem: 'does not match' },
    { name: 'GitLab, a prefix of the secret', forge: 'gitlab' as const, headers: { 'x-gitlab-token': SECRET.slice(0, 10) }, ok: false, problem: 'does not match' },
    { name: 'GitLab, no token', forge: 'gitlab' as const, headers: {}, ok: false, problem: 'must carry X-Gitlab-Token' },
    { name: 'Gitea, signed', forge: 'gitea' as const, headers: { 'x-gitea-signature': hmac(SECRET) }, ok: true },
    { name: "Forgejo's own header", forge: 'gitea' as const, headers: { 'x-forgejo-signature': hmac(SECRET) }, ok: true },
    { name: 'Gitea, unsigned', forge: 'gitea' as const, headers: {}, ok: false, problem: 'must carry X-Gitea-Signature' },
    { name: 'Gitea, with a GitHub-style prefix', forge: 'gitea' as const, headers: { 'x-gitea-signature': `sha256=${hmac(SECRET)}` }, ok: false, problem: 'does not match' },
  ])('$name', ({ forge, headers, ok, problem }) => {
    const result = verifyDelivery(forge, SECRET, BODY, headers);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.problem).toContain(problem);
  });
});

describe('detectForge', () => {
  it.each([
    { name: 'GitHub', headers: { 'x-github-event': 'push' }, forge: 'github' },
    { name: 'GitLab', headers: { 'x-gitlab-event': 'Push Hook' }, forge: 'gitlab' },
    { name: 'Gitea, which also sends GitHub and Gogs headers', headers: { 'x-gitea-event': 'push', 'x-github-event': 'push', 'x-gogs-event': 'push' }, forge: 'gitea' },
    { name: 'Forgejo', headers: { 'x-forgejo-event': 'push', 'x-github-event': 'push' }, forge: 'gitea' },
    { name: 'nothing known', headers: { 'x-bitbucket-event': 'push' }, forge: null },
  ])('$name', ({ headers, forge }) => {
    expect(detectForge(headers)).toBe(forge);
  });
});
