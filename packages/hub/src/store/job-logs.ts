import type { Kysely, Transaction } from 'kysely';
import type { Store } from './database.js';
import type { Database } from './schema.js';
import { planLogAppend } from '../lifecycle/log-budget-policy.js';

/**
 * Job logs are rows keyed (job_id, idx): one event each, as the agent sent it. A 100 MB log is about a million
 * short rows, appended 2000 at a time and read back in pages, so neither side ever holds it all in memory.
 */
export interface LogBatch {
  jobId: string;
  startFrom: number;
  /** Raw event lines (each one JSON object), in order. */
  events: readonly string[];
  budgetBytes: number;
  /** The final event written when the budget runs out. */
  trimmedNotice: string;
  now: number;
}

export type AppendOutcome =
  | { kind: 'stored'; eventCount: number }
  | { kind: 'trimmed'; eventCount: number }
  | { kind: 'already-trimmed' }
  | { kind: 'no-such-job' };

// 1000 rows × 4 columns stays far below SQLite's 32766 and PostgreSQL's 65535 bound parameters per statement.
const INSERT_CHUNK_ROWS = 1000;

/** Truncate to start_from, then append (spec §4.4): a retried batch replaces what the lost attempt stored. */
export async function appendLogEvents(store: Store, batch: LogBatch): Promise<AppendOutcome> {
  return store.db.transaction().execute(async (trx) => {
    let jobQuery = trx.selectFrom('jobs').select(['log_event_count', 'log_bytes', 'log_trimmed']).where('id', '=', batch.jobId);
    if (store.dialect === 'postgres') jobQuery = jobQuery.forUpdate();
    const job = await jobQuery.executeTakeFirst();
    if (!job) return { kind: 'no-such-job' };
    if (job.log_trimmed === 1) return { kind: 'already-trimmed' };

    const removedBytes = job.log_event_count > batch.startFrom ? await truncateFrom(trx, batch.jobId, batch.startFrom) : 0;
    const baseBytes = Number(job.log_bytes) - removedBytes;
    const eventBytes = batch.events.map((line) => Buffer.byteLength(line, 'utf8'));
    const plan = planLogAppend({ baseBytes, eventBytes, budgetBytes: batch.budgetBytes });
    const lines = batch.events.slice(0, plan.keep);
    const sizes = eventBytes.slice(0, plan.keep);
    if (plan.trim) {
      lines.push(batch.trimmedNotice);
      sizes.push(Buffer.byteLength(batch.trimmedNotice, 'utf8'));
    }
    await insertEvents(trx, batch.jobId, batch.startFrom, lines, sizes);
    const eventCount = batch.startFrom + lines.length;
    await trx
      .updateTable('jobs')
      .set({ log_event_count: eventCount, log_bytes: baseBytes + sizes.reduce((a, b) => a + b, 0), log_trimmed: plan.trim ? 1 : 0 })
      .where('id', '=', batch.jobId)
      .execute();
    return plan.trim ? { kind: 'trimmed', eventCount } : { kind: 'stored', eventCount };
  });
}

async function truncateFrom(trx: Transaction<Database>, jobId: string, startFrom: number): Promise<number> {
  const removed = await trx
    .selectFrom('job_log_events')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('bytes'), eb.val(0)).as('bytes'))
    .where('job_id', '=', jobId)
    .where('idx', '>=', startFrom)
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('job_log_events').where('job_id', '=', jobId).where('idx', '>=', startFrom).execute();
  return Number(removed.bytes);
}

async function insertEvents(trx: Transaction<Database>, jobId: string, startFrom: number, lines: string[], sizes: number[]): Promise<void> {
  for (let offset = 0; offset < lines.length; offset += INSERT_CHUNK_ROWS) {
    const rows = lines.slice(offset, offset + INSERT_CHUNK_ROWS).map((event, i) => ({
      job_id: jobId,
      idx: startFrom + offset + i,
      event,
      bytes: sizes[offset + i] ?? 0,
    }));
    await trx.insertInto('job_log_events').values(rows).execute();
  }
}

export interface StoredEvent {
  idx: number;
  event: string;
}

/** One page of a job's log from index `fromIdx`, in order. */
export async function readLogEvents(db: Kysely<Database>, jobId: string, fromIdx: number, limit: number): Promise<StoredEvent[]> {
  return db
    .selectFrom('job_log_events')
    .select(['idx', 'event'])
    .where('job_id', '=', jobId)
    .where('idx', '>=', fromIdx)
    .orderBy('idx')
    .limit(limit)
    .execute();
}
