import { describe, expect, it } from 'vitest';
import { chooseKeySource, keyFileModeProblem, parseSecretsKey } from './key-policy.js';

const HEX = 'ab'.repeat(32);
const B64 = Buffer.alloc(32, 7).toString('base64');

describe('where the secrets key comes from', () => {
  it.each([
    { name: 'OUTPOST_SECRETS_KEY wins on SQLite', envKey: B64, usesPostgres: false, from: 'env' },
    { name: 'OUTPOST_SECRETS_KEY wins on PostgreSQL', envKey: HEX, usesPostgres: true, from: 'env' },
    { name: 'a SQLite hub without it keeps a key in its data directory', envKey: undefined, usesPostgres: false, from: 'data-dir' },
    { name: 'a blank variable counts as unset', envKey: '  ', usesPostgres: false, from: 'data-dir' },
    { name: 'replicas on PostgreSQL never generate one each: secrets are off', envKey: undefined, usesPostgres: true, from: 'none' },
  ])('$name', ({ envKey, usesPostgres, from }) => {
    expect(chooseKeySource({ envKey, usesPostgres }).from).toBe(from);
  });

  it('says how to turn secrets on for PostgreSQL', () => {
    const source = chooseKeySource({ envKey: undefined, usesPostgres: true });
    expect(source.from === 'none' && source.reason).toMatch(/set OUTPOST_SECRETS_KEY .* on every replica/);
  });
});

describe('parseSecretsKey', () => {
  it.each([
    { name: '64 hex characters', text: HEX },
    { name: 'upper-case hex', text: HEX.toUpperCase() },
    { name: 'standard base64 with padding', text: B64 },
    { name: 'base64 without padding', text: B64.replace(/=+$/, '') },
    { name: 'URL-safe base64', text: Buffer.alloc(32, 0xfb).toString('base64url') },
    { name: 'a trailing newline (a key file)', text: `${B64}\n` },
  ])('reads $name as 32 bytes', ({ text }) => {
    const parsed = parseSecretsKey(text, 'OUTPOST_SECRETS_KEY');
    expect(parsed.ok && parsed.key.length).toBe(32);
  });

  it.each([
    { name: '16 bytes of base64', text: Buffer.alloc(16).toString('base64'), problem: 'OUTPOST_SECRETS_KEY decodes to 16 bytes; the secrets key must be 32 bytes' },
    { name: '48 bytes of base64', text: Buffer.alloc(48, 0xff).toString('base64'), problem: 'decodes to 48 bytes' },
    { name: '62 hex characters (read as base64, then too long)', text: 'ab'.repeat(31), problem: 'decodes to 46 bytes' },
    { name: 'a passphrase', text: 'correct horse battery staple', problem: 'is neither hex nor base64' },
    { name: 'nothing', text: '', problem: 'is neither hex nor base64' },
  ])('refuses $name with a reason that never quotes the text', ({ text, problem }) => {
    const parsed = parseSecretsKey(text, 'OUTPOST_SECRETS_KEY');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toContain(problem);
    if (text) expect(parsed.problem).not.toContain(text);
  });
});

describe('keyFileModeProblem', () => {
  it.each([
    { mode: 0o100600, problem: null },
    { mode: 0o100400, problem: null },
    { mode: 0o100644, problem: '(mode 0644); run `chmod 600 /d/secrets.key`' },
    { mode: 0o100660, problem: '(mode 0660)' },
    { mode: 0o100602, problem: '(mode 0602)' },
  ])('mode $mode → $problem', ({ mode, problem }) => {
    const found = keyFileModeProblem(mode, '/d/secrets.key');
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
