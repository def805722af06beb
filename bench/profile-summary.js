/* global process, console */
// node bench/profile-summary.js <file.cpuprofile> [top=25]: the frames with the most self time, as % of the samples
// (idle and GC shown as such), and the busy time per sampled second, for docs/benchmarks.md.
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
}
const byFrame = new Map();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const { callFrame: f } = byId.get(id);
  total += us;
  if (f.functionName === '(idle)') idle += us;
  const where = f.url ? `${f.url.replace(/^.*\/(node_modules|packages)\//, '$1/')}:${f.lineNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`;
  byFrame.set(key, (byFrame.get(key) ?? 0) + us);
}
const busy = total - idle;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (${((busy / total) * 100).toFixed(0)}%)`);
console.log('self % of busy  self ms  frame');
const top = [...byFrame].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
for (const [key, us] of top) console.log(`${((us / busy) * 100).toFixed(1).padStart(13)}%  ${(us / 1000).toFixed(0).padStart(7)}  ${key}`);
