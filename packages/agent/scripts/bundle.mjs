#!/usr/bin/env node
/* global process, console, URL */
// `npm run bundle`: dist/agent.mjs (one file for Node.js 20, with @lydell/node-pty beside it) and, on Linux and macOS
// x64/arm64, dist/outpost-agent-<os>-<arch>: a Node.js single executable that needs no Node.js on the machine.
// Also dist/manifest.json (version, commit, files with their SHA-256) and a <file>.sha256 per download.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const AGENT_DIR = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(AGENT_DIR, 'dist');
const SEA_WORK = join(DIST, 'sea-build');
const PTY_PACKAGE = '@lydell/node-pty';
const SEA_PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64'];
// The sentinel Node.js documents for postject (docs: single-executable-applications).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const requireHere = createRequire(join(AGENT_DIR, 'package.json'));
const { version } = JSON.parse(readFileSync(join(AGENT_DIR, 'package.json'), 'utf8'));
const commit = process.env.OUTPOST_AGENT_COMMIT || gitCommit();
const platform = `${process.platform}-${process.arch}`;
const common = {
  entryPoints: [join(AGENT_DIR, 'src/main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  define: { OUTPOST_AGENT_COMMIT: JSON.stringify(commit) },
};

mkdirSync(DIST, { recursive: true });
await build({
  ...common,
  format: 'esm',
  external: [PTY_PACKAGE],
  outfile: join(DIST, 'agent.mjs'),
  banner: { js: "import { createRequire as __outpostCreateRequire } from 'node:module'; const require = __outpostCreateRequire(import.meta.url);" },
});
const files = [download('agent.mjs', 'any', 'any')];
if (SEA_PLATFORMS.includes(platform) && process.env.OUTPOST_AGENT_SKIP_SEA !== '1') {
  await buildSingleExecutable();
  files.push(download(`outpost-agent-${platform}`, process.platform, process.arch));
} else {
  rmSync(join(DIST, `outpost-agent-${platform}`), { force: true });
}
writeFileSync(join(DIST, 'manifest.json'), `${JSON.stringify({ version, commit, files }, null, 2)}\n`);

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: AGENT_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** One file of dist/ as the hub offers it: its checksum file next to it, and its manifest entry. */
function download(name, os, arch) {
  const path = join(DIST, name);
  const digest = sha256(path);
  writeFileSync(`${path}.sha256`, `${digest}  ${name}\n`);
  return { name, os, arch, sha256: digest, size: statSync(path).size };
}

/** esbuild, then `node --experimental-sea-config`, then postject; skipped when none of its inputs changed. */
async function buildSingleExecutable() {
  mkdirSync(SEA_WORK, { recursive: true });
  const main = join(SEA_WORK, 'agent.cjs');
  await build({ ...common, format: 'cjs', outfile: main, plugins: [ptyBinaryFromAsset()] });
  const ptyNode = requireHere.resolve(`${PTY_PACKAGE}-${platform}/pty.node`);
  const output = join(DIST, `outpost-agent-${platform}`);
  const stampPath = join(SEA_WORK, 'inputs.sha256');
  const stamp = createHash('sha256').update(readFileSync(main)).update(readFileSync(ptyNode)).update(process.execPath).update(process.version).digest('hex');
  if (existsSync(output) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return;

  const blob = join(SEA_WORK, 'agent.blob');
  const config = join(SEA_WORK, 'sea-config.json');
  writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, assets: { 'pty.node': ptyNode } }));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' });
  const partial = `${output}.partial`;
  copyFileSync(process.execPath, partial);
  chmodSync(partial, 0o755);
  if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', partial]);
  const postject = [requireHere.resolve('postject/dist/cli.js'), partial, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE];
  if (process.platform === 'darwin') postject.push('--macho-segment-name', 'NODE_SEA');
  // postject prints a warning per ELF note it does not know; only its output of a failure matters.
  execFileSync(process.execPath, postject, { stdio: 'pipe' });
  if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', partial]);
  renameSync(partial, output);
  writeFileSync(stampPath, stamp);
  console.log(`built ${basename(output)} (${Math.round(statSync(output).size / 1e6)} MB)`);
}

/** In the single executable, @lydell/node-pty loads pty.node through src/sea/pty-binary.ts (an embedded asset). */
function ptyBinaryFromAsset() {
  return {
    name: 'pty-binary-from-asset',
    setup(b) {
      b.onResolve({ filter: /^\.\/requireBinary$/ }, (args) =>
        args.importer.includes(`/node_modules/${PTY_PACKAGE}/`) ? { path: join(AGENT_DIR, 'src/sea/pty-binary.ts') } : undefined,
      );
    },
  };
}
