import { memo, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { ScissorsIcon } from '../components/icons.js';
import { formatDuration } from '../format/time-format.js';
import { applyAnsiColors } from './ansi.js';
import { foldStartsOpen } from './fold-policy.js';
import type { LogFold, LogModel } from './log-model.js';

// Lines render in blocks; a finished block never re-renders, and content-visibility lets the browser skip
// laying out blocks that are off screen, so a 100,000-line log scrolls like a short one.
const BLOCK_LINES = 250;

/** The job log: one fold per command with its exit code and duration, colours kept, every character escaped. */
export function LogView({ model, version, trimmed, running }: { model: LogModel; version: number; trimmed: boolean; running: boolean }) {
  const [toggled, setToggled] = useState<Map<number, boolean>>(new Map());
  const end = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  // Follow the tail while the reader is at the bottom of the page; stop following once they scroll up.
  useLayoutEffect(() => {
    const onScroll = () => {
      atBottom.current = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 48;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    if (running && atBottom.current && model.folds.length > 0) end.current?.scrollIntoView({ block: 'end' });
  }, [version, running, model.folds.length]);

  const isOpen = (fold: LogFold) => toggled.get(fold.id) ?? foldStartsOpen(fold);
  // Stable, so memoised folds do not all re-render when one line arrives.
  const toggle = useCallback((fold: LogFold) => setToggled((m) => new Map(m).set(fold.id, !(m.get(fold.id) ?? foldStartsOpen(fold)))), []);

  return (
    <div className="log" role="region" aria-label="Job log">
      {model.folds.length === 0 ? <div className="log-empty">{running ? 'Waiting for the agent to start the job…' : 'This job has no log.'}</div> : null}
      {model.folds.map((fold) => (
        <FoldView key={fold.id} fold={fold} foldVersion={fold.version} open={isOpen(fold)} onToggle={toggle} />
      ))}
      {trimmed ? (
        <div className="log-trimmed" role="note">
          <ScissorsIcon />
          <span>The log was trimmed here: it reached the hub's size budget, so later output was not kept.</span>
        </div>
      ) : null}
      {model.jobFinished ? (
        <div className={`log-result log-result-${model.jobFinished.result}`}>Job {model.jobFinished.result}</div>
      ) : null}
      <div ref={end} />
    </div>
  );
}

const FoldView = memo(function FoldView({ fold, open, onToggle }: { fold: LogFold; foldVersion: number; open: boolean; onToggle(fold: LogFold): void }) {
  const running = fold.finishedAt === null;
  const failed = !running && fold.exitCode !== 0;
  const duration = fold.startedAt !== null && fold.finishedAt !== null ? formatDuration(fold.finishedAt - fold.startedAt) : null;
  const bodyId = `fold-${fold.id}`;
  const lineCount = fold.lines.length + (fold.partialHtml ? 1 : 0);
  const blocks: number[] = [];
  for (let start = 0; start < fold.lines.length; start += BLOCK_LINES) blocks.push(start);
  return (
    <section className={`fold${failed ? ' fold-failed' : ''}${running ? ' fold-running' : ''}`}>
      <button type="button" className="fold-header" aria-expanded={open} aria-controls={bodyId} onClick={() => onToggle(fold)}>
        <span className="fold-chevron" aria-hidden="true">{open ? '▾' : '▸'}</span>
        <span className="fold-directive">{fold.directive || 'Output'}</span>
        <span className="fold-meta">
          {running ? <span className="fold-running-label">running</span> : null}
          {!running && fold.exitCode !== null ? (
            <span className={failed ? 'exit exit-failed' : 'exit'} title="Exit code">exit {fold.exitCode}</span>
          ) : null}
          {!running && fold.exitCode === null ? <span className="exit exit-failed">no exit code</span> : null}
          {duration ? <span className="fold-duration">{duration}</span> : null}
        </span>
      </button>
      {open ? (
        <div id={bodyId} className="fold-body">
          {lineCount === 0 ? <div className="log-line log-line-empty">no output</div> : null}
          {blocks.map((start) => (
            <Block key={start} lines={fold.lines} start={start} end={Math.min(start + BLOCK_LINES, fold.lines.length)} />
          ))}
          {fold.partialHtml ? <AnsiHtml className="log-line" html={fold.partialHtml} /> : null}
        </div>
      ) : null}
    </section>
  );
});

/** `lines` are HTML from ansi.ts: escaped text in spans whose classes and colours come from checked numbers. */
const Block = memo(function Block({ lines, start, end }: { lines: string[]; start: number; end: number }) {
  let html = '';
  for (let i = start; i < end; i += 1) html += `<div class="log-line">${lines[i] || '&#8203;'}</div>`;
  return <AnsiHtml className="log-block" html={html} intrinsicHeightPx={(end - start) * 20} />;
});

/** HTML from ansi.ts, with its 256-colour and truecolour spans coloured through the CSSOM (the CSP drops style=""). */
function AnsiHtml({ className, html, intrinsicHeightPx }: { className: string; html: string; intrinsicHeightPx?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) applyAnsiColors(ref.current);
  }, [html]);
  const style = intrinsicHeightPx === undefined ? undefined : { containIntrinsicSize: `auto ${intrinsicHeightPx}px` };
  return <div ref={ref} className={className} style={style} dangerouslySetInnerHTML={{ __html: html }} />;
}
