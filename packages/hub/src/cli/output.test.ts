import { describe, expect, it } from 'vitest';
import { age, renderTable } from './output.js';
import { renderEvent } from './commands/jobs.js';

describe('renderTable', () => {
  it('aligns columns to the widest cell and trims trailing spaces', () => {
    expect(renderTable(['NAME', 'AGE'], [['s1-linux', '3m'], ['s1-a', '12h']])).toBe('NAME       AGE\ns1-linux   3m\ns1-a       12h\n');
  });
  it('prints only the header for an empty list', () => {
    expect(renderTable(['NAME'], [])).toBe('NAME\n');
  });
});

describe('age', () => {
  it.each([
    { name: 'seconds', ago: 5, expected: '5s' },
    { name: 'minutes', ago: 180, expected: '3m' },
    { name: 'hours', ago: 7200, expected: '2h' },
    { name: 'days', ago: 3 * 86400, expected: '3d' },
    { name: 'a clock slightly behind the hub is not negative', ago: -4, expected: '0s' },
  ])('$name', ({ ago, expected }) => {
    const now = 1_800_000_000_000;
    expect(age(now / 1000 - ago, now)).toBe(expected);
  });
});

describe('renderEvent', () => {
  it.each([
    { name: 'a directive becomes a bold header', event: { event: 'cmd_started', directive: 'make' }, expected: '\x1b[1m$ make\x1b[0m\n' },
    { name: 'output is printed verbatim', event: { event: 'cmd_output', output: 'a\x1b[32mb' }, expected: 'a\x1b[32mb' },
    { name: 'a passing command adds nothing', event: { event: 'cmd_finished', exit_code: 0 }, expected: '' },
    { name: 'a failing command shows its exit code', event: { event: 'cmd_finished', exit_code: 127 }, expected: '\x1b[31mexit code 127\x1b[0m\n' },
    { name: 'the result closes the log', event: { event: 'job_finished', result: 'passed' }, expected: '\nJob passed\n' },
    { name: 'job_started prints nothing', event: { event: 'job_started' }, expected: '' },
  ])('$name', ({ event, expected }) => {
    expect(renderEvent(event)).toBe(expected);
  });
});
