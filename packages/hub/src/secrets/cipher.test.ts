import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretCipher, keyIdOf, SecretDecryptError } from './cipher.js';

const key = randomBytes(32);
const cipher = createSecretCipher(key);

/** Flips one bit of the base64url part `part` (1 nonce, 2 ciphertext, 3 tag) of an envelope. */
function flip(envelope: string, part: 1 | 2 | 3): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('the secrets cipher (AES-256-GCM)', () => {
  it.each([
    { name: 'a short value', plaintext: 'hunter2-password' },
    { name: 'an empty value', plaintext: '' },
    { name: 'unicode and newlines', plaintext: 'ключ\n🔑 line two\r\n' },
    { name: 'a 1 MiB value', plaintext: 'x'.repeat(1024 * 1024) },
  ])('round-trips $name', ({ plaintext }) => {
    const envelope = cipher.encrypt(plaintext, 'outpost/secret/1/env/A');
    expect(cipher.decrypt(envelope, 'outpost/secret/1/env/A').toString('utf8')).toBe(plaintext);
  });

  it('round-trips binary content byte for byte', () => {
    const bytes = randomBytes(4096);
    expect(cipher.decrypt(cipher.encrypt(bytes, 'aad'), 'aad').equals(bytes)).toBe(true);
  });

  it('uses a fresh 96-bit nonce for every value, so equal values never look equal', () => {
    const a = cipher.encrypt('same value', 'aad');
    const b = cipher.encrypt('same value', 'aad');
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split('.')[1] ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(a.split('.')[3] ?? '', 'base64url')).toHaveLength(16);
    expect(a).not.toContain(Buffer.from('same value').toString('base64url'));
  });

  it.each([
    { name: 'a flipped nonce bit', alter: (e: string) => flip(e, 1) },
    { name: 'a flipped ciphertext bit', alter: (e: string) => flip(e, 2) },
    { name: 'a flipped tag bit', alter: (e: string) => flip(e, 3) },
    { name: 'a truncated tag', alter: (e: string) => e.slice(0, -4) },
    { name: 'another version', alter: (e: string) => e.replace(/^v1\./, 'v2.') },
    { name: 'a missing part', alter: (e: string) => e.split('.').slice(0, 3).join('.') },
  ])('refuses an envelope with $name', ({ alter }) => {
    const envelope = cipher.encrypt('the value', 'outpost/secret/1/env/A');
    expect(() => cipher.decrypt(alter(envelope), 'outpost/secret/1/env/A')).toThrow(SecretDecryptError);
  });

  it.each([
    { name: 'another secret id', aad: 'outpost/secret/2/env/A' },
    { name: 'another variable', aad: 'outpost/secret/1/env/B' },
    { name: 'a job', aad: 'outpost/job/1/secrets' },
  ])('refuses a value moved to $name (the AAD binds it)', ({ aad }) => {
    const envelope = cipher.encrypt('the value', 'outpost/secret/1/env/A');
    expect(() => cipher.decrypt(envelope, aad)).toThrow(/does not authenticate/);
  });

  it('refuses a value written with another key, and tells keys apart by id without revealing them', () => {
    const other = createSecretCipher(randomBytes(32));
    expect(() => other.decrypt(cipher.encrypt('v', 'aad'), 'aad')).toThrow(SecretDecryptError);
    expect(cipher.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(other.keyId).not.toBe(cipher.keyId);
    expect(keyIdOf(key)).toBe(cipher.keyId);
    expect(key.toString('hex')).not.toContain(cipher.keyId);
  });

  it.each([16, 31, 33, 64])('refuses a key of %i bytes', (length) => {
    expect(() => createSecretCipher(randomBytes(length))).toThrow(`the secrets key must be 32 bytes; got ${length}`);
  });
});
