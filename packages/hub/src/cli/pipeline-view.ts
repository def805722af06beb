import { pipelineTimeToMs, type PipelineBlock, type PipelineDescribe, type PipelineJob } from '@outpost/protocol';

/**
 * How `outpost pipelines run --follow` shows a pipeline: a tree of blocks and jobs with states and durations (redrawn
 * in place on a terminal), or one line per change when piped. Pure: describe answers and a clock in, text out.
 */
export interface ViewOptions {
  color: boolean;
  nowMs: number;
}

const ANSI = { green: 32, red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Tone = keyof typeof ANSI;
const paint = (color: boolean, tone: Tone, text: string) => (color ? `\x1b[${ANSI[tone]}m${text}\x1b[0m` : text);

/** "850ms", "12s", "1m 03s", "2h 05m". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Time from `start` to `end` (or to now while it runs); empty before it started. */
function span(start: string, end: string, nowMs: number): string {
  const from = pipelineTimeToMs(start);
  if (from === null) return '';
  return formatDuration((pipelineTimeToMs(end) ?? nowMs) - from);
}

function toneOf(result: string | undefined, running: boolean): Tone {
  if (result === 'passed' || result === 'PASSED') return 'green';
  if (result === 'failed' || result === 'FAILED') return 'red';
  if (result) return 'yellow';
  return running ? 'cyan' : 'dim';
}

const ICONS: Record<Tone, string> = { green: '✔', red: '✘', yellow: '■', cyan: '●', dim: '○', bold: ' ' };

function blockLine(block: PipelineBlock, options: ViewOptions): string {
  const tone = toneOf(block.result, block.state === 'running' || block.state === 'stopping');
  const status = block.state === 'done' ? `${block.result ?? ''}${block.result_reason && block.result_reason !== 'test' ? ` (${block.result_reason})` : ''}` : block.state;
  const time = span(block.started_at, block.done_at, options.nowMs);
  return `${paint(options.color, tone, ICONS[tone])} ${paint(options.color, 'bold', block.name)}  ${paint(options.color, tone, status)}${time ? `  ${time}` : ''}`;
}

function jobLine(job: PipelineJob, options: ViewOptions): string {
  const tone = toneOf(job.result || undefined, job.status === 'RUNNING');
  const status = job.status === 'FINISHED' ? job.result : job.status;
  const time = span(job.started_at, job.finished_at, options.nowMs);
  return `    ${paint(options.color, tone, ICONS[tone])} ${job.name}  ${paint(options.color, tone, status)}${time ? `  ${time}` : ''}`;
}

/** The tree: a header line, then each block and its jobs, then the after_pipeline task. */
export function renderPipelineTree(p: PipelineDescribe, options: ViewOptions): string[] {
  const { pipeline } = p;
  const tone = toneOf(pipeline.result, pipeline.state === 'running' || pipeline.state === 'stopping');
  const status = pipeline.state === 'done' ? `${pipeline.result ?? ''} (${pipeline.result_reason ?? ''})` : pipeline.state;
  const time = span(pipeline.running_at, pipeline.done_at, options.nowMs);
  const lines = [`${paint(options.color, 'bold', `Pipeline ${pipeline.name}`)}  ${paint(options.color, tone, status)}${time ? `  ${time}` : ''}  ${paint(options.color, 'dim', pipeline.ppl_id)}`];
  for (const block of p.blocks) lines.push(blockLine(block, options), ...block.jobs.map((job) => jobLine(job, options)));
  if (p.after_pipeline) {
    const after = { block_id: '', name: 'After pipeline', state: p.after_pipeline.state, result: p.after_pipeline.result, error_description: '', jobs: [], index: -1, dependencies: [], started_at: '', done_at: '' };
    lines.push(blockLine(after, options), ...p.after_pipeline.jobs.map((job) => jobLine(job, options)));
  }
  if (pipeline.error_description) lines.push(paint(options.color, 'red', pipeline.error_description));
  return lines;
}

/** One line per change since `previous` (everything on the first call), for output that is not a terminal. */
export function describeChanges(previous: PipelineDescribe | null, next: PipelineDescribe, nowMs: number): string[] {
  const lines: string[] = [];
  const before = previous?.pipeline;
  const { pipeline } = next;
  const changed = before?.state !== pipeline.state;
  // The pipeline's own line comes first, except its end, which reads best after the blocks that led to it.
  if (changed && pipeline.state !== 'done') lines.push(`pipeline ${pipeline.state}`);
  const blocks = [...next.blocks, ...(next.after_pipeline ? [{ ...next.after_pipeline, name: 'After pipeline', started_at: '', done_at: '' }] : [])];
  const oldBlocks = [...(previous?.blocks ?? []), ...(previous?.after_pipeline ? [{ ...previous.after_pipeline, name: 'After pipeline' }] : [])];
  for (const block of blocks) {
    const old = oldBlocks.find((b) => b.name === block.name);
    if (old?.state !== block.state) lines.push(`block ${block.name}: ${block.state}${block.state === 'done' ? ` ${block.result ?? ''}` : ''}`);
    for (const job of block.jobs) {
      const was = old?.jobs.find((j) => j.index === job.index);
      if (was?.status === job.status && was.result === job.result) continue;
      if (job.status === 'PENDING' && !was) continue;
      const time = job.status === 'FINISHED' ? ` ${span(job.started_at, job.finished_at, nowMs)}` : '';
      lines.push(`job ${block.name} / ${job.name}: ${job.status === 'FINISHED' ? job.result : job.status}${time}`);
    }
  }
  if (changed && pipeline.state === 'done') lines.push(`pipeline done: ${pipeline.result} (${pipeline.result_reason})`);
  return lines;
}

/** 0 when the pipeline passed, 1 when it failed, stopped or was canceled. */
export function exitCodeOf(p: PipelineDescribe): 0 | 1 {
  return p.pipeline.result === 'passed' ? 0 : 1;
}
