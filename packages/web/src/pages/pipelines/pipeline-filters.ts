import type { PipelineFilters } from '../../api/pipelines.js';

/** The list's one Status filter, as the URL spells it, and what the hub is asked for (pure). */
export const STATUS_FILTERS = [
  { value: 'active', label: 'Not done yet', query: { states: 'initializing,pending,queuing,running,stopping' } },
  { value: 'passed', label: 'Passed', query: { results: 'passed' } },
  { value: 'failed', label: 'Failed', query: { results: 'failed' } },
  { value: 'stopped', label: 'Stopped', query: { results: 'stopped' } },
  { value: 'canceled', label: 'Canceled', query: { results: 'canceled' } },
] as const;

export type StatusFilter = (typeof STATUS_FILTERS)[number]['value'];

export function parseStatusFilter(text: string | null): StatusFilter | undefined {
  return STATUS_FILTERS.find((f) => f.value === text)?.value;
}

/** The hub's query for a status filter and page; `undefined` status lists everything. */
export function listQuery(status: StatusFilter | undefined, pageToken: string | null): PipelineFilters {
  const filter = STATUS_FILTERS.find((f) => f.value === status);
  return { ...(filter ? filter.query : {}), ...(pageToken ? { pageToken } : {}) };
}
