import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getAsset } from 'node:sea';

/**
 * In the single executable, this module stands in for @lydell/node-pty's `requireBinary` (scripts/bundle.mjs swaps it
 * in): the PTY's native module is an embedded asset, written once to a private cache directory and loaded from there.
 */
export function requireBinary(file: string): unknown {
  if (file !== 'pty.node') throw new Error(`the single executable carries pty.node only, not ${file}`);
  const bytes = Buffer.from(getAsset('pty.node'));
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const dir = join(cacheRoot(process.env), digest);
  const path = join(dir, 'pty.node');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Written under a private name, then renamed: two agents starting at once never load a half-written file.
    const partial = `${path}.${process.pid}`;
    writeFileSync(partial, bytes, { mode: 0o700 });
    renameSync(partial, path);
  }
  const loaded = { exports: {} };
  process.dlopen(loaded, path);
  return loaded.exports;
}

/** OUTPOST_AGENT_CACHE_DIR, else $XDG_CACHE_HOME/outpost-agent, else ~/.cache/outpost-agent. */
function cacheRoot(env: Record<string, string | undefined>): string {
  if (env.OUTPOST_AGENT_CACHE_DIR) return env.OUTPOST_AGENT_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'outpost-agent');
}
