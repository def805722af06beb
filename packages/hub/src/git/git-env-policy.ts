import type { RepoUrlKind } from './repo-url-policy.js';

/**
 * The environment every `git` the hub runs gets (pure). Settings travel as GIT_CONFIG_COUNT/KEY_n/VALUE_n (git ≥ 2.31)
 * rather than `-c` arguments, so a token in `http.extraHeader` is never in an argument list that `ps` shows:
 * - no prompts (GIT_TERMINAL_PROMPT=0, no askpass, no credential helpers) — a missing credential fails at once;
 * - no system or user config (GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL=/dev/null), so the hub's own ~/.gitconfig cannot
 *   change what a fetch does;
 * - only the project's own transport is allowed (`protocol.allow=never` + that scheme), so nothing fetched can lead
 *   git to another protocol (ext::, file:// from an https project);
 * - no redirects for https (a redirect could carry the token's header to another host);
 * - every received object lands in a pack (transfer.unpackLimit=1), whose growth the fetch size cap watches, and no
 *   automatic gc runs in the middle of a fetch.
 */
export type GitCredential = { kind: 'none' } | { kind: 'ssh_key'; sshKey: string } | { kind: 'token'; token: string; username?: string };

export const DEFAULT_TOKEN_USERNAME = 'x-access-token';

export interface GitEnvInput {
  urlKind: RepoUrlKind;
  /** The basic-auth header value for a token, or null. */
  authorization: string | null;
  /** GIT_SSH_COMMAND for ssh URLs, or null. */
  sshCommand: string | null;
  path: string;
  home: string;
}

export function gitEnvironment(input: GitEnvInput): Record<string, string> {
  const config: Array<[string, string]> = [
    ['protocol.allow', 'never'],
    [`protocol.${input.urlKind}.allow`, 'always'],
    ['credential.helper', ''],
    ['core.askPass', ''],
    ['http.followRedirects', 'false'],
    ['transfer.unpackLimit', '1'],
    ['fetch.unpackLimit', '1'],
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
    ['core.hooksPath', '/dev/null'],
  ];
  if (input.authorization) config.push(['http.extraHeader', `Authorization: ${input.authorization}`]);
  const env: Record<string, string> = {
    PATH: input.path,
    HOME: input.home,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  if (input.sshCommand) Object.assign(env, { GIT_SSH_COMMAND: input.sshCommand, GIT_SSH_VARIANT: 'ssh' });
  return env;
}

/** `Basic base64(user:token)`: GitHub takes x-access-token as the user, GitLab and Gitea any non-empty name. */
export function basicAuthorization(token: string, username = DEFAULT_TOKEN_USERNAME): string {
  return `Basic ${Buffer.from(`${username}:${token}`, 'utf8').toString('base64')}`;
}

/**
 * GIT_SSH_COMMAND (git runs it through a shell, so both paths are single-quoted): the project's key only, no agent,
 * no ~/.ssh/config, never a prompt, and the host key pinned in the project's own known_hosts — learned on first
 * contact (accept-new) and required to match afterwards.
 */
export function sshCommand(options: { program: string; keyPath: string; knownHostsPath: string; strict: boolean }): string {
  return [
    shellQuote(options.program),
    '-F /dev/null',
    `-i ${shellQuote(options.keyPath)}`,
    '-o IdentitiesOnly=yes',
    '-o IdentityAgent=none',
    '-o BatchMode=yes',
    '-o PasswordAuthentication=no',
    `-o StrictHostKeyChecking=${options.strict ? 'yes' : 'accept-new'}`,
    `-o UserKnownHostsFile=${shellQuote(options.knownHostsPath)}`,
    '-o GlobalKnownHostsFile=/dev/null',
  ].join(' ');
}

/** POSIX single quotes; a quote inside becomes '"'"'. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}
