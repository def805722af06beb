import type { Job } from '@outpost/protocol';
import { StatusBadge, type Tone } from '../../components/status-badge.js';

/** QUEUED / RUNNING / PASSED / FAILED / STOPPED as a coloured badge. */
export function JobStatus({ job }: { job: Job }) {
  const { label, tone, pulse } = jobStatusLook(job);
  return <StatusBadge tone={tone} pulse={pulse}>{label}</StatusBadge>;
}

export function jobStatusLook(job: Pick<Job, 'status'>): { label: string; tone: Tone; pulse: boolean } {
  const { state, result } = job.status;
  if (state === 'QUEUED') return { label: 'Queued', tone: 'amber', pulse: false };
  if (state === 'RUNNING') return { label: 'Running', tone: 'blue', pulse: true };
  if (result === 'PASSED') return { label: 'Passed', tone: 'green', pulse: false };
  if (result === 'STOPPED') return { label: 'Stopped', tone: 'gray', pulse: false };
  return { label: 'Failed', tone: 'red', pulse: false };
}

/** Seconds from start to finish (or to now while it runs); null before it starts. */
export function jobDurationSeconds(job: Job, nowMs: number): number | null {
  const start = job.metadata.start_time;
  if (start === undefined) return null;
  const end = job.metadata.finish_time ?? Math.floor(nowMs / 1000);
  return Math.max(0, end - start);
}
