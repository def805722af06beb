// Where the n-th character of a scalar's value sits in the source, so an error found inside a `when` condition
// points at its exact column. Quotes and escapes shift the two apart: in `"branch = 'x'"` the value starts one
// character after the node, and in 'it''s' two source characters make one value character.

import type { Scalar } from 'yaml';
import type { SourceFile } from './source-file.js';

/** Source offset of value character `valueOffset`, exact for scalars on one line; for a multi-line or block
 * scalar, where folding makes the mapping uncertain, the start of its text. */
export function sourceOffsetInScalar(file: SourceFile, scalar: Scalar, valueOffset: number): number {
  const [start, end] = scalar.range ?? [0, 0];
  const raw = file.text.slice(start, end);
  if (raw.includes('\n')) return scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED' ? start : start + quoteWidth(scalar);
  if (scalar.type === 'QUOTE_SINGLE') return start + 1 + rawIndex(raw.slice(1), valueOffset, singleQuotedWidth);
  if (scalar.type === 'QUOTE_DOUBLE') return start + 1 + rawIndex(raw.slice(1), valueOffset, doubleQuotedWidth);
  return start + valueOffset;
}

function quoteWidth(scalar: Scalar): number {
  return scalar.type === 'QUOTE_SINGLE' || scalar.type === 'QUOTE_DOUBLE' ? 1 : 0;
}

/** Walks the raw text, one value character at a time, until `valueOffset` characters are behind. */
function rawIndex(raw: string, valueOffset: number, widthAt: (raw: string, index: number) => number): number {
  let index = 0;
  for (let produced = 0; produced < valueOffset && index < raw.length; produced += 1) index += widthAt(raw, index);
  return index;
}

function singleQuotedWidth(raw: string, index: number): number {
  return raw[index] === "'" && raw[index + 1] === "'" ? 2 : 1;
}

const DOUBLE_QUOTED_ESCAPE_WIDTHS: Record<string, number> = { x: 4, u: 6, U: 10 };

function doubleQuotedWidth(raw: string, index: number): number {
  if (raw[index] !== '\\') return 1;
  return DOUBLE_QUOTED_ESCAPE_WIDTHS[raw[index + 1] ?? ''] ?? 2;
}
