import { describe, expect, it } from 'vitest';
import { basicAuthorization, gitEnvironment, shellQuote, sshCommand } from './git-env-policy.js';

const config = (env: Record<string, string>) =>
  Object.fromEntries(Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]));

describe('gitEnvironment', () => {
  it.each([
    { name: 'https allows https only', kind: 'https' as const, allowed: 'protocol.https.allow' },
    { name: 'ssh allows ssh only', kind: 'ssh' as const, allowed: 'protocol.ssh.allow' },
    { name: 'file allows file only', kind: 'file' as const, allowed: 'protocol.file.allow' },
  ])('$name, never prompts and ignores user and system config', ({ kind, allowed }) => {
    const env = gitEnvironment({ urlKind: kind, authorization: null, sshCommand: null, path: '/usr/bin', home: '/h' });
    expect(env).toMatchObject({ GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_ASKPASS: '', PATH: '/usr/bin' });
    expect(config(env)).toMatchObject({ 'protocol.allow': 'never', [allowed]: 'always', 'credential.helper': '', 'http.followRedirects': 'false' });
    expect(env.GIT_SSH_COMMAND).toBeUndefined();
  });

  it('carries a token only as an http.extraHeader setting in the environment', () => {
    const auth = basicAuthorization('tok', 'oauth2');
    const env = gitEnvironment({ urlKind: 'https', authorization: auth, sshCommand: null, path: '', home: '' });
    expect(config(env)['http.extraHeader']).toBe(`Authorization: Basic ${Buffer.from('oauth2:tok').toString('base64')}`);
  });

  it("uses GitHub's user name for a token by default", () => {
    expect(basicAuthorization('t')).toBe(`Basic ${Buffer.from('x-access-token:t').toString('base64')}`);
  });
});

describe('sshCommand', () => {
  it('uses only the given key, no agent or config, and pins host keys in the project file', () => {
    const command = sshCommand({ program: 'ssh', keyPath: "/d/it's/id", knownHostsPath: '/d/p.known_hosts', strict: false });
    expect(command).toBe(
      `'ssh' -F /dev/null -i '/d/it'"'"'s/id' -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes -o PasswordAuthentication=no -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile='/d/p.known_hosts' -o GlobalKnownHostsFile=/dev/null`,
    );
    expect(sshCommand({ program: 'ssh', keyPath: 'k', knownHostsPath: 'h', strict: true })).toContain('StrictHostKeyChecking=yes');
  });

  it.each([
    { value: 'plain', quoted: "'plain'" },
    { value: "a'b", quoted: `'a'"'"'b'` },
    { value: '$(x)', quoted: "'$(x)'" },
  ])('quotes $value', ({ value, quoted }) => {
    expect(shellQuote(value)).toBe(quoted);
  });
});
