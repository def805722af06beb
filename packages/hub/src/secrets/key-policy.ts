/**
 * How the hub gets its secrets key (pure). OUTPOST_SECRETS_KEY wins; without it a single SQLite hub keeps a generated
 * key in its data directory; replicas sharing PostgreSQL must share one key, so they never generate one each: without
 * OUTPOST_SECRETS_KEY their secrets stay off (names can be listed and deleted, nothing can be encrypted or read).
 */
export type KeySource = { from: 'env'; text: string } | { from: 'data-dir' } | { from: 'none'; reason: string };

export const SECRETS_KEY_ENV = 'OUTPOST_SECRETS_KEY';
export const SECRETS_KEY_FILE = 'secrets.key';
export const KEY_LENGTH_BYTES = 32;

export function chooseKeySource(input: { envKey: string | undefined; usesPostgres: boolean }): KeySource {
  if (input.envKey !== undefined && input.envKey.trim() !== '') return { from: 'env', text: input.envKey };
  if (input.usesPostgres) {
    return {
      from: 'none',
      reason: `secrets are off: hubs sharing PostgreSQL need one key for all replicas; set ${SECRETS_KEY_ENV} (32 random bytes, e.g. from \`openssl rand -base64 32\`) to the same value on every replica and restart`,
    };
  }
  return { from: 'data-dir' };
}

/**
 * 32 bytes written as 64 hex characters or as base64 (standard or URL-safe, padding optional). The problem never
 * quotes the text: it is a key.
 */
export function parseSecretsKey(raw: string, where: string): { ok: true; key: Buffer } | { ok: false; problem: string } {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return { ok: true, key: Buffer.from(text, 'hex') };
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_LENGTH_BYTES) return { ok: true, key };
    return { ok: false, problem: `${where} decodes to ${key.length} bytes; the secrets key must be ${KEY_LENGTH_BYTES} bytes (64 hex characters or 44 base64 characters, e.g. from \`openssl rand -base64 32\`)` };
  }
  return { ok: false, problem: `${where} is neither hex nor base64; give 32 bytes as 64 hex characters or 44 base64 characters (e.g. from \`openssl rand -base64 32\`)` };
}

/** A key file others can read is refused, as ssh refuses such private keys. */
export function keyFileModeProblem(mode: number, path: string): string | null {
  const loose = mode & 0o077;
  if (loose === 0) return null;
  return `${path} can be read or written by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run \`chmod 600 ${path}\` and start the hub again`;
}
