import { SECRET_MASK_MIN_CHARS } from '@outpost/protocol';

/**
 * What the hub hides in a job's stored log and how (pure). The rules, each a row of masking-policy.test.ts:
 * - every secret value the job imported is replaced by `[MASKED]` wherever it appears in command output, also when
 *   the agent's output chunks (100 bytes on both agents) cut it across consecutive `cmd_output` events;
 * - a multi-line value is masked line by line (a PTY turns \n into \r\n, and a value is often printed in part);
 * - text is trimmed of surrounding whitespace before matching (`echo $V` drops it);
 * - values shorter than 6 characters are not masked (Buildkite's rule): "true", "prod" or "1234" would be masked
 *   everywhere, and a reader would learn the value from where the marks fall;
 * - a secret file is masked line by line when it is UTF-8 text, for lines of at least 16 characters: keys, tokens and
 *   base64 bodies are long, while short lines are structure (`apiVersion: v1`, `{`, `---`) that other output shares;
 *   binary files are not masked (they do not print as text);
 * - the base64 form of a value is not masked (printing `base64 < file` shows a different text).
 */
export const MASK_TEXT = '[MASKED]';
export const MASK_MIN_CHARS = SECRET_MASK_MIN_CHARS;
export const MASK_FILE_LINE_MIN_CHARS = 16;

export interface MaskSource {
  envValues: readonly string[];
  /** File contents, decoded. */
  files: readonly Uint8Array[];
}

/** The strings to look for, longest first; none shorter than the minimum, none that `[MASKED]` itself contains. */
export function maskNeedles(source: MaskSource): string[] {
  const needles = new Set<string>();
  for (const value of source.envValues) {
    for (const piece of pieces(value)) if (piece.length >= MASK_MIN_CHARS) needles.add(piece);
  }
  for (const file of source.files) {
    const text = utf8Text(file);
    if (text === null) continue;
    for (const piece of pieces(text)) if (piece.length >= MASK_FILE_LINE_MIN_CHARS) needles.add(piece);
  }
  return [...needles].filter((n) => !MASK_TEXT.includes(n)).sort((a, b) => b.length - a.length);
}

/** A value as a whole (single line) or its lines (multi-line), each trimmed. */
function pieces(value: string): string[] {
  if (!/[\r\n]/.test(value)) return [value.trim()];
  return value.split(/\r?\n|\r/).map((line) => line.trim());
}

function utf8Text(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: a binary file does not print as text, so there is nothing to look for.
    return null;
  }
}

/**
 * Masks a run of consecutive output chunks as one text: each match becomes `[MASKED]` in the chunk where it starts,
 * and its continuation is removed from the chunks after it. Overlapping matches merge. Returns the new chunks and
 * whether each one changed.
 */
export function maskChunks(chunks: readonly string[], needles: readonly string[]): { chunks: string[]; changed: boolean[] } {
  const text = chunks.join('');
  const spans = mergeSpans(findSpans(text, needles));
  if (spans.length === 0) return { chunks: [...chunks], changed: chunks.map(() => false) };
  const out: string[] = [];
  const changed: boolean[] = [];
  let start = 0;
  for (const chunk of chunks) {
    const end = start + chunk.length;
    const masked = maskRange(text, start, end, spans);
    out.push(masked);
    changed.push(masked !== chunk);
    start = end;
  }
  return { chunks: out, changed };
}

type Span = [from: number, to: number];

function findSpans(text: string, needles: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) spans.push([at, at + needle.length]);
  }
  return spans;
}

function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

/** The part [start, end) of `text` with every span inside it cut, and `[MASKED]` where a span begins. */
function maskRange(text: string, start: number, end: number, spans: readonly Span[]): string {
  let out = '';
  let at = start;
  for (const [from, to] of spans) {
    if (to <= start || from >= end) continue;
    if (from > at) out += text.slice(at, from);
    if (from >= start) out += MASK_TEXT;
    at = Math.min(to, end);
  }
  return out + text.slice(at, end);
}

/** How many characters before a push can still hold the start of a value that the push completes. */
export function lookBackChars(needles: readonly string[]): number {
  return needles.length === 0 ? 0 : Math.max(...needles.map((n) => n.length)) - 1;
}
