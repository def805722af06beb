import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * A stand-in for `ssh` (there is no sshd here): it records how it was called — the key file's mode and first line, the
 * known_hosts option — and runs the remote command (`git-upload-pack '/path'`) on this machine, so a fetch through
 * GIT_SSH_COMMAND really happens. Put `dir` first in PATH (jobs) or name `program` (the hub's test override).
 */
export interface FakeSsh {
  dir: string;
  program: string;
  logFile: string;
  calls(): Array<{ keyMode: string; keyFirstLine: string; args: string }>;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function createFakeSsh(): FakeSsh {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-fake-ssh-'));
  dirs.push(dir);
  const program = join(dir, 'ssh');
  const logFile = join(dir, 'calls.log');
  writeFileSync(
    program,
    `#!/bin/sh
key=""; prev=""; last=""
for a in "$@"; do
  if [ "$prev" = "-i" ]; then key="$a"; fi
  prev="$a"; last="$a"
done
mode=$(stat -c %a "$key" 2>/dev/null || echo none)
first=$(head -n 1 "$key" 2>/dev/null || echo none)
printf '%s\\t%s\\t%s\\n' "$mode" "$first" "$*" >> ${JSON.stringify(logFile)}
exec sh -c "$last"
`,
  );
  chmodSync(program, 0o755);
  return {
    dir,
    program,
    logFile,
    calls() {
      if (!existsSync(logFile)) return [];
      return readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [keyMode = '', keyFirstLine = '', args = ''] = line.split('\t');
          return { keyMode, keyFirstLine, args };
        });
    },
  };
}
