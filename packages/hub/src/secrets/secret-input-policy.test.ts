import { describe, expect, it } from 'vitest';
import type { SecretInput } from '@outpost/protocol';
import { contentSizeProblem, decodeBase64, readSecretInput } from './secret-input-policy.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (data: SecretInput['data'], name = 'aws-keys'): SecretInput => ({ metadata: { name }, data });

describe('readSecretInput on create', () => {
  it('reads a secret with variables and files (base64, whitespace and line breaks allowed)', () => {
    const result = readSecretInput(
      secret({ env_vars: [{ name: 'AWS_KEY', value: 'AKIA-value' }], files: [{ path: '.ssh/id_rsa', content: `${b64('private key body')}\n` }] }),
      'create',
    );
    expect(result).toEqual({
      ok: true,
      wanted: { name: 'aws-keys', description: '', content: { envVars: [{ name: 'AWS_KEY', value: 'AKIA-value' }], files: [{ path: '.ssh/id_rsa', content: Buffer.from('private key body') }] } },
    });
  });

  it.each([
    { name: 'an empty secret (Semaphore allows one)', input: secret({ env_vars: [], files: [] }) },
    { name: 'no data at all', input: { metadata: { name: 'empty' } } },
    { name: 'null lists, as sem sends them', input: secret({ env_vars: null, files: null }) },
    { name: 'apiVersion and kind along', input: { apiVersion: 'v1beta', kind: 'Secret', metadata: { name: 'x.y_z-1' } } },
    { name: 'a name with @ and :', input: { metadata: { name: 'team@prod:db' } } },
  ])('accepts $name', ({ input }) => {
    expect(readSecretInput(input, 'create').ok).toBe(true);
  });

  it.each([
    { name: 'no name', input: { data: {} }, field: 'metadata.name', problem: 'a secret needs a name' },
    { name: 'a name with a space', input: { metadata: { name: 'my secret' } }, field: 'metadata.name', problem: "'my secret' is not a valid secret name" },
    { name: 'a name with a slash', input: { metadata: { name: 'a/b' } }, field: 'metadata.name', problem: 'use letters, digits, dashes, underscores and dots' },
    { name: 'a name shaped like an id', input: { metadata: { name: '31887bfb-fac5-4f5b-9a6a-059ecebcc851' } }, field: 'metadata.name', problem: 'not in UUID format' },
    { name: 'a 256-character name', input: { metadata: { name: 'a'.repeat(256) } }, field: 'metadata.name', problem: 'at most 255 characters' },
    { name: 'a NUL in the name', input: { metadata: { name: 'a\u0000b' } }, field: 'metadata.name', problem: "'a?b' is not a valid secret name" },
    { name: 'a bad variable name', input: secret({ env_vars: [{ name: '1ABC', value: 'v' }] }), field: 'data.env_vars[0].name', problem: "'1ABC' is not a valid environment variable name" },
    { name: 'a variable with a dash', input: secret({ env_vars: [{ name: 'MY-VAR', value: 'v' }] }), field: 'data.env_vars[0].name', problem: 'start with a letter or _' },
    { name: 'a variable listed twice', input: secret({ env_vars: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }), field: 'data.env_vars[1].name', problem: 'A is listed twice' },
    { name: 'a variable without a value', input: secret({ env_vars: [{ name: 'A', value: '' }] }), field: 'data.env_vars[0].value', problem: 'A needs a value' },
    { name: 'a value with a NUL byte', input: secret({ env_vars: [{ name: 'A', value: 'x\u0000y' }] }), field: 'data.env_vars[0].value', problem: 'contains a NUL byte' },
    { name: 'a file without a path', input: secret({ files: [{ path: ' ', content: b64('x') }] }), field: 'data.files[0].path', problem: 'a file needs a path' },
    { name: 'a path with a newline', input: secret({ files: [{ path: 'a\nb', content: b64('x') }] }), field: 'data.files[0].path', problem: 'cannot contain control characters' },
    { name: 'a file listed twice', input: secret({ files: [{ path: 'f', content: b64('x') }, { path: 'f', content: b64('y') }] }), field: 'data.files[1].path', problem: 'the file f is listed twice' },
    { name: 'a file without content', input: secret({ files: [{ path: 'f', content: '' }] }), field: 'data.files[0].content', problem: 'the file f needs content (base64)' },
    { name: 'content that is not base64', input: secret({ files: [{ path: 'f', content: 'not base64!' }] }), field: 'data.files[0].content', problem: 'the content of f is not valid base64' },
    { name: 'a 256-character description', input: { metadata: { name: 'n', description: 'd'.repeat(256) } }, field: 'metadata.description', problem: 'at most 255 characters' },
  ])('refuses $name, naming the field', ({ input, field, problem }) => {
    const result = readSecretInput(input as SecretInput, 'create');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.field).toBe(field);
    expect(result.problem).toContain(problem);
  });

  it('never quotes a value or a content in a refusal', () => {
    const result = readSecretInput(secret({ env_vars: [{ name: 'A', value: 'hunter2\u0000secret' }] }), 'create');
    expect(!result.ok && result.problem).not.toContain('hunter2');
  });
});

describe('readSecretInput on update', () => {
  it.each([
    { name: 'a body without data keeps the content', input: { metadata: { name: 'renamed' } }, wanted: { name: 'renamed', description: null, content: null } },
    { name: 'a blank name keeps the name', input: { metadata: { name: '' } }, wanted: { name: null, description: null, content: null } },
    {
      name: 'blank values and contents mean "keep what is stored"',
      input: secret({ env_vars: [{ name: 'A', value: '' }, { name: 'B' }], files: [{ path: 'f', content: '' }] }),
      wanted: { name: 'aws-keys', description: null, content: { envVars: [{ name: 'A', value: null }, { name: 'B', value: null }], files: [{ path: 'f', content: null }] } },
    },
    {
      name: 'given values replace',
      input: secret({ env_vars: [{ name: 'A', value: 'new-value' }] }),
      wanted: { name: 'aws-keys', description: null, content: { envVars: [{ name: 'A', value: 'new-value' }], files: [] } },
    },
  ])('$name', ({ input, wanted }) => {
    expect(readSecretInput(input as SecretInput, 'update')).toEqual({ ok: true, wanted });
  });
});

describe('decodeBase64 and contentSizeProblem', () => {
  it.each([
    { text: '', bytes: '' },
    { text: 'aGk=', bytes: 'hi' },
    { text: 'aGk', bytes: undefined },
    { text: 'aG=k', bytes: undefined },
    { text: 'aGk-', bytes: undefined },
  ])('decodeBase64($text)', ({ text, bytes }) => {
    expect(decodeBase64(text)?.toString('utf8')).toBe(bytes);
  });

  it('allows 6 MiB of values and base64 contents, and refuses more', () => {
    expect(contentSizeProblem({ envVars: [{ value: 'x'.repeat(6 * 1024 * 1024) }], files: [] })).toBeNull();
    expect(contentSizeProblem({ envVars: [{ value: 'x'.repeat(3 * 1024 * 1024) }], files: [{ content: Buffer.alloc(3 * 1024 * 1024) }] })).toContain('at most 6 MiB');
  });
});
