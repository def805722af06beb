import { incompleteTailLength } from './utf8.js';

/**
 * Where to cut buffered PTY output into a `cmd_output` event (spec §4.2, the official pkg/shell/output_buffer.go):
 * cut once 100 bytes are buffered or the oldest byte has waited 100 ms; chunks of at most 100 bytes while the
 * command runs and 1000 bytes while draining after it ended; never inside a UTF-8 sequence or a \r\n pair.
 * Unlike the official agent, an incomplete UTF-8 sequence or a trailing \r at the end of the buffer is held back
 * for the next read instead of being cut after four tries.
 */
export interface ChunkLimits {
  chunkBytes: number;
  drainChunkBytes: number;
  maxDelayMs: number;
}

export const OFFICIAL_CHUNK_LIMITS: ChunkLimits = { chunkBytes: 100, drainChunkBytes: 1000, maxDelayMs: 100 };

/** Number of bytes to emit now from the front of `buffer`; 0 means wait for more output (or the drain). */
export function chunkCut(buffer: Uint8Array, input: { draining: boolean; waitedMs: number }, limits: ChunkLimits = OFFICIAL_CHUNK_LIMITS): number {
  const size = input.draining ? limits.drainChunkBytes : limits.chunkBytes;
  if (buffer.length === 0) return 0;
  if (!input.draining && buffer.length < size && input.waitedMs < limits.maxDelayMs) return 0;
  let cut = Math.min(size, buffer.length);
  const atEnd = cut === buffer.length;
  // At the very end of a drained buffer nothing more will come, so an incomplete sequence is simply invalid.
  if (!(input.draining && atEnd)) cut -= incompleteTailLength(buffer, cut);
  if (cut > 0 && buffer[cut - 1] === 0x0d) {
    if (!atEnd && buffer[cut] === 0x0a) cut -= 1;
    else if (atEnd && !input.draining) cut -= 1;
  }
  return Math.max(0, cut);
}

/** The text of one chunk: \r\n becomes \n (a lone \r stays). */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
