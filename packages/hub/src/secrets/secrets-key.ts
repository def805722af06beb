import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecretCipher, type SecretCipher } from './cipher.js';
import { chooseKeySource, keyFileModeProblem, KEY_LENGTH_BYTES, parseSecretsKey, SECRETS_KEY_ENV, SECRETS_KEY_FILE } from './key-policy.js';

/** The hub's secrets key: ready (with where it came from) or off, with the sentence that says how to turn it on. */
export type SecretsKeyState =
  | { status: 'ready'; cipher: SecretCipher; source: 'env' | 'file' | 'generated'; path?: string }
  | { status: 'off'; reason: string };

export class SecretsKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretsKeyError';
  }
}

/**
 * Loads the key at startup (before anything else opens): OUTPOST_SECRETS_KEY, else `<dataDir>/secrets.key`, created
 * once with mode 0600 on a SQLite hub's first start. A malformed key or a key file others can read stops the start
 * with a SecretsKeyError that says what to fix.
 */
export function loadSecretsKey(input: { envKey: string | undefined; usesPostgres: boolean; dataDir: string }): SecretsKeyState {
  const source = chooseKeySource(input);
  if (source.from === 'none') return { status: 'off', reason: source.reason };
  if (source.from === 'env') {
    const parsed = parseSecretsKey(source.text, SECRETS_KEY_ENV);
    if (!parsed.ok) throw new SecretsKeyError(parsed.problem);
    return { status: 'ready', cipher: createSecretCipher(parsed.key), source: 'env' };
  }
  const path = join(input.dataDir, SECRETS_KEY_FILE);
  const created = createKeyFileOnce(input.dataDir, path);
  return { status: 'ready', cipher: createSecretCipher(readKeyFile(path)), source: created ? 'generated' : 'file', path };
}

/** Writes a new random key with mode 0600 unless the file exists; `wx` makes a concurrent first start keep one key. */
function createKeyFileOnce(dataDir: string, path: string): boolean {
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(KEY_LENGTH_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SecretsKeyError(`cannot create the secrets key file ${path}: ${(cause as Error).message}`, { cause });
  }
}

function readKeyFile(path: string): Buffer {
  let text: string;
  try {
    if (process.platform !== 'win32') {
      const problem = keyFileModeProblem(statSync(path).mode, path);
      if (problem) throw new SecretsKeyError(problem);
    }
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if (cause instanceof SecretsKeyError) throw cause;
    throw new SecretsKeyError(`cannot read the secrets key file ${path}: ${(cause as Error).message}`, { cause });
  }
  const parsed = parseSecretsKey(text, path);
  if (!parsed.ok) throw new SecretsKeyError(`${parsed.problem}; restore the file from your backup, or set ${SECRETS_KEY_ENV}`);
  return parsed.key;
}
