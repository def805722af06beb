import { describe, expect, it } from 'vitest';
import { appendLogEvents, createLogModel } from './log-model.js';

const started = (directive: string, timestamp = 100) => ({ event: 'cmd_started', timestamp, directive });
const output = (text: string, timestamp = 100) => ({ event: 'cmd_output', timestamp, output: text });
const finished = (directive: string, exit_code: number, started_at = 100, finished_at = 103) => ({
  event: 'cmd_finished',
  timestamp: finished_at,
  directive,
  exit_code,
  started_at,
  finished_at,
});

function foldsOf(events: unknown[], chunks = 1) {
  const model = createLogModel();
  const size = Math.ceil(events.length / chunks);
  for (let i = 0; i < events.length; i += size) appendLogEvents(model, events.slice(i, i + size));
  return {
    model,
    folds: model.folds.map((f) => ({ directive: f.directive, lines: f.lines, partial: f.partialHtml, exitCode: f.exitCode, startedAt: f.startedAt, finishedAt: f.finishedAt })),
  };
}

describe('appendLogEvents', () => {
  it.each([
    {
      name: 'one fold per command, with exit code and times',
      events: [{ event: 'job_started', timestamp: 99 }, started('echo hi'), output('hi\n'), finished('echo hi', 0), { event: 'job_finished', timestamp: 104, result: 'passed' }],
      folds: [{ directive: 'echo hi', lines: ['hi'], partial: '', exitCode: 0, startedAt: 100, finishedAt: 103 }],
    },
    {
      name: 'output split mid-line across events joins into one line',
      events: [started('x'), output('hel'), output('lo\nwor'), output('ld\n'), finished('x', 0)],
      folds: [{ directive: 'x', lines: ['hello', 'world'], partial: '', exitCode: 0, startedAt: 100, finishedAt: 103 }],
    },
    {
      name: 'an unfinished line shows as the partial line while the command runs',
      events: [started('x'), output('line 1\nprogress 50%')],
      folds: [{ directive: 'x', lines: ['line 1'], partial: 'progress 50%', exitCode: null, startedAt: 100, finishedAt: null }],
    },
    {
      name: 'the last line without a newline is kept when the command finishes',
      events: [started('printf x'), output('no newline'), finished('printf x', 1)],
      folds: [{ directive: 'printf x', lines: ['no newline'], partial: '', exitCode: 1, startedAt: 100, finishedAt: 103 }],
    },
    {
      name: 'CRLF line ends lose their \\r',
      events: [started('x'), output('a\r\nb\r\n'), finished('x', 0)],
      folds: [{ directive: 'x', lines: ['a', 'b'], partial: '', exitCode: 0, startedAt: 100, finishedAt: 103 }],
    },
    {
      name: 'colour carries across lines and events',
      events: [started('x'), output('\x1b[31mred\n'), output('still\x1b[0m\nplain\n'), finished('x', 0)],
      folds: [{ directive: 'x', lines: ['<span class="a-fg1">red</span>', '<span class="a-fg1">still</span>', 'plain'], partial: '', exitCode: 0, startedAt: 100, finishedAt: 103 }],
    },
    {
      name: 'output is escaped',
      events: [started('x'), output('<b>&\n'), finished('x', 0)],
      folds: [{ directive: 'x', lines: ['&lt;b&gt;&amp;'], partial: '', exitCode: 0, startedAt: 100, finishedAt: 103 }],
    },
    {
      name: 'a command started before the last one finished closes it without an exit code',
      events: [started('a'), output('1\n'), started('b', 105), finished('b', 0, 105, 106)],
      folds: [
        { directive: 'a', lines: ['1'], partial: '', exitCode: null, startedAt: 100, finishedAt: 105 },
        { directive: 'b', lines: [], partial: '', exitCode: 0, startedAt: 105, finishedAt: 106 },
      ],
    },
    {
      name: 'output outside any command goes to an untitled fold',
      events: [output('stray\n')],
      folds: [{ directive: '', lines: ['stray'], partial: '', exitCode: null, startedAt: null, finishedAt: null }],
    },
    {
      name: 'unknown and malformed events are skipped',
      events: [null, 'text', { event: 'mystery' }, started('x'), { event: 'cmd_output', output: 42 }, finished('x', 0)],
      folds: [{ directive: 'x', lines: [], partial: '', exitCode: 0, startedAt: 100, finishedAt: 103 }],
    },
  ])('$name', ({ events, folds }) => {
    expect(foldsOf(events).folds).toEqual(folds);
    expect(foldsOf(events, events.length).folds).toEqual(folds);
  });

  it('counts every event, skipped ones too, so a stream can resume at the right index', () => {
    const { model } = foldsOf([{ event: 'job_started', timestamp: 1 }, null, started('x'), output('a\n')]);
    expect(model.eventCount).toBe(4);
  });

  it('records the job result and bumps versions on change', () => {
    const model = createLogModel();
    appendLogEvents(model, [started('x'), output('a\n')]);
    const fold = model.folds[0]!;
    const before = { model: model.version, fold: fold.version };
    appendLogEvents(model, [output('b\n'), finished('x', 0), { event: 'job_finished', timestamp: 110, result: 'failed' }]);
    expect(model.version).toBeGreaterThan(before.model);
    expect(fold.version).toBeGreaterThan(before.fold);
    expect(model.jobFinished).toEqual({ result: 'failed', timestamp: 110 });
  });
});
