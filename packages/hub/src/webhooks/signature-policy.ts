import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether a forge's delivery carries the project's webhook secret (pure): GitHub and Gitea/Forgejo sign the raw body
 * with HMAC-SHA256 (`X-Hub-Signature-256: sha256=<hex>`, `X-Gitea-Signature: <hex>`); GitLab sends the secret itself
 * (`X-Gitlab-Token`). Every comparison is constant-time over equal-length buffers (timingSafeEqual): signatures are
 * compared as the bytes of their hex digests, GitLab's token as SHA-256 digests of both sides.
 */
export type Forge = 'github' | 'gitlab' | 'gitea';

export type SignatureCheck = { ok: true } | { ok: false; problem: string };

export const SIGNATURE_HEADERS: Record<Forge, string> = {
  github: 'x-hub-signature-256',
  gitlab: 'x-gitlab-token',
  gitea: 'x-gitea-signature',
};

export function verifyDelivery(forge: Forge, secret: string, body: Buffer, headers: Record<string, string | undefined>): SignatureCheck {
  if (forge === 'gitlab') return verifyToken(secret, headers['x-gitlab-token']);
  if (forge === 'github') {
    const header = headers['x-hub-signature-256'];
    if (!header) return missing('GitHub', 'X-Hub-Signature-256');
    if (!header.startsWith('sha256=')) return { ok: false, problem: 'X-Hub-Signature-256 must be sha256=<hex digest>; the delivery was refused' };
    return verifyHmac(secret, body, header.slice('sha256='.length));
  }
  const header = headers['x-gitea-signature'] ?? headers['x-forgejo-signature'];
  if (!header) return missing('Gitea/Forgejo', 'X-Gitea-Signature');
  return verifyHmac(secret, body, header);
}

function verifyHmac(secret: string, body: Buffer, hexDigest: string): SignatureCheck {
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'), 'utf8');
  const given = Buffer.from(hexDigest.trim().toLowerCase(), 'utf8');
  if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  return { ok: false, problem: "the delivery's signature does not match the project's webhook secret; copy the current secret into the forge's webhook settings" };
}

function verifyToken(secret: string, token: string | undefined): SignatureCheck {
  if (token === undefined) return missing('GitLab', 'X-Gitlab-Token');
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  if (timingSafeEqual(digest(token), digest(secret))) return { ok: true };
  return { ok: false, problem: "X-Gitlab-Token does not match the project's webhook secret; copy the current secret into the webhook's Secret token" };
}

function missing(forge: string, header: string): SignatureCheck {
  return { ok: false, problem: `a ${forge} delivery must carry ${header}: set the project's webhook secret in the forge's webhook settings` };
}

/** Which forge sent a delivery, from its headers (Gitea also sends GitHub's and Gogs' event headers, so it is asked first). */
export function detectForge(headers: Record<string, string | undefined>): Forge | null {
  if (headers['x-gitea-event'] || headers['x-forgejo-event']) return 'gitea';
  if (headers['x-gitlab-event']) return 'gitlab';
  if (headers['x-github-event']) return 'github';
  return null;
}

export const DELIVERY_HEADERS: Record<Forge, string[]> = {
  github: ['x-github-delivery'],
  gitlab: ['x-gitlab-event-uuid', 'x-gitlab-webhook-uuid'],
  gitea: ['x-gitea-delivery', 'x-forgejo-delivery'],
};

export const EVENT_HEADERS: Record<Forge, string[]> = {
  github: ['x-github-event'],
  gitlab: ['x-gitlab-event'],
  gitea: ['x-gitea-event', 'x-forgejo-event'],
};
