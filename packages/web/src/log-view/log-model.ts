import { ansiLineToHtml, PLAIN, type AnsiStyle } from './ansi.js';

/**
 * A job log as folds, one per command: the agent's events (job_started, cmd_started, cmd_output, cmd_finished,
 * job_finished) become lines of escaped, coloured HTML. Appending mutates the model and bumps `version` counters, so
 * a 100,000-line log costs one pass, not one per render.
 */
export interface LogFold {
  id: number;
  directive: string;
  /** Unix seconds from the agent; null until known. */
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number | null;
  /** Completed lines, as HTML. */
  lines: string[];
  /** The line still being written (no newline yet), as HTML; '' when there is none. */
  partialHtml: string;
  /** Bumped on every change to this fold. */
  version: number;
  partial: string;
  style: AnsiStyle;
}

export interface LogModel {
  folds: LogFold[];
  jobStartedAt: number | null;
  jobFinished: { result: string; timestamp: number } | null;
  /** How many events were consumed: the index to resume a stream from. */
  eventCount: number;
  version: number;
}

export function createLogModel(): LogModel {
  return { folds: [], jobStartedAt: null, jobFinished: null, eventCount: 0, version: 0 };
}

export function appendLogEvents(model: LogModel, events: readonly unknown[]): void {
  for (const raw of events) {
    model.eventCount += 1;
    if (typeof raw !== 'object' || raw === null) continue;
    applyEvent(model, raw as Record<string, unknown>);
  }
  model.version += 1;
}

function applyEvent(model: LogModel, event: Record<string, unknown>): void {
  const timestamp = asNumber(event.timestamp);
  switch (event.event) {
    case 'job_started':
      model.jobStartedAt = timestamp;
      return;
    case 'cmd_started': {
      const previous = model.folds[model.folds.length - 1];
      if (previous && previous.finishedAt === null) finishFold(previous, null, previous.startedAt, timestamp);
      model.folds.push(newFold(model.folds.length, asString(event.directive), timestamp));
      return;
    }
    case 'cmd_output':
      appendOutput(currentFold(model), asString(event.output));
      return;
    case 'cmd_finished': {
      const fold = currentFold(model);
      if (fold.directive === '' && typeof event.directive === 'string') fold.directive = event.directive;
      finishFold(fold, asNumber(event.exit_code), asNumber(event.started_at) ?? fold.startedAt, asNumber(event.finished_at) ?? timestamp);
      return;
    }
    case 'job_finished':
      model.jobFinished = { result: asString(event.result), timestamp: timestamp ?? 0 };
      return;
    default:
      return;
  }
}

function newFold(id: number, directive: string, startedAt: number | null): LogFold {
  return { id, directive, startedAt, finishedAt: null, exitCode: null, lines: [], partialHtml: '', version: 0, partial: '', style: PLAIN };
}

/** Output with no command around it (a broken or foreign agent) still shows, in an untitled fold. */
function currentFold(model: LogModel): LogFold {
  const last = model.folds[model.folds.length - 1];
  if (last && last.finishedAt === null) return last;
  const fold = newFold(model.folds.length, '', null);
  model.folds.push(fold);
  return fold;
}

function appendOutput(fold: LogFold, output: string): void {
  if (output === '') return;
  const pieces = (fold.partial + output).split('\n');
  fold.partial = pieces.pop() ?? '';
  for (const piece of pieces) {
    const { html, end } = ansiLineToHtml(piece.endsWith('\r') ? piece.slice(0, -1) : piece, fold.style);
    fold.lines.push(html);
    fold.style = end;
  }
  fold.partialHtml = fold.partial === '' ? '' : ansiLineToHtml(fold.partial, fold.style).html;
  fold.version += 1;
}

function finishFold(fold: LogFold, exitCode: number | null, startedAt: number | null, finishedAt: number | null): void {
  if (fold.partial !== '') {
    fold.lines.push(ansiLineToHtml(fold.partial, fold.style).html);
    fold.partial = '';
    fold.partialHtml = '';
  }
  fold.exitCode = exitCode;
  fold.startedAt = startedAt;
  fold.finishedAt = finishedAt ?? fold.startedAt ?? 0;
  fold.version += 1;
}

function asNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
