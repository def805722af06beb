/**
 * How an agent is installed from a hub: the paths the hub serves, the one-line commands the UI shows and the tests
 * run (the same strings), the PTY package the Node.js fallback installs, and how an agent's version compares with
 * the one this hub serves.
 */

export const INSTALL_SCRIPT_PATH = '/install.sh';
export const AGENT_DOWNLOADS_PREFIX = '/downloads/';
/** What the hub offers: version, commit and files with their SHA-256 (written by the agent's bundle step). */
export const AGENT_MANIFEST_PATH = '/downloads/manifest.json';
/** The npm package the Node.js agent loads its PTY from: prebuilt binaries, no compiler. */
export const AGENT_PTY_PACKAGE = '@lydell/node-pty@1';

export interface AgentDownload {
  name: string;
  os: string;
  arch: string;
  sha256: string;
  size: number;
}

export interface AgentManifest {
  version: string;
  commit: string;
  files: AgentDownload[];
}

/** A variable for install.sh: the value is a shell word as written (e.g. `"$SEMAPHORE_AGENT_TOKEN"`). */
export type InstallVariable = readonly [name: string, shellWord: string];

/** `curl … /install.sh | sudo VAR=… bash`; without sudo where the shell already runs as root (EC2 user data). */
export function installCommand(hubUrl: string, variables: readonly InstallVariable[], options: { sudo: boolean } = { sudo: true }): string {
  const assignments = variables.map(([name, word]) => `${name}=${word}`);
  const runner = [...(options.sudo ? ['sudo'] : []), ...assignments, 'bash'].join(' ');
  return `curl -fsSL ${hubUrl}${INSTALL_SCRIPT_PATH} | ${runner}`;
}

export function uninstallCommand(hubUrl: string): string {
  return `curl -fsSL ${hubUrl}${INSTALL_SCRIPT_PATH} | sudo bash -s -- --uninstall`;
}

export type AgentVersionStatus = 'current' | 'outdated' | 'unknown';

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)/;

/** An agent is outdated when its version is a lower x.y.z than the one this hub serves; unparsable ones are unknown. */
export function agentVersionStatus(agentVersion: string, servedVersion: string | undefined): AgentVersionStatus {
  const agent = SEMVER.exec(agentVersion);
  const served = servedVersion === undefined ? null : SEMVER.exec(servedVersion);
  if (!agent || !served) return 'unknown';
  for (let i = 1; i <= 3; i++) {
    const difference = Number(agent[i]) - Number(served[i]);
    if (difference !== 0) return difference < 0 ? 'outdated' : 'current';
  }
  return 'current';
}
