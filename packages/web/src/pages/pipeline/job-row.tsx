import { memo } from 'react';
import type { DescribedJob } from '../../api/pipeline-types.js';
import { formatDuration } from '../../format/time-format.js';
import { Link } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { pipelineJobLook, type StatusLook } from '../pipelines/pipeline-status.js';
import { pipelineJobSeconds } from './describe-model.js';

/** One job of a block: its live state as an icon (named for screen readers), its name linking to its job page once
 * queued, and how long it ran. */
export const JobRow = memo(function JobRow({ job, now }: { job: DescribedJob; now: number }) {
  const look = pipelineJobLook(job);
  const seconds = pipelineJobSeconds(job, now);
  return (
    <li className={`graph-job graph-job-${look.tone}`}>
      <StateIcon look={look} />
      {job.job_id ? (
        <Link to={paths.job(job.job_id)} className="graph-job-name" title={job.name}>{job.name}</Link>
      ) : (
        <span className="graph-job-name" title={job.name}>{job.name}</span>
      )}
      <span className="graph-job-time">{seconds === null ? '' : formatDuration(seconds)}</span>
    </li>
  );
});

const ICON = { width: 16, height: 16, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

/** A spinner while running; a drawn mark otherwise (no font glyphs); the state's name in text for screen readers. */
export function StateIcon({ look }: { look: StatusLook }) {
  return (
    <span className={`state-icon state-icon-${look.tone}`}>
      {look.live ? <span className="spinner state-spinner" aria-hidden="true" /> : <Mark label={look.label} />}
      <span className="sr-only">{look.label}</span>
    </span>
  );
}

function Mark({ label }: { label: string }) {
  switch (label) {
    case 'Passed':
      return <svg {...ICON} aria-hidden="true"><circle cx="8" cy="8" r="6.5" /><path d="M5 8.2 7 10.2 11 6" /></svg>;
    case 'Failed':
      return <svg {...ICON} aria-hidden="true"><circle cx="8" cy="8" r="6.5" /><path d="M5.8 5.8l4.4 4.4M10.2 5.8l-4.4 4.4" /></svg>;
    case 'Stopped':
      return <svg {...ICON} aria-hidden="true"><circle cx="8" cy="8" r="6.5" /><rect x="5.7" y="5.7" width="4.6" height="4.6" rx="0.6" /></svg>;
    case 'Queued':
      return <svg {...ICON} aria-hidden="true"><circle cx="8" cy="8" r="6.5" /><path d="M8 4.8V8l2 1.4" /></svg>;
    case 'Not run':
      return <svg {...ICON} aria-hidden="true"><circle cx="8" cy="8" r="6.5" strokeDasharray="2 2" /><path d="M5.5 8h5" /></svg>;
    default:
      return <svg {...ICON} aria-hidden="true"><circle cx="8" cy="8" r="6.5" strokeDasharray="2 2" /></svg>;
  }
}
