import { stringify } from 'yaml';

export type OutputFormat = 'table' | 'json' | 'yaml';

/** Prints rows as an aligned table (columns in the order given), or the raw value as JSON/YAML. */
export function printResult(format: OutputFormat, raw: unknown, columns: string[], rows: string[][], write: (s: string) => unknown = (s) => process.stdout.write(s)): void {
  if (format === 'json') write(`${JSON.stringify(raw, null, 2)}\n`);
  else if (format === 'yaml') write(stringify(raw));
  else write(renderTable(columns, rows));
}

export function renderTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('   ').trimEnd();
  return [line(columns), ...rows.map(line)].join('\n') + '\n';
}

/** "3m", "2h", "5d" from a Unix-seconds time (kubectl's AGE column). */
export function age(unixSeconds: number, nowMs = Date.now()): string {
  const s = Math.max(0, Math.floor(nowMs / 1000 - unixSeconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
