import type { ReactNode } from 'react';
import { listPipelines } from '../../api/pipelines.js';
import { CodeBlock } from '../../components/copy-button.js';
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
import { listQuery, parseStatusFilter, STATUS_FILTERS } from './pipeline-filters.js';
import { reasonInWords, pipelineLook } from './pipeline-status.js';
import { fromListItem, pipelineDurationSeconds, type PipelineSummary } from './pipeline-summary.js';
import { RefText } from './ref-text.js';
import { LookBadge } from './status-look-badge.js';

export const RUN_COMMAND = 'outpost pipelines run -f .semaphore/semaphore.yml';

/** Recent pipelines, newest first, filtered by status through the URL; pages follow the hub's next-page token. */
export function PipelinesPage() {
  useTitle('Pipelines');
  const client = useApi();
  const { search, navigate } = useNavigation();
  const status = parseStatusFilter(search.get('status'));
  const pageToken = search.get('page_token');
  const page = usePoll((signal) => listPipelines(client, listQuery(status, pageToken), signal), 2000, [client, status, pageToken]);
  const now = useNow(1000);
  const go = (patch: Record<string, string | null>, replace: boolean) => navigate(withParams(search, patch), { replace });

  const pipelines = page.data?.pipelines.map(fromListItem);
  const run = <Link to={paths.newPipeline()} className="btn btn-primary">Run a pipeline</Link>;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Pipelines</h1>
          <p className="muted">A pipeline runs the blocks of a <code>.semaphore/semaphore.yml</code> file on your agents, each block once the blocks it waits for passed.</p>
        </div>
        {run}
      </div>
      <StatusSelect status={status} onChange={(value) => go({ status: value, page_token: null }, true)} />
      {page.error && !page.data ? <Notice tone="error">{sentence(page.error.message)}</Notice> : null}
      {!page.data && !page.error ? <div className="skeleton-list" aria-busy="true" aria-label="Loading pipelines" /> : null}
      {pipelines && pipelines.length === 0 ? <NoPipelines filtered={Boolean(status || pageToken)} run={run} /> : null}
      {pipelines && pipelines.length > 0 ? <PipelineTable pipelines={pipelines} now={now} /> : null}
      {page.data && (pageToken || page.data.nextPageToken) ? (
        <PipelinesPager pageToken={pageToken} nextPageToken={page.data.nextPageToken} onPage={(token) => go({ page_token: token }, false)} />
      ) : null}
    </>
  );
}

/** The pipelines path with `patch` applied to the current query (a null or empty value drops the key). */
function withParams(search: URLSearchParams, patch: Record<string, string | null>): string {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(patch)) {
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return `${paths.pipelines()}${next.size > 0 ? `?${next}` : ''}`;
}

function StatusSelect({ status, onChange }: { status: string | undefined; onChange(value: string): void }) {
  return (
    <form className="filters" role="search" aria-label="Filter pipelines" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>Status</span>
        <select value={status ?? ''} onChange={(e) => onChange(e.target.value)}>
          <option value="">All pipelines</option>
          {STATUS_FILTERS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
        </select>
      </label>
    </form>
  );
}

function NoPipelines({ filtered, run }: { filtered: boolean; run: ReactNode }) {
  return filtered ? (
    <EmptyState icon={<PlayIcon size={28} />} title="No pipelines match this filter" action={<Link to={paths.pipelines()} className="btn">Show all pipelines</Link>}>
      <p>Pick another status, or show every pipeline.</p>
    </EmptyState>
  ) : (
    <EmptyState icon={<PlayIcon size={28} />} title="No pipelines yet" action={run}>
      <p>From a checkout of your repository, run its pipeline file with the <code>outpost</code> command, or paste the file into the Run form.</p>
      <CodeBlock code={RUN_COMMAND} language="sh" label="The command that runs a pipeline file" />
    </EmptyState>
  );
}

function PipelinesPager({ pageToken, nextPageToken, onPage }: { pageToken: string | null; nextPageToken: string; onPage(token: string | null): void }) {
  return (
    <nav className="pager" aria-label="Pages of pipelines">
      {pageToken ? <button type="button" className="btn btn-sm" onClick={() => onPage(null)}>← Newest</button> : <span />}
      {nextPageToken ? <button type="button" className="btn btn-sm" onClick={() => onPage(nextPageToken)}>Older →</button> : null}
    </nav>
  );
}

function PipelineTable({ pipelines, now }: { pipelines: PipelineSummary[]; now: number }) {
  return (
    <div className="table-wrap">
      <table className="table pipeline-table">
        <thead>
          <tr>
            <th scope="col">Pipeline</th>
            <th scope="col">Status</th>
            <th scope="col">Branch or tag</th>
            <th scope="col" className="hide-narrow">Created</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {pipelines.map((p) => {
            const seconds = pipelineDurationSeconds(p, now);
            const reason = reasonInWords(p.result, p.reason);
            return (
              <tr key={p.id}>
                <td>
                  <Link to={paths.pipeline(p.id)} className="job-link">{p.name || p.yamlFile}</Link>
                  <div className="muted small"><span className="mono">{p.yamlFile}</span>{p.partialRerunOf ? ' · rerun of failed blocks' : ''}</div>
                </td>
                <td>
                  <LookBadge look={pipelineLook(p.state, p.result)} />
                  {reason ? <div className="muted small">{sentence(reason)}</div> : null}
                </td>
                <td><RefText summary={p} /></td>
                <td className="hide-narrow">{p.createdMs === null ? '—' : formatRelative(p.createdMs, now)}</td>
                <td className="tabular">{seconds === null ? '—' : formatDuration(seconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

