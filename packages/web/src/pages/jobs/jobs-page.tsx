import type { Job, JobState } from '@outpost/protocol';
import { JOB_STATE_VALUES as JOB_STATES } from '../../api/wire-constants.js';
import { listAgentTypes } from '../../api/agent-types.js';
import { listJobs } from '../../api/jobs.js';
import { EmptyState } from '../../components/empty-state.js';
import { PlayIcon } from '../../components/icons.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { formatDuration, formatRelative } from '../../format/time-format.js';
import { useNow } from '../../live/use-now.js';
import { usePoll } from '../../live/use-poll.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';
import { jobDurationSeconds, JobStatus } from './job-status.js';

const STATE_LABELS: Record<JobState, string> = { QUEUED: 'Queued', RUNNING: 'Running', FINISHED: 'Finished' };

/** Jobs, newest first, filtered by state and agent type through the URL (so a filtered view can be shared). */
export function JobsPage() {
  useTitle('Jobs');
  const client = useApi();
  const { search, navigate } = useNavigation();
  const stateParam = search.get('state');
  const state = JOB_STATES.find((s) => s === stateParam);
  const agentType = search.get('agent_type') ?? '';
  const jobs = usePoll((signal) => listJobs(client, { state, agentType: agentType || undefined }, signal), 2000, [client, state, agentType]);
  const types = usePoll((signal) => listAgentTypes(client, signal), 30_000, [client]);
  const now = useNow(1000);

  const setFilter = (key: FilterKey, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`${paths.jobs()}${next.size > 0 ? `?${next}` : ''}`, { replace: true });
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Jobs</h1>
          <p className="muted">Jobs wait in a queue for an agent of their type, run, and keep their log.</p>
        </div>
        <Link to={paths.newJob(agentType || undefined)} className="btn btn-primary">Run a job</Link>
      </div>
      <JobFilterForm state={state} agentType={agentType} typeNames={(types.data ?? []).map((t) => t.metadata.name)} onChange={setFilter} />
      {jobs.error && !jobs.data ? <Notice tone="error">{sentence(jobs.error.message)}</Notice> : null}
      {!jobs.data && !jobs.error ? <div className="skeleton-list" aria-busy="true" aria-label="Loading jobs" /> : null}
      {jobs.data && jobs.data.length === 0 ? (
        <EmptyState icon={<PlayIcon size={28} />} title={state || agentType ? 'No jobs match these filters' : 'No jobs yet'} action={<Link to={paths.newJob(agentType || undefined)} className="btn btn-primary">Run a job</Link>}>
          <p>Run a few commands on one of your agents to try it out.</p>
        </EmptyState>
      ) : null}
      {jobs.data && jobs.data.length > 0 ? <JobTable jobs={jobs.data} now={now} /> : null}
    </>
  );
}

type FilterKey = 'state' | 'agent_type';

/** The state and agent-type selects; a type named in the URL but not (yet) listed stays selectable. */
function JobFilterForm({ state, agentType, typeNames, onChange }: { state: JobState | undefined; agentType: string; typeNames: string[]; onChange(key: FilterKey, value: string): void }) {
  return (
    <form className="filters" role="search" aria-label="Filter jobs" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>State</span>
        <select value={state ?? ''} onChange={(e) => onChange('state', e.target.value)}>
          <option value="">All states</option>
          {JOB_STATES.map((s) => <option key={s} value={s}>{STATE_LABELS[s]}</option>)}
        </select>
      </label>
      <label>
        <span>Agent type</span>
        <select value={agentType} onChange={(e) => onChange('agent_type', e.target.value)}>
          <option value="">All agent types</option>
          {typeNames.map((name) => <option key={name} value={name}>{name}</option>)}
          {agentType && !typeNames.includes(agentType) ? <option value={agentType}>{agentType}</option> : null}
        </select>
      </label>
    </form>
  );
}

function JobTable({ jobs, now }: { jobs: Job[]; now: number }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Agent type</th>
            <th scope="col" className="hide-narrow">Agent</th>
            <th scope="col" className="hide-narrow">Created</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const seconds = jobDurationSeconds(job, now);
            return (
              <tr key={job.metadata.id}>
                <td><Link to={paths.job(job.metadata.id)} className="job-link">{job.metadata.name}</Link></td>
                <td><JobStatus job={job} /></td>
                <td className="mono">{job.spec.agent.machine.type}</td>
                <td className="mono hide-narrow">{job.status.agent?.name ?? '—'}</td>
                <td className="hide-narrow">{formatRelative(job.metadata.create_time * 1000, now)}</td>
                <td>{seconds === null ? '—' : formatDuration(seconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
