import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { arch, hostname, platform } from 'node:os';
import { promisify } from 'node:util';

/** Facts about this machine the agent reports at registration (spec §1.2). */
export interface HostFacts {
  os: string;
  arch: string;
  hostname: string;
  pid: number;
}

export async function readHostFacts(): Promise<HostFacts> {
  return { os: await osName(), arch: archName(arch()), hostname: safeHostname(), pid: process.pid };
}

/** Go's GOARCH naming with the official agent's two renames. */
export function archName(nodeArch: string): string {
  if (nodeArch === 'x64') return 'x86_64';
  if (nodeArch === 'ia32') return 'x86';
  return nodeArch;
}

/** PRETTY_NAME (else NAME) from /etc/os-release on Linux; `sw_vers` on macOS; '' when unknown. */
export function osNameFromOsRelease(text: string): string {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) fields.set(match[1] ?? '', (match[2] ?? '').replace(/^["']|["']$/g, ''));
  }
  return fields.get('PRETTY_NAME') || fields.get('NAME') || '';
}

async function osName(): Promise<string> {
  try {
    if (platform() === 'linux') return osNameFromOsRelease(await readFile('/etc/os-release', 'utf8'));
    if (platform() === 'darwin') {
      const run = promisify(execFile);
      const parts = await Promise.all(['-productName', '-productVersion', '-buildVersion'].map((flag) => run('sw_vers', [flag])));
      return parts.map((p) => p.stdout.trim()).join(' ');
    }
  } catch {
    // The OS name is informational; the official agent sends '' when it cannot tell.
    return '';
  }
  return '';
}

function safeHostname(): string {
  try {
    return hostname();
  } catch {
    // Go's os.Hostname error case: the official agent sends ''.
    return '';
  }
}
