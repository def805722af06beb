/* global console */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Each DESIGN §7 figure beside its target, met or missed, with the phase's load average and CPU (the bench, the
 * simulated agents' process and the hub, % of one core) so a noisy run is visible. Printed as a table and written
 * to bench/results/latest.json.
 */
export function report(results, root) {
  const p = results.phases;
  const figures = [
    figure('pickup, long-poll p50 / p99 (ms)', p.longPoll, (r) => pair(r.pickupMs), '≤ 1.5 / ≤ 5', (r) => r.pickupMs.p50 <= 1.5 && r.pickupMs.p99 <= 5),
    figure('pickup, polling p50 / p99 (ms)', p.polling, (r) => pair(r.pickupMs), '(report only)', null),
    figure('stop → long-polling agent p50 / p99 (ms)', p.longPoll, (r) => pair(r.stopMs), '≤ 5 / ≤ 20', (r) => r.stopMs.p50 <= 5 && r.stopMs.p99 <= 20),
    figure('stop → polling agent p50 / p99 (ms)', p.polling, (r) => pair(r.stopMs), 'p99 ≤ 2000', (r) => r.stopMs.p99 <= 2000),
    figure('hub CPU per polling sync (µs)', p.polling, (r) => `${r.hubCpuUsPerSync} (${r.hubCpuIdlePercent}% of a core, ${r.agents} agents)`, '≤ 150', (r) => r.hubCpuUsPerSync <= 150),
    figure('hub CPU per polling sync (µs), many agents', p.pollingMany, (r) => `${r.hubCpuUsPerSync} (${r.hubCpuIdlePercent}% of a core, ${r.agents} agents)`, '≤ 150', (r) => r.hubCpuUsPerSync <= 150),
    figure('sync p50 / p99 (ms), many polling agents', p.pollingMany, (r) => pair(r.syncMs), 'p99 ≤ 50', (r) => r.syncMs.p99 <= 50),
    figure('dispatch: assignments/s (queued jobs, agents)', p.dispatch, (r) => `${r.assignmentsPerSecond} (${r.jobs}, ${r.agents}); hub ${r.hubCpuUsPerAssignment} µs each`, '≥ 5,000', (r) => r.assignmentsPerSecond >= 5000),
    figure('log ingest (MiB/s; hub CPU-ms per MiB)', p.logIngest, (r) => `${r.mibPerSecond} (${r.mib} MiB; ${r.hubCpuMsPerMiB})`, '≥ 150', (r) => r.mibPerSecond >= 150),
    figure('one big job log: MiB/s, hub RSS growth (MiB)', p.bigLog, (r) => `${r.mibPerSecond} MiB/s over ${r.mib} MiB; RSS ${r.rssMiB.before} → max ${r.rssMiB.max}`, 'flat (growth ≤ 64)', (r) => r.rssMiB.growth <= 64),
    figure('hub RSS, many long-polling agents (MiB)', p.longPollMany, (r) => `${r.memoryConnected.rssMiB} (${r.agents} agents)`, '≤ 300', (r) => r.memoryConnected.rssMiB <= 300),
    figure('pipeline block queued after dependency p50 / p99 (ms)', p.pipeline, (r) => pair(r.blockQueuedAfterDependencyMs), 'p99 ≤ 20', (r) => r.blockQueuedAfterDependencyMs.p99 <= 20),
    figure('running polling agents: stop p50 / p99 (ms); sync load', p.running, runningLoad, 'p99 ≤ 2000', (r) => r.stopMs.p99 <= 2000),
    figure('the same with the 12 s running sync of before', p.runningBefore, runningLoad, '(report only)', null),
  ].filter(Boolean);
  results.figures = figures;
  const rows = [['figure', 'measured', 'target', 'met', 'load 1m / CPU % of bench, agents, hub']];
  for (const f of figures) rows.push([f.figure, f.measured, f.target, f.met === null ? '' : f.met ? 'yes' : 'NO', f.machine]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(`total ${results.totalSeconds} s${results.config.quick ? ' (BENCH_QUICK: small figures, not the targets’ scale)' : ''}`);
  if (results.errors.length) console.log(`errors (${results.errors.length}): ${results.errors.join('; ')}`);
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('written to bench/results/latest.json');
}

function figure(name, phase, measured, target, met) {
  if (!phase) return null;
  const m = phase.machine;
  const machine = `${m.loadAverage1m} / ${m.benchCpuPercent}, ${m.simulatedAgentsCpuPercent}, ${m.hubCpuPercent}`;
  try {
    return { figure: name, measured: measured(phase), target, met: met ? met(phase) : null, machine };
  } catch {
    // A figure the phase did not produce (a smaller run, an error): shown as missing, not as met.
    return { figure: name, measured: '—', target, met: false, machine };
  }
}

const pair = (s) => (s ? `${s.p50} / ${s.p99}` : '—');

const runningLoad = (r) =>
  `${pair(r.stopMs)}; ${r.syncsPerSecond} syncs/s every ${r.runningSyncIntervalMs} ms, ${r.hubCpuPercent}% of a core (${r.hubCpuUsPerSync} µs each), ${r.agents} agents`;
