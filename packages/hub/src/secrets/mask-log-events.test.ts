import { describe, expect, it } from 'vitest';
import { lookBackStart, maskLogEvents } from './mask-log-events.js';

const out = (output: string) => JSON.stringify({ event: 'cmd_output', timestamp: 1700000000, output });
const started = (directive: string) => JSON.stringify({ event: 'cmd_started', timestamp: 1700000000, directive });
const finished = (directive: string) => JSON.stringify({ event: 'cmd_finished', timestamp: 1700000000, directive, exit_code: 0 });
const NEEDLES = ['s3cr3t-token'];

describe('maskLogEvents', () => {
  it('keeps lines without a value byte for byte (key order and escaping as the agent sent them)', () => {
    const raw = '{"timestamp":1,"event":"cmd_output","output":"\\u003cb\\u003e"}';
    expect(maskLogEvents([], [raw, started('echo hi')], NEEDLES)).toEqual({ from: 0, events: [raw, started('echo hi')] });
  });

  it('masks a value inside an output event and keeps its other fields in order', () => {
    const masked = maskLogEvents([], [out('token is s3cr3t-token\n')], NEEDLES);
    expect(masked.events).toEqual(['{"event":"cmd_output","timestamp":1700000000,"output":"token is [MASKED]\\n"}']);
  });

  it('masks a value cut across two output events of one push', () => {
    const masked = maskLogEvents([], [started('print'), out('s3cr3'), out('t-token\n'), finished('print')], NEEDLES);
    expect(masked.events).toEqual([started('print'), out('[MASKED]'), out('\n'), finished('print')]);
  });

  it('does not join output across a command boundary', () => {
    const masked = maskLogEvents([], [out('s3cr3'), finished('a'), started('b'), out('t-token')], NEEDLES);
    expect(masked.events).toEqual([out('s3cr3'), finished('a'), started('b'), out('t-token')]);
  });

  it('rewrites the stored event that holds the start of a value the push completes', () => {
    const before = [started('print'), out('value: s3cr3')];
    const masked = maskLogEvents(before, [out('t-token\n'), finished('print')], NEEDLES);
    expect(masked).toEqual({ from: 1, events: [out('value: [MASKED]'), out('\n'), finished('print')] });
  });

  it('stores only the push when the earlier events hold no part of a value', () => {
    const before = [started('print'), out('harmless ')];
    expect(maskLogEvents(before, [out('s3cr3t-token')], NEEDLES)).toEqual({ from: 2, events: [out('[MASKED]')] });
  });

  it('masks a value in a directive', () => {
    expect(maskLogEvents([], [started('curl -H s3cr3t-token')], NEEDLES).events).toEqual([started('curl -H [MASKED]')]);
  });

  it('changes nothing without needles', () => {
    expect(maskLogEvents([out('a')], [out('s3cr3t-token')], [])).toEqual({ from: 1, events: [out('s3cr3t-token')] });
  });
});

describe('lookBackStart', () => {
  it.each([
    { name: 'nothing stored', stored: [], chars: 10, start: 0 },
    { name: 'the trailing output run back to enough characters', stored: [started('x'), out('aaaa'), out('bbbb'), out('cccc')], chars: 6, start: 2 },
    { name: 'not past a non-output event', stored: [out('aaaa'), finished('x'), out('bb')], chars: 100, start: 2 },
    { name: 'nothing when the last event is not output', stored: [out('aaaa'), finished('x')], chars: 100, start: 2 },
    { name: 'nothing when no characters are needed', stored: [out('aaaa')], chars: 0, start: 1 },
  ])('$name', ({ stored, chars, start }) => {
    expect(lookBackStart(stored, chars)).toBe(start);
  });
});
