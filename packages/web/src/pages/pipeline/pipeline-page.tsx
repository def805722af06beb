import type { Described } from '../../api/pipeline-types.js';
import { describePipeline } from '../../api/pipelines.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { formatDuration, formatRelative } from '../../format/time-format.js';
import { useNow } from '../../live/use-now.js';
import { usePoll } from '../../live/use-poll.js';
import { Link } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { blockLook, pipelineLook, reasonInWords } from '../pipelines/pipeline-status.js';
import { fromDescribe, pipelineDurationSeconds, type PipelineSummary } from '../pipelines/pipeline-summary.js';
import { RefText } from '../pipelines/ref-text.js';
import { LookBadge } from '../pipelines/status-look-badge.js';
import { useTitle } from '../use-title.js';
import { BlockGraph } from './block-graph.js';
import { errorDescriptionLines, isSettled, keepUnchangedDescribe } from './describe-model.js';
import { JobRow } from './job-row.js';
import { CommitStatusNote } from '../project/workflow-history.js';
import { PipelineActions } from './pipeline-actions.js';

/** One pipeline: its result and context, Stop and Rerun, and the block graph, re-read every second until it is done. */
export function PipelinePage({ id }: { id: string }) {
  const client = useApi();
  const described = usePoll((signal) => describePipeline(client, id, signal), 1000, [client, id], keepUnchangedDescribe, isSettled);
  const now = useNow(1000);
  useTitle(described.data?.pipeline.name || 'Pipeline');

  const back = <Link to={paths.pipelines()} className="back-link">← Back to pipelines</Link>;
  if (described.error && !described.data) {
    return <div className="narrow">{back}<Notice tone="error">{sentence(described.error.message)}</Notice></div>;
  }
  if (!described.data) return <div className="skeleton-list" aria-busy="true" aria-label="Loading the pipeline" />;

  const data = described.data;
  const summary = fromDescribe(data.pipeline);
  const look = pipelineLook(summary.state, summary.result);
  const reason = reasonInWords(summary.result, summary.reason);
  const seconds = pipelineDurationSeconds(summary, now);
  return (
    <>
      {back}
      <div className="page-header">
        <div>
          <h1>{summary.name || summary.yamlFile}</h1>
          <div className="job-status-line" aria-live="polite">
            <LookBadge look={look} />
            {reason ? <span className="muted">{sentence(reason)}</span> : null}
            {summary.partialRerunOf ? <span className="muted">Rerun of <Link to={paths.pipeline(summary.partialRerunOf)}>an earlier pipeline</Link></span> : null}
            <CommitStatusNote status={data.commit_status} />
          </div>
        </div>
        <PipelineActions summary={summary} onChanged={described.refresh} />
      </div>
      {described.error ? <Notice tone="warning">The pipeline could not be re-read: {sentence(described.error.message)} Retrying.</Notice> : null}
      <Facts summary={summary} now={now} seconds={seconds} />
      <Problems data={data} />
      <h2 className="section-title">Blocks</h2>
      {data.blocks.length > 0 ? <BlockGraph blocks={data.blocks} now={now} /> : <p className="muted">This pipeline has no blocks to show.</p>}
      {data.after_pipeline && data.after_pipeline.jobs.length > 0 ? (
        <section className="after-pipeline" aria-labelledby="after-pipeline-title">
          <div className="after-pipeline-header">
            <h2 id="after-pipeline-title" className="section-title">After pipeline</h2>
            <LookBadge look={blockLook(data.after_pipeline)} />
          </div>
          <ul className="graph-jobs after-pipeline-jobs card" aria-label="Jobs of After pipeline">
            {data.after_pipeline.jobs.map((job) => <JobRow key={job.index} job={job} now={now} />)}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function Facts({ summary, now, seconds }: { summary: PipelineSummary; now: number; seconds: number | null }) {
  return (
    <dl className="settings pipeline-facts">
      <div><dt>Ran for</dt><dd><RefText summary={summary} /></dd></div>
      {summary.commitSha ? <div><dt>Commit</dt><dd className="mono" title={summary.commitSha}>{summary.commitSha.slice(0, 12)}</dd></div> : null}
      <div><dt>File</dt><dd className="mono">{breakAfterSlashes(summary.yamlFile)}</dd></div>
      <div><dt>Created</dt><dd>{summary.createdMs === null ? '—' : formatRelative(summary.createdMs, now)}</dd></div>
      <div><dt>Duration</dt><dd className="tabular">{seconds === null ? '—' : formatDuration(seconds)}</dd></div>
      <div><dt>Pipeline ID</dt><dd className="mono small">{summary.id}</dd></div>
    </dl>
  );
}

/** A path that may wrap after each `/` rather than inside a name. */
function breakAfterSlashes(path: string) {
  return path.split('/').map((part, i, all) => <span key={i}>{part}{i < all.length - 1 ? <>/<wbr /></> : null}</span>);
}

/** Why a malformed pipeline or block could not run, each line with the file position it names. */
function Problems({ data }: { data: Described }) {
  const sources = [
    { who: '', text: data.pipeline.error_description },
    ...data.blocks.map((b) => ({ who: `Block ${b.name}: `, text: b.error_description })),
  ].filter((s) => s.text.trim() !== '');
  if (sources.length === 0) return null;
  return (
    <Notice tone="error" title="This pipeline could not run as written">
      <ul className="pipeline-problems" aria-label="Problems of the pipeline">
        {sources.flatMap((source, i) =>
          errorDescriptionLines(source.text).map((line, j) => (
            <li key={`${i}-${j}`}>
              {line.at ? <span className="mono">{line.at.file}:{line.at.line}:{line.at.column} </span> : null}
              {source.who}{line.message}
            </li>
          )),
        )}
      </ul>
    </Notice>
  );
}
