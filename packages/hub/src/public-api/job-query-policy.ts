import type { JobRowState } from '../store/schema.js';

/**
 * `state`/`states` filters of GET /api/v1alpha/jobs: repeatable or comma-separated, any case. PENDING (which some
 * Semaphore clients ask for) is accepted and matches nothing here: Outpost jobs are queued the moment they exist.
 */
const STATE_ROWS: Record<string, readonly JobRowState[]> = {
  QUEUED: ['queued', 'offered'],
  PENDING: [],
  RUNNING: ['running'],
  FINISHED: ['finished'],
};

export function parseStateFilter(raw: unknown): { ok: true; states: JobRowState[] | undefined } | { ok: false; problem: string } {
  if (raw === undefined || raw === '') return { ok: true, states: undefined };
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim().toUpperCase()).filter(Boolean);
  const states = new Set<JobRowState>();
  for (const value of values) {
    const rows = STATE_ROWS[value];
    if (!rows) return { ok: false, problem: `state '${value.slice(0, 40)}' is not one of QUEUED, RUNNING, FINISHED` };
    for (const row of rows) states.add(row);
  }
  return { ok: true, states: [...states] };
}
