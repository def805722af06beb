import { useState } from 'react';
import type { Job } from '@outpost/protocol';
import type { ApiClient } from '../../api/client.js';
import { getJob, stopJob } from '../../api/jobs.js';
import { Button } from '../../components/button.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { formatDuration, formatRelative } from '../../format/time-format.js';
import { useJobLog } from '../../live/use-job-log.js';
import { useNow } from '../../live/use-now.js';
import { usePoll } from '../../live/use-poll.js';
import { LogView } from '../../log-view/log-view.js';
import { Link } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';
import { jobDurationSeconds, JobStatus } from '../jobs/job-status.js';
import { pipelineOfJob, type JobPipeline } from './pipeline-of-job.js';

/** One job: its state, where it ran, a Stop button while it can be stopped, and its live log. */
export function JobPage({ id }: { id: string }) {
  const client = useApi();
  const job = usePoll((signal) => getJob(client, id, signal), 1000, [client, id]);
  const finished = job.data?.status.state === 'FINISHED';
  const log = useJobLog(id, finished);
  const now = useNow(1000);
  const { stopping, stopError, stop } = useStopJob(client, id, () => job.refresh());
  useTitle(job.data?.metadata.name ?? 'Job');

  if (job.error && !job.data) {
    return (
      <div className="narrow">
        <Link to={paths.jobs()} className="back-link">← Back to jobs</Link>
        <Notice tone="error">{sentence(job.error.message)}</Notice>
      </div>
    );
  }
  if (!job.data) return <div className="skeleton-list" aria-busy="true" aria-label="Loading the job" />;

  const data = job.data;
  const pipeline = pipelineOfJob(data.spec);
  return (
    <>
      {pipeline ? (
        <Link to={paths.pipeline(pipeline.pipelineId)} className="back-link">← Back to pipeline {pipeline.pipelineName}</Link>
      ) : (
        <Link to={paths.jobs()} className="back-link">← Back to jobs</Link>
      )}
      <JobHeader job={data} finished={finished} stopping={stopping} onStop={() => void stop()} />
      {stopError ? <Notice tone="error">{stopError}</Notice> : null}
      <JobFacts job={data} pipeline={pipeline} now={now} />
      {log.error && log.model.eventCount === 0 ? <Notice tone="warning">The log could not be read yet: {sentence(log.error.message)} Retrying.</Notice> : null}
      <LogView model={log.model} version={log.version} trimmed={data.status.log?.trimmed ?? false} running={!finished} />
    </>
  );
}

function JobHeader({ job, finished, stopping, onStop }: { job: Job; finished: boolean; stopping: boolean; onStop(): void }) {
  return (
    <div className="page-header">
      <div>
        <h1>{job.metadata.name}</h1>
        <div className="job-status-line" aria-live="polite">
          <JobStatus job={job} />
          {job.status.failure_reason ? <span className="muted">{sentence(job.status.failure_reason)}</span> : null}
        </div>
      </div>
      {!finished ? (
        <div className="actions">
          <Button variant="danger" onClick={onStop} busy={stopping} disabled={job.status.state === 'FINISHED'}>Stop</Button>
        </div>
      ) : null}
    </div>
  );
}

/** Stop, with its progress and failure; `refresh` re-reads the job once the hub took the request. */
function useStopJob(client: ApiClient, id: string, refresh: () => void) {
  const [stopping, setStopping] = useState(false);
  const [stopError, setStopError] = useState<string | null>(null);
  const stop = async () => {
    setStopping(true);
    setStopError(null);
    try {
      await stopJob(client, id);
      refresh();
    } catch (error) {
      setStopError(sentence((error as Error).message));
    } finally {
      setStopping(false);
    }
  };
  return { stopping, stopError, stop };
}

function JobFacts({ job, pipeline, now }: { job: Job; pipeline: JobPipeline | null; now: number }) {
  const seconds = jobDurationSeconds(job, now);
  return (
    <dl className="settings job-facts">
      {pipeline ? (
        <div>
          <dt>Pipeline</dt>
          <dd><Link to={paths.pipeline(pipeline.pipelineId)}>{pipeline.pipelineName || pipeline.pipelineId}</Link>{pipeline.blockName ? <span className="muted"> · {pipeline.blockName}</span> : null}</dd>
        </div>
      ) : null}
      <div><dt>Agent type</dt><dd><Link to={paths.agentType(job.spec.agent.machine.type)} className="mono">{job.spec.agent.machine.type}</Link></dd></div>
      <div><dt>Agent</dt><dd className="mono">{job.status.agent?.name ?? (job.status.state === 'QUEUED' ? 'waiting for a free agent' : '—')}</dd></div>
      <div><dt>Created</dt><dd>{formatRelative(job.metadata.create_time * 1000, now)}</dd></div>
      <div><dt>Duration</dt><dd>{seconds === null ? '—' : formatDuration(seconds)}</dd></div>
      <div><dt>Job ID</dt><dd className="mono small">{job.metadata.id}</dd></div>
    </dl>
  );
}
