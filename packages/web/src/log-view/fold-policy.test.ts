import { describe, expect, it } from 'vitest';
import { BUILTIN_DIRECTIVES } from '@outpost/protocol';
import { foldStartsOpen, isBuiltinDirective } from './fold-policy.js';

describe('foldStartsOpen', () => {
  it.each([
    { name: 'a running command is open', directive: 'make test', finishedAt: null, exitCode: null, open: true },
    { name: 'a running built-in step is open', directive: 'Exporting environment variables', finishedAt: null, exitCode: null, open: true },
    { name: 'a passed command is open', directive: 'make test', finishedAt: 10, exitCode: 0, open: true },
    { name: 'a failed command is open', directive: 'make test', finishedAt: 10, exitCode: 2, open: true },
    { name: 'a passed built-in step is folded', directive: 'Exporting environment variables', finishedAt: 10, exitCode: 0, open: false },
    { name: 'a failed built-in step is open', directive: 'Injecting Files', finishedAt: 10, exitCode: 1, open: true },
    { name: 'a step cut off without an exit code is open', directive: 'Checking job result', finishedAt: 10, exitCode: null, open: true },
  ])('$name', ({ directive, finishedAt, exitCode, open }) => {
    expect(foldStartsOpen({ directive, finishedAt, exitCode })).toBe(open);
  });

  it('knows every built-in directive of the protocol', () => {
    for (const directive of Object.values(BUILTIN_DIRECTIVES)) expect(isBuiltinDirective(directive)).toBe(true);
  });
});
