import { memo, useId } from 'react';
import type { DescribedBlock } from '../../api/pipeline-types.js';
import { blockLook } from '../pipelines/pipeline-status.js';
import { LookBadge } from '../pipelines/status-look-badge.js';
import type { GraphNode } from './graph-layout.js';
import { JobRow } from './job-row.js';

/** A block of the graph at the place the layout gave it: name, state, and its jobs as a list. */
export const BlockCard = memo(function BlockCard({ block, node, now }: { block: DescribedBlock; node: GraphNode; now: number }) {
  const look = blockLook(block);
  const titleId = useId();
  return (
    <section
      className={`graph-card graph-card-${look.tone}`}
      style={{ left: node.x, top: node.y, width: node.width, height: node.height }}
      aria-labelledby={titleId}
      data-block={block.name}
    >
      <div className="graph-card-header">
        <h3 id={titleId} className="graph-card-title" title={block.name}>{block.name}</h3>
        <LookBadge look={look} />
      </div>
      <ul className="graph-jobs" aria-label={`Jobs of ${block.name}`}>
        {block.jobs.map((job) => <JobRow key={job.index} job={job} now={now} />)}
        {block.jobs.length === 0 ? <li className="graph-job graph-job-none muted">No jobs</li> : null}
      </ul>
    </section>
  );
});
