import { maskChunks } from './masking-policy.js';

/**
 * Applies masking-policy.ts to raw log event lines (pure). Output is masked across consecutive `cmd_output` events,
 * including the stored events just before a push (`before`), so a value cut by the push boundary is still found;
 * the earlier events it touched come back rewritten, to be stored again from `from` (truncate-then-append, spec §4.4).
 * Directives are masked event by event. Lines that do not change are kept byte for byte.
 */
export interface MaskedPush {
  /** Index into `before` of the first event to store again; `before.length` when only the push is stored. */
  from: number;
  /** The events to store from `from` on: rewritten earlier events, then the push's own. */
  events: string[];
}

type Parsed = { line: string; value: Record<string, unknown> | null };

export function maskLogEvents(before: readonly string[], push: readonly string[], needles: readonly string[]): MaskedPush {
  if (needles.length === 0) return { from: before.length, events: [...push] };
  const lines = [...before, ...push];
  const parsed: Parsed[] = lines.map((line) => ({ line, value: parseEvent(line) }));
  const out = [...lines];
  let run: number[] = [];
  const flush = () => {
    maskRun(parsed, run, needles, out);
    run = [];
  };
  for (let i = 0; i < parsed.length; i++) {
    const event = parsed[i]?.value;
    if (event?.event === 'cmd_output' && typeof event.output === 'string') {
      run.push(i);
      continue;
    }
    flush();
    if (event && typeof event.directive === 'string') maskField(parsed, i, 'directive', needles, out);
  }
  flush();
  const firstChanged = out.findIndex((line, i) => i < before.length && line !== lines[i]);
  const from = firstChanged === -1 ? before.length : firstChanged;
  return { from, events: out.slice(from) };
}

function maskRun(parsed: readonly Parsed[], run: readonly number[], needles: readonly string[], out: string[]): void {
  if (run.length === 0) return;
  const chunks = run.map((i) => parsed[i]?.value?.output as string);
  const masked = maskChunks(chunks, needles);
  run.forEach((lineIndex, k) => {
    const value = parsed[lineIndex]?.value;
    if (masked.changed[k] && value) out[lineIndex] = JSON.stringify({ ...value, output: masked.chunks[k] });
  });
}

function maskField(parsed: readonly Parsed[], i: number, field: string, needles: readonly string[], out: string[]): void {
  const value = parsed[i]?.value;
  const text = value?.[field];
  if (!value || typeof text !== 'string') return;
  const masked = maskChunks([text], needles);
  if (masked.changed[0]) out[i] = JSON.stringify({ ...value, [field]: masked.chunks[0] });
}

function parseEvent(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    // The push route refuses lines that are not JSON before masking; a stored one that is not stays as it is.
    return null;
  }
}

/**
 * Of the events stored just before a push, the ones that can hold the start of a value the push completes: the
 * trailing run of `cmd_output` events, back until it covers `chars` characters. Returns the index to start from.
 */
export function lookBackStart(stored: readonly string[], chars: number): number {
  let covered = 0;
  let start = stored.length;
  for (let i = stored.length - 1; i >= 0 && covered < chars; i--) {
    const event = parseEvent(stored[i] ?? '');
    if (event?.event !== 'cmd_output' || typeof event.output !== 'string') break;
    covered += event.output.length;
    start = i;
  }
  return start;
}
