import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecretsKey, SecretsKeyError } from '../../src/secrets/secrets-key.js';
import { keyIdOf } from '../../src/secrets/cipher.js';
import { startHub } from '../support/start-hub.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-key-'));
  dirs.push(dir);
  return dir;
}

describe('loading the secrets key', () => {
  it('takes OUTPOST_SECRETS_KEY as base64 or hex and writes no key file', () => {
    const key = randomBytes(32);
    const dataDir = tempDir();
    for (const text of [key.toString('base64'), key.toString('hex')]) {
      const state = loadSecretsKey({ envKey: text, usesPostgres: false, dataDir });
      expect(state.status === 'ready' && state.source).toBe('env');
      expect(state.status === 'ready' && state.cipher.keyId).toBe(keyIdOf(key));
    }
    expect(() => statSync(join(dataDir, 'secrets.key'))).toThrow();
  });

  it('creates <data dir>/secrets.key once with mode 0600 and reads the same key on every later start', () => {
    const dataDir = join(tempDir(), 'not-yet-there');
    const first = loadSecretsKey({ envKey: undefined, usesPostgres: false, dataDir });
    expect(first).toMatchObject({ status: 'ready', source: 'generated', path: join(dataDir, 'secrets.key') });
    const path = join(dataDir, 'secrets.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const written = readFileSync(path, 'utf8');
    expect(Buffer.from(written.trim(), 'base64')).toHaveLength(32);

    const second = loadSecretsKey({ envKey: undefined, usesPostgres: false, dataDir });
    expect(second).toMatchObject({ status: 'ready', source: 'file' });
    expect(second.status === 'ready' && second.cipher.keyId).toBe(first.status === 'ready' && first.cipher.keyId);
    expect(readFileSync(path, 'utf8')).toBe(written);
  });

  it.each([
    { name: 'too short', text: Buffer.alloc(16, 9).toString('base64'), message: 'OUTPOST_SECRETS_KEY decodes to 16 bytes; the secrets key must be 32 bytes' },
    { name: 'not a key at all', text: 'my secret password', message: 'OUTPOST_SECRETS_KEY is neither hex nor base64' },
  ])('refuses an OUTPOST_SECRETS_KEY that is $name, without quoting it', ({ text, message }) => {
    const attempt = () => loadSecretsKey({ envKey: text, usesPostgres: false, dataDir: tempDir() });
    expect(attempt).toThrow(SecretsKeyError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain(text);
    }
  });

  it('refuses a key file that other users can read, saying how to fix it', () => {
    const dataDir = tempDir();
    loadSecretsKey({ envKey: undefined, usesPostgres: false, dataDir });
    chmodSync(join(dataDir, 'secrets.key'), 0o644);
    expect(() => loadSecretsKey({ envKey: undefined, usesPostgres: false, dataDir })).toThrow(`(mode 0644); run \`chmod 600 ${join(dataDir, 'secrets.key')}\``);
  });

  it('refuses a damaged key file instead of making a new key (which would orphan every secret)', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'secrets.key'), 'short\n', { mode: 0o600 });
    expect(() => loadSecretsKey({ envKey: undefined, usesPostgres: false, dataDir })).toThrow(/secrets\.key decodes to 3 bytes.*restore the file from your backup/);
  });

  it('turns secrets off on PostgreSQL without OUTPOST_SECRETS_KEY and writes no key file', () => {
    const dataDir = tempDir();
    const state = loadSecretsKey({ envKey: undefined, usesPostgres: true, dataDir });
    expect(state.status).toBe('off');
    expect(() => statSync(join(dataDir, 'secrets.key'))).toThrow();
  });

  it('stops the hub from starting with a malformed OUTPOST_SECRETS_KEY', async () => {
    await expect(startHub({ env: { OUTPOST_SECRETS_KEY: 'abc' } })).rejects.toThrow(/OUTPOST_SECRETS_KEY decodes to 2 bytes/);
  });
});
