/**
 * UTF-8 helpers with Go's semantics, because the official agent's events are Go strings marshalled by
 * encoding/json: every byte that is not part of a valid sequence becomes one U+FFFD (spec §4.1).
 */

/** Length of the valid sequence starting at `i`, or 0 when the byte there does not start one. */
function sequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b0 = bytes[i] ?? 0;
  if (b0 < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) need = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 3;
    if (b0 === 0xe0) lo = 0xa0;
    if (b0 === 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 4;
    if (b0 === 0xf0) lo = 0x90;
    if (b0 === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + need > end) return 0;
  const b1 = bytes[i + 1] ?? 0;
  if (b1 < lo || b1 > hi) return 0;
  for (let k = 2; k < need; k++) {
    const b = bytes[i + k] ?? 0;
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return need;
}

/** Decodes like Go's string → JSON: valid sequences kept, each invalid byte replaced by U+FFFD. */
export function decodeUtf8Lossy(bytes: Uint8Array): string {
  let out = '';
  let validFrom = 0;
  let i = 0;
  const decoder = new TextDecoder('utf-8');
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i, bytes.length);
    if (length > 0) {
      i += length;
      continue;
    }
    if (i > validFrom) out += decoder.decode(bytes.subarray(validFrom, i));
    out += '\uFFFD';
    i += 1;
    validFrom = i;
  }
  if (i > validFrom) out += decoder.decode(bytes.subarray(validFrom, i));
  return out;
}

/**
 * How many bytes at the end of bytes[0, end) are the start of a sequence that is not complete yet but could
 * still become valid; 0 when the cut at `end` splits nothing.
 */
export function incompleteTailLength(bytes: Uint8Array, end: number): number {
  for (let k = 1; k <= 3 && k <= end; k++) {
    const b = bytes[end - k] ?? 0;
    if (b >= 0x80 && b <= 0xbf) continue;
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
    if (need <= k) return 0;
    return isValidPrefix(bytes, end - k, end) ? k : 0;
  }
  return 0;
}

function isValidPrefix(bytes: Uint8Array, start: number, end: number): boolean {
  const b0 = bytes[start] ?? 0;
  if (end - start >= 2) {
    const b1 = bytes[start + 1] ?? 0;
    const lo = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
    if (b1 < lo || b1 > hi) return false;
  }
  for (let i = start + 2; i < end; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x80 || b > 0xbf) return false;
  }
  return true;
}
