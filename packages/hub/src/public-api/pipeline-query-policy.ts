import type { PipelineRowResult, PipelineRowState } from '../store/schema.js';

/**
 * `state` and `result` filters of GET /api/v1alpha/pipelines: comma-separated, any case, Semaphore's names.
 * INITIALIZING and PENDING are accepted and match nothing: an Outpost pipeline is queuing the moment it exists.
 */
const STATES: Record<string, readonly PipelineRowState[]> = {
  INITIALIZING: [],
  PENDING: [],
  QUEUING: ['queuing'],
  RUNNING: ['running'],
  STOPPING: ['stopping'],
  DONE: ['done'],
};
const RESULTS: Record<string, readonly PipelineRowResult[]> = { PASSED: ['passed'], FAILED: ['failed'], STOPPED: ['stopped'], CANCELED: ['canceled'] };

export type FilterParse<T> = { ok: true; values: T[] | undefined } | { ok: false; problem: string };

function parseList<T>(raw: string | undefined, table: Record<string, readonly T[]>, what: string): FilterParse<T> {
  if (raw === undefined || raw.trim() === '') return { ok: true, values: undefined };
  const values = new Set<T>();
  for (const word of raw.split(',').map((w) => w.trim().toUpperCase()).filter(Boolean)) {
    const rows = table[word];
    if (!rows) return { ok: false, problem: `${what} '${word.slice(0, 40)}' is not one of ${Object.keys(table).join(', ')}` };
    for (const row of rows) values.add(row);
  }
  return { ok: true, values: [...values] };
}

export const parsePipelineStates = (raw: string | undefined) => parseList(raw, STATES, 'state');
export const parsePipelineResults = (raw: string | undefined) => parseList(raw, RESULTS, 'result');

/** Pipeline, workflow and job ids are UUIDs; anything else names nothing (and never reaches the database). */
export function isRunId(raw: string): boolean {
  return /^[0-9a-fA-F-]{1,64}$/.test(raw);
}
