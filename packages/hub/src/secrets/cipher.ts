import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a random 96-bit nonce per value and additional authenticated data that names what the value
 * belongs to (a secret's id and variable, or a job's id): a ciphertext copied onto another row, variable or job fails
 * authentication instead of decrypting. An envelope is `v1.<nonce>.<ciphertext>.<tag>`, base64url parts.
 *
 * Random nonces are safe for about 2^32 encryptions under one key (NIST SP 800-38D §8.3); a hub encrypts once per
 * secret value written and once per job that imports secrets, far below that.
 */
export interface SecretCipher {
  /** A short fingerprint of the key (not derived reversibly): tells which key wrote a row. */
  keyId: string;
  encrypt(plaintext: Buffer | string, aad: string): string;
  /** Throws SecretDecryptError when the envelope was altered, belongs elsewhere (AAD) or was written with another key. */
  decrypt(envelope: string, aad: string): Buffer;
}

export const SECRETS_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export class SecretDecryptError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretDecryptError';
  }
}

export function createSecretCipher(key: Buffer): SecretCipher {
  if (key.length !== SECRETS_KEY_BYTES) throw new Error(`the secrets key must be ${SECRETS_KEY_BYTES} bytes; got ${key.length}`);
  const keyCopy = Buffer.from(key);
  return {
    keyId: keyIdOf(keyCopy),
    encrypt: (plaintext, aad) => encrypt(keyCopy, plaintext, aad),
    decrypt: (envelope, aad) => decrypt(keyCopy, envelope, aad),
  };
}

/** 16 hex characters of HMAC-SHA256(key, label): identifies a key without revealing anything about it. */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('outpost secrets key id').digest('hex').slice(0, 16);
}

function encrypt(key: Buffer, plaintext: Buffer | string, aad: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
  return [VERSION, nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

function decrypt(key: Buffer, envelope: string, aad: string): Buffer {
  const parts = envelope.split('.');
  const [version, nonceText, bodyText, tagText] = parts;
  if (parts.length !== 4 || version !== VERSION || nonceText === undefined || bodyText === undefined || tagText === undefined) {
    throw new SecretDecryptError('the stored value is not an Outpost v1 envelope');
  }
  const nonce = Buffer.from(nonceText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) throw new SecretDecryptError('the stored value has a nonce or tag of the wrong size');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]);
  } catch (cause) {
    throw new SecretDecryptError('the stored value does not authenticate: it was altered, moved, or written with another key', { cause });
  }
}
