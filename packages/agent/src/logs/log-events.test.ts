import { describe, expect, it } from 'vitest';
import { cmdFinished, cmdOutput, cmdStarted, jobFinished, jobStarted, serializeEvent } from './log-events.js';

const at = 1_738_590_001_500;

describe('log events (spec §4.1)', () => {
  it.each([
    { name: 'job_started', event: jobStarted(at), line: '{"event":"job_started","timestamp":1738590001}' },
    { name: 'cmd_started', event: cmdStarted(at, 'echo Hello World'), line: '{"event":"cmd_started","timestamp":1738590001,"directive":"echo Hello World"}' },
    { name: 'cmd_output', event: cmdOutput(at, 'Hello World\n'), line: '{"event":"cmd_output","timestamp":1738590001,"output":"Hello World\\n"}' },
    {
      name: 'cmd_finished',
      event: cmdFinished(at, 'echo Hello World', 0, at - 1000, at),
      line: '{"event":"cmd_finished","timestamp":1738590001,"directive":"echo Hello World","exit_code":0,"started_at":1738590000,"finished_at":1738590001}',
    },
    { name: 'job_finished', event: jobFinished(at, 'passed'), line: '{"event":"job_finished","timestamp":1738590001,"result":"passed"}' },
    { name: 'HTML-safe escaping like Go', event: cmdOutput(at, '<a & b>\u2028'), line: '{"event":"cmd_output","timestamp":1738590001,"output":"\\u003ca \\u0026 b\\u003e\\u2028"}' },
  ])('$name in the official key order', ({ event, line }) => {
    expect(serializeEvent(event)).toBe(line);
    expect(JSON.parse(serializeEvent(event))).toEqual(event);
  });
});
