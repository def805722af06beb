import { useId, useMemo, type CSSProperties } from 'react';
import type { DescribedBlock } from '../../api/pipeline-types.js';
import { BlockCard } from './block-card.js';
import { hasRunningJob } from './describe-model.js';
import { describeGraph, GRAPH_SIZES, layoutGraph } from './graph-layout.js';

/**
 * The blocks in columns by dependency depth with arrows from each dependency to its block. The SVG holds only the
 * arrows (named in words for screen readers); the cards are HTML over it, in reading order, so their job links are
 * reachable by keyboard. The frame scrolls sideways on a narrow screen.
 */
export function BlockGraph({ blocks, now }: { blocks: DescribedBlock[]; now: number }) {
  const inputs = useMemo(() => blocks.map((b) => ({ name: b.name, dependencies: b.dependencies, jobCount: b.jobs.length })), [blocks]);
  const layout = useMemo(() => layoutGraph(inputs), [inputs]);
  const markerId = `arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const sizes = { '--graph-header': `${GRAPH_SIZES.headerHeight}px`, '--graph-job': `${GRAPH_SIZES.jobHeight}px` } as CSSProperties;

  return (
    <div className="graph-scroll" role="region" aria-label="Blocks" tabIndex={0}>
      <div className="graph-canvas" style={{ width: layout.width, height: layout.height, ...sizes }}>
        <svg className="graph-arrows" role="img" aria-label={describeGraph(inputs)} width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`}>
          <defs>
            {(['wait', 'passed'] as const).map((kind) => (
              <marker key={kind} id={`${markerId}-${kind}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
                <path d="M 0 1 L 9 5 L 0 9 z" className={`graph-arrowhead graph-arrowhead-${kind}`} />
              </marker>
            ))}
          </defs>
          {layout.edges.map((edge) => {
            const from = blocks[edge.from];
            const passed = from?.state === 'done' && from.result === 'passed';
            return <path key={`${edge.from}-${edge.to}`} d={edge.path} className={passed ? 'graph-edge graph-edge-passed' : 'graph-edge'} markerEnd={`url(#${markerId}-${passed ? 'passed' : 'wait'})`} />;
          })}
        </svg>
        {layout.nodes.map((node) => {
          const block = blocks[node.index];
          if (!block) return null;
          return <BlockCard key={block.block_id} block={block} node={node} now={hasRunningJob(block.jobs) ? now : 0} />;
        })}
      </div>
    </div>
  );
}
