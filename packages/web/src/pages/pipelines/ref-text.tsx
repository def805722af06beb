import { refLabel, type PipelineSummary } from './pipeline-summary.js';

/** The branch, tag or pull request a pipeline ran for, with its kind for screen readers and the eye. */
export function RefText({ summary }: { summary: Pick<PipelineSummary, 'branch' | 'tag' | 'pullRequest'> }) {
  const ref = refLabel(summary);
  if (!ref) return <span className="muted">—</span>;
  return (
    <span className="ref">
      <span className="ref-kind">{ref.kind}</span>
      <span className="mono">{ref.text}</span>
    </span>
  );
}
