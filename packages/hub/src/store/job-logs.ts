import type { Kysely, Transaction } from 'kysely';
import { LOG_EVENTS_PER_PUSH_MAX } from '@outpost/protocol';
import type { Store } from './database.js';
import type { Database } from './schema.js';
import { ONE_ROW, preparedQuery } from './prepared-query.js';
import { endOfLines, eventBytesTotal, lineByteCounts, sliceLines, withLine, type LogLines } from './log-lines.js';

/**
 * Job logs are rows keyed (job_id, idx); each row holds a run of consecutive events (one push, as the agent sent
 * them, newline-separated) starting at index idx. A 100 MB log is a few hundred rows written one per push and read
 * back in pages, so neither side ever holds it all in memory, and ingest costs one INSERT per push. Rows hold the
 * push's bytes (`lines`, migration 0013) as they came; rows written before hold text (`event`), read the same way.
 */
/** How many events of a push fit the log's budget, given the bytes it keeps (lifecycle/log-budget-policy.ts). */
export type LogBudgetPlanner = (input: { baseBytes: number; eventBytes: readonly number[]; budgetBytes: number }) => { keep: number; trim: boolean };

export interface LogBatch {
  jobId: string;
  startFrom: number;
  /** The event lines (each one JSON object), in order. */
  lines: LogLines;
  budgetBytes: number;
  /** The budget policy, applied inside the transaction once the bytes kept after truncation are known. */
  planAppend: LogBudgetPlanner;
  /** The final event written when the budget runs out. */
  trimmedNotice: string;
  now: number;
}

export type AppendOutcome =
  | { kind: 'stored'; eventCount: number }
  | { kind: 'trimmed'; eventCount: number }
  | { kind: 'already-trimmed' }
  | { kind: 'no-such-job' };

/** The most events one row holds: a full push plus the trimmed notice. Reads look this far back for a row. */
export const MAX_EVENTS_PER_ROW = LOG_EVENTS_PER_PUSH_MAX + 1;

/** Truncate to start_from, then append (spec §4.4): a retried batch replaces what the lost attempt stored. */
export async function appendLogEvents(store: Store, batch: LogBatch): Promise<AppendOutcome> {
  return store.db.transaction().execute(async (trx) => {
    const job = await (store.dialect === 'postgres' ? logCountsForUpdate : logCounts).first(trx, batch.jobId);
    if (!job) return { kind: 'no-such-job' };
    if (job.log_trimmed === 1) return { kind: 'already-trimmed' };

    const removedBytes = job.log_event_count > batch.startFrom ? await truncateFrom(trx, batch.jobId, batch.startFrom) : 0;
    const baseBytes = Number(job.log_bytes) - removedBytes;
    const { lines, trim } = fitToBudget(batch, baseBytes);
    const written = await insertRuns(trx, batch.jobId, batch.startFrom, lines);
    const eventCount = batch.startFrom + lines.ends.length;
    await setLogCounts.all(trx, batch.jobId, eventCount, baseBytes + written, trim ? 1 : 0);
    return trim ? { kind: 'trimmed', eventCount } : { kind: 'stored', eventCount };
  });
}

const logCountsOf = (db: Kysely<Database>, jobId: string) => db.selectFrom('jobs').select(['log_event_count', 'log_bytes', 'log_trimmed']).where('id', '=', jobId);
const logCounts = preparedQuery(logCountsOf);
const logCountsForUpdate = preparedQuery((db, jobId: string) => logCountsOf(db, jobId).forUpdate());
const setLogCounts = preparedQuery((db, jobId: string, eventCount: number, bytes: number, trimmed: number) =>
  db.updateTable('jobs').set({ log_event_count: eventCount, log_bytes: bytes, log_trimmed: trimmed }).where('id', '=', jobId),
);
// `event` is the text column of rows written before migration 0013; a row of bytes leaves it empty.
const insertRun = preparedQuery((db, jobId: string, idx: number, lines: Buffer, bytes: number, eventCount: number) =>
  db.insertInto('job_log_events').values({ job_id: jobId, idx, event: '', lines, bytes, event_count: eventCount }),
);

/** Removes every event from `startFrom` on, cutting the row that straddles it; returns the bytes removed. */
async function truncateFrom(trx: Transaction<Database>, jobId: string, startFrom: number): Promise<number> {
  let removed = 0;
  const straddling = await trx
    .selectFrom('job_log_events')
    .select(['idx', 'event', 'lines', 'bytes'])
    .where('job_id', '=', jobId)
    .where('idx', '<', startFrom)
    .where('idx', '>', startFrom - MAX_EVENTS_PER_ROW)
    .where((eb) => eb(eb('idx', '+', eb.ref('event_count')), '>', startFrom))
    .executeTakeFirst();
  if (straddling) {
    const keptCount = startFrom - straddling.idx;
    const kept = straddling.lines ? keptBytesOf(straddling.lines, keptCount) : keptTextOf(straddling.event, keptCount);
    removed += straddling.bytes - kept.bytes;
    await trx
      .updateTable('job_log_events')
      .set({ ...kept.columns, event_count: keptCount, bytes: kept.bytes })
      .where('job_id', '=', jobId)
      .where('idx', '=', straddling.idx)
      .execute();
  }
  const later = await trx
    .selectFrom('job_log_events')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('bytes'), eb.val(0)).as('bytes'))
    .where('job_id', '=', jobId)
    .where('idx', '>=', startFrom)
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('job_log_events').where('job_id', '=', jobId).where('idx', '>=', startFrom).execute();
  return removed + Number(later.bytes);
}

interface KeptPart {
  columns: { lines: Buffer } | { event: string };
  /** The kept events' bytes, newlines not counted. */
  bytes: number;
}

/** The first `count` events of a row of bytes: the bytes up to the end of the last one kept. */
function keptBytesOf(lines: Buffer, count: number): KeptPart {
  const end = endOfLines(lines, count);
  return { columns: { lines: lines.subarray(0, end) }, bytes: end - (count - 1) };
}

/** The first `count` events of a text row (written before migration 0013). */
function keptTextOf(event: string, count: number): KeptPart {
  const kept = event.split('\n').slice(0, count);
  return { columns: { event: kept.join('\n') }, bytes: sum(kept.map((line) => Buffer.byteLength(line, 'utf8'))) };
}

/** The events to store: the whole batch when it fits the budget, else the policy's prefix and the trimmed notice. */
function fitToBudget(batch: LogBatch, baseBytes: number): { lines: LogLines; trim: boolean } {
  const plan = batch.planAppend({ baseBytes, eventBytes: lineByteCounts(batch.lines), budgetBytes: batch.budgetBytes });
  const kept = sliceLines(batch.lines, 0, plan.keep);
  return { lines: plan.trim ? withLine(kept, batch.trimmedNotice) : kept, trim: plan.trim };
}

/** One row per run of ≤2000 events, its bytes as they are; returns the bytes stored (newlines do not count). */
async function insertRuns(trx: Transaction<Database>, jobId: string, startFrom: number, lines: LogLines): Promise<number> {
  let written = 0;
  for (let offset = 0; offset < lines.ends.length; offset += LOG_EVENTS_PER_PUSH_MAX) {
    const run = sliceLines(lines, offset, offset + LOG_EVENTS_PER_PUSH_MAX);
    const bytes = eventBytesTotal(run);
    await insertRun.all(trx, jobId, startFrom + offset, run.bytes, bytes, run.ends.length);
    written += bytes;
  }
  return written;
}

const sum = (values: readonly number[]) => values.reduce((total, n) => total + n, 0);

export interface StoredEvent {
  idx: number;
  event: string;
}

/**
 * Up to `limit` events of a job's log from index `fromIdx`, in order. Rows are read by index range (never more than
 * `limit` events plus one row's worth), jumping over a gap a push left after an out-of-order start_from.
 */
export async function readLogEvents(db: Kysely<Database>, jobId: string, fromIdx: number, limit: number): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let next = fromIdx;
  while (events.length < limit) {
    const rows = await db
      .selectFrom('job_log_events')
      .select(['idx', 'event', 'lines', 'event_count'])
      .where('job_id', '=', jobId)
      .where('idx', '>', next - MAX_EVENTS_PER_ROW)
      .where('idx', '<', next + (limit - events.length))
      .where((eb) => eb(eb('idx', '+', eb.ref('event_count')), '>', next))
      .orderBy('idx')
      .execute();
    if (rows.length === 0) {
      const after = await db.selectFrom('job_log_events').select('idx').where('job_id', '=', jobId).where('idx', '>=', next).orderBy('idx').limit(ONE_ROW).executeTakeFirst();
      if (!after) break;
      next = after.idx;
      continue;
    }
    for (const row of rows) {
      const lines = (row.lines ? row.lines.toString('utf8') : row.event).split('\n');
      for (let i = Math.max(0, next - row.idx); i < lines.length && events.length < limit; i++) events.push({ idx: row.idx + i, event: lines[i] ?? '' });
      next = row.idx + row.event_count;
    }
  }
  return events;
}
