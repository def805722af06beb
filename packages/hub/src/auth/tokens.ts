import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret: 32 random bytes (256 bits), hex — 64 characters, safe in headers, URLs and YAML. */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/** Tokens are stored and looked up only by their SHA-256 hash (one-shot `hash`: ¼ of createHash's cost, every request pays it). */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Parses `Authorization: <scheme> <value>`; returns the value when the scheme matches (case-insensitive). */
export function readAuthorization(header: string | undefined, scheme: 'Token' | 'Bearer'): string | null {
  if (!header) return null;
  const space = header.indexOf(' ');
  if (space === -1) return null;
  if (header.slice(0, space).toLowerCase() !== scheme.toLowerCase()) return null;
  const value = header.slice(space + 1).trim();
  return value.length > 0 && value.length <= 512 ? value : null;
}
