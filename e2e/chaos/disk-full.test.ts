import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { ADMIN_TOKEN, HUB_BIN, eventsOf, run, tempDir, type HubProcess } from '../agent/support/processes.js';
import { SETTINGS } from './support/chaos-settings.js';
import { hubLogLines, report, settle, startFleet, stopFleet, submitJobs, tally, waitForRunning, ZERO, type Fleet } from './support/chaos-fleet.js';

/**
 * The hub's disk full for a while: its SQLite data directory is a small tmpfs mounted in a mount namespace of the
 * hub's own (unshare -m), filled with a file and freed again from inside that namespace (nsenter). Where the
 * machine cannot make mount namespaces (no root, no unshare) the scenario is skipped and says why.
 */
const DISK_SIZE = '32m';
let fleet: Fleet | undefined;
afterEach(async () => {
  if (fleet) await stopFleet(fleet);
  fleet = undefined;
});

function mountNamespaceProblem(): string | undefined {
  const probe = spawnSync('unshare', ['-m', 'sh', '-c', `d=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d" && rmdir "$d"`], { encoding: 'utf8' });
  if (probe.error) return `unshare is not available (${probe.error.message})`;
  return probe.status === 0 ? undefined : `cannot mount a tmpfs in a mount namespace here (${probe.stderr.trim() || `exit ${probe.status}`})`;
}

async function startHubOnSmallDisk(env: Record<string, string>): Promise<HubProcess> {
  const dataDir = tempDir('outpost-chaos-disk-');
  const script = `mount -t tmpfs -o size=${DISK_SIZE} tmpfs '${dataDir}' && exec '${process.execPath}' '${HUB_BIN}' hub --host 127.0.0.1 --port 0 --data-dir '${dataDir}'`;
  const proc = run(['-m', 'sh', '-c', script], { OUTPOST_BOOTSTRAP_TOKEN: ADMIN_TOKEN, OUTPOST_ADMIN_PASSWORD: 'e2e-password-0123456789', ...env }, { bin: 'unshare', untilKilled: true });
  const port = await waitFor(() => {
    const line = proc.stdout.join('').split('\n').find((l) => l.includes('"hub started"'));
    return line ? (JSON.parse(line) as { port: number }).port : undefined;
  }, { timeoutMs: 20_000, message: `the hub to start on its small disk (${proc.output()})` });
  return { url: `http://127.0.0.1:${port}`, endpoint: `127.0.0.1:${port}`, port, dataDir, proc };
}

/** Runs `command` in the hub's mount namespace, where its small disk is mounted. */
function inHubNamespace(hub: HubProcess, command: string): void {
  execFileSync('nsenter', ['-t', String(hub.proc.child.pid), '-m', 'sh', '-c', command], { stdio: 'ignore' });
}

describe('chaos: the hub’s disk full', () => {
  it('answers 503 while full, declares no live agent lost, and loses nothing acknowledged', { timeout: 240_000 }, async (ctx) => {
    const problem = mountNamespaceProblem();
    if (problem) {
      console.warn(`SKIPPED chaos disk-full: ${problem}`);
      report('disk full', `skipped: ${problem}`, { jobs: 0, passed: 0, failedAsLost: 0, lost: 0, runTwice: 0, resultsMissing: 0, linesLost: 0, linesDoubled: 0, problems: [] });
      return ctx.skip();
    }
    fleet = await startFleet({ name: 'disk', startHub: startHubOnSmallDisk });
    const hub = fleet.hub();
    await submitJobs(fleet, SETTINGS.jobsPerScenario);
    await waitForRunning(fleet, Math.min(3, SETTINGS.agents));
    // dd stops at "No space left on device"; that is the point.
    inHubNamespace(hub, `dd if=/dev/zero of='${hub.dataDir}/filler' bs=64k 2>/dev/null; sync; true`);
    const fullAt = Date.now();
    await waitFor(() => Date.now() - fullAt >= SETTINGS.diskFullMs, { timeoutMs: SETTINGS.diskFullMs + 5_000, intervalMs: 500 });
    inHubNamespace(hub, `rm -f '${hub.dataDir}/filler'`);
    await settle(fleet);

    const counts = await tally(fleet);
    const lines = hubLogLines(hub);
    const answered = (status: number) => lines.filter((l) => l.msg === 'request completed' && l.statusCode === status).length;
    const measured = {
      answered503: answered(503),
      answered500: answered(500),
      agentsLost: lines.filter((l) => l.msg === 'agent lost').length,
      noTransactionErrors: lines.filter((l) => JSON.stringify(l).includes('no transaction is active')).length,
      storeGapMs: Math.max(0, ...lines.filter((l) => l.msg.startsWith('the store was failing')).map((l) => l.gapMs ?? 0)),
    };
    report(`disk full ${SETTINGS.diskFullMs / 1000} s (threshold ${SETTINGS.lostAgentAfterMs / 1000} s), SQLite on a ${DISK_SIZE} tmpfs`, 'the data directory’s file system filled, then freed', counts, measured);
    expect(counts.problems).toEqual([]);
    expect(counts).toMatchObject({ ...ZERO, passed: SETTINGS.jobsPerScenario });
    expect(measured).toMatchObject({ answered500: 0, agentsLost: 0, noTransactionErrors: 0 });
    expect(measured.answered503).toBeGreaterThan(0);
    expect(fleet.agents.every((agent) => eventsOf(agent, 'registered').length === 1)).toBe(true);
  });
});
