import { chunkCut, normaliseNewlines, OFFICIAL_CHUNK_LIMITS, type ChunkLimits } from './chunk-policy.js';
import { decodeUtf8Lossy } from './utf8.js';

/**
 * Buffers one command's raw PTY bytes and hands out text chunks as chunk-policy.ts decides. A timer covers the
 * 100 ms latency limit; `drain()` empties the buffer in 1000-byte chunks once the command has ended.
 */
export interface OutputChunker {
  push(bytes: Uint8Array): void;
  /** Emits everything left, synchronously; later pushes are dropped. */
  drain(): void;
}

export function createOutputChunker(
  onChunk: (text: string) => void,
  options: { now?: () => number; limits?: ChunkLimits } = {},
): OutputChunker {
  const now = options.now ?? Date.now;
  const limits = options.limits ?? OFFICIAL_CHUNK_LIMITS;
  let buffer: Uint8Array = new Uint8Array(0);
  let oldestAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let drained = false;

  function emit(draining: boolean): void {
    for (;;) {
      const cut = chunkCut(buffer, { draining, waitedMs: now() - oldestAt }, limits);
      if (cut === 0) return;
      const chunk = buffer.subarray(0, cut);
      buffer = buffer.subarray(cut);
      onChunk(normaliseNewlines(decodeUtf8Lossy(chunk)));
    }
  }

  function schedule(): void {
    if (timer || buffer.length === 0 || drained) return;
    const waited = now() - oldestAt;
    // Bytes held back (a split UTF-8 sequence, a trailing \r) after the deadline wait for the next push instead.
    if (waited >= limits.maxDelayMs) return;
    timer = setTimeout(() => {
      timer = undefined;
      emit(false);
      schedule();
    }, limits.maxDelayMs - waited);
  }

  return {
    push(bytes) {
      if (drained || bytes.length === 0) return;
      if (buffer.length === 0) oldestAt = now();
      const joined = new Uint8Array(buffer.length + bytes.length);
      joined.set(buffer, 0);
      joined.set(bytes, buffer.length);
      buffer = joined;
      emit(false);
      if (buffer.length === 0) return;
      schedule();
    },
    drain() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      emit(true);
      drained = true;
    },
  };
}
