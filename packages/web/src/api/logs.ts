import type { JobLog } from '@outpost/protocol';
import { enc, readNdjson, type ApiClient } from './client.js';

export const getLog = async (client: ApiClient, jobId: string, signal?: AbortSignal) =>
  (await client.get<JobLog>(`/api/v1alpha/logs/${enc(jobId)}`, signal)).events;

/** Streams the log's events from index `startFrom`, as they arrive, until the hub ends the stream. */
export async function followLog(
  client: ApiClient,
  jobId: string,
  startFrom: number,
  signal: AbortSignal,
  onEvents: (events: unknown[]) => void,
): Promise<void> {
  const stream = await client.stream(`/api/v1alpha/logs/${enc(jobId)}?follow=true&start_from=${startFrom}`, signal);
  await readNdjson(stream, onEvents);
}
