import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite copies the write-ahead log into the database file (a checkpoint, with an fsync) inside whichever commit
 * crosses `wal_autocheckpoint`: on the hub's one event loop that stalled every request behind a log push's commit.
 * A worker thread with its own connection runs PASSIVE checkpoints (they never wait for or block a writer) on the
 * other core; the hub's own connection keeps a far higher autocheckpoint as a safety net should the worker stop.
 */
export interface WalCheckpointer {
  /** Stops the worker and closes its connection; call before closing the hub's own connection. */
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  file: string;
  /** How often the worker looks at the WAL. */
  intervalMs: number;
  /** Frames waiting that start a checkpoint (WAL_CHECKPOINT_FRAMES unless a test wants every write checkpointed). */
  frames?: number;
  /**
   * A checkpoint failed (first of a streak: a full disk, an I/O error; the worker retries on its next turn), or the
   * worker itself stopped (then the hub's connection checkpoints by itself).
   */
  onProblem: (problem: { err: Error; workerStopped: boolean }) => void;
}

/** How often the worker looks: at 150 MiB/s of log pushes the WAL grows ~15 MiB between two looks. */
export const WAL_CHECKPOINT_INTERVAL_MS = 100;
/** The hub connection's own autocheckpoint, in pages (64 MiB at 4 KiB): reached only if the worker falls behind. */
export const WAL_SAFETY_NET_PAGES = 16_384;
/** A checkpointed WAL is cut back to this size when it restarts, so a burst does not leave a large file behind. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** A checkpoint starts once this many WAL frames wait (SQLite's own default autocheckpoint, so as many fsyncs as before). */
export const WAL_CHECKPOINT_FRAMES = 1000;

// Runs in the worker (CommonJS eval). Each turn reads how many frames wait from the wal-index header in the -shm file
// (mxFrame at byte 16, the checkpoint's nBackfill at byte 96, native byte order: sqlite.org/walformat.html): one
// pread, where a checkpoint every turn copied and fsynced the same pages over and over. busy_timeout 0: a PASSIVE
// checkpoint that meets a lock waits for its next turn; any other failure is reported once per streak and retried,
// so a disk that fills and frees again is survived.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync } = require('node:fs');
const { endianness } = require('node:os');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
db.pragma('journal_mode');
const shm = openSync(workerData.file + '-shm', 'r');
const header = Buffer.alloc(100);
const readU32 = (offset) => (endianness() === 'LE' ? header.readUInt32LE(offset) : header.readUInt32BE(offset));
const waitingFrames = () => (readSync(shm, header, 0, 100, 0) === 100 ? readU32(16) - readU32(96) : 0);
let failing = false;
const tick = () => {
  try {
    if (waitingFrames() < workerData.frames) return;
    db.pragma('wal_checkpoint(PASSIVE)');
    failing = false;
  } catch (err) {
    if (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_LOCKED') return;
    if (!failing) parentPort.postMessage({ message: String(err.message), code: String(err.code) });
    failing = true;
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export function startWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: options.file, intervalMs: options.intervalMs, frames: options.frames ?? WAL_CHECKPOINT_FRAMES } });
  // A process that ends without closing its store is not held open by the worker.
  worker.unref();
  let stopping = false;
  let failure: Error | null = null;
  worker.on('message', (failed: { message: string; code: string }) => {
    options.onProblem({ err: Object.assign(new Error(`WAL checkpoint: ${failed.message}`), { code: failed.code }), workerStopped: false });
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('error', (err) => {
      failure = err;
    });
    worker.once('exit', () => {
      if (!stopping) options.onProblem({ err: failure ?? new Error('the WAL checkpoint worker exited'), workerStopped: true });
      resolve();
    });
  });
  return {
    async stop() {
      stopping = true;
      worker.postMessage('stop');
      await exited;
    },
  };
}
