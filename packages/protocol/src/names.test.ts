import { describe, expect, it } from 'vitest';
import { agentNameProblem, agentTypeNameProblem, looksLikeUrl, releaseAfterProblem } from './names.js';

describe('agentTypeNameProblem (control-plane §1.2: ^s1-[A-Za-z0-9_-]+$)', () => {
  it.each(['s1-linux', 's1-a', 's1-Linux_ARM-64', `s1-${'a'.repeat(97)}`])('accepts %s', (name) => {
    expect(agentTypeNameProblem(name)).toBeNull();
  });
  it.each([
    { name: '', problem: 'the agent type name is required' },
    { name: 'linux', problem: "the agent type name 'linux' must start with 's1-'" },
    { name: 'S1-linux', problem: "must start with 's1-'" },
    { name: 's1-', problem: "may only contain letters, digits, '-' and '_' after 's1-'" },
    { name: 's1-a/b', problem: 'may only contain' },
    { name: 's1-a+b', problem: 'may only contain' },
    { name: 's1-a b', problem: 'may only contain' },
    { name: `s1-${'a'.repeat(98)}`, problem: 'the agent type name is 101 characters long; at most 100 are allowed' },
  ])('refuses "$name"', ({ name, problem }) => {
    expect(agentTypeNameProblem(name)).toContain(problem);
  });
});

describe('agentNameProblem (control-plane §4.10: 8–80 characters of [A-Za-z0-9_/+-])', () => {
  it.each(['abcdefgh', 'b4xjgN1rzk4O7spj7FVc', 'a/b+c-d_e', 'x'.repeat(80)])('accepts %s', (name) => {
    expect(agentNameProblem(name)).toBeNull();
  });
  it.each([
    { name: 'abcdefg', problem: "the agent name 'abcdefg' is 7 characters long; it must have between 8 and 80 characters" },
    { name: 'x'.repeat(81), problem: 'is 81 characters long' },
    { name: 'has space', problem: 'may only contain letters, digits and the characters - _ / +' },
    { name: 'semi;colon', problem: 'may only contain' },
  ])('refuses "$name"', ({ name, problem }) => {
    expect(agentNameProblem(name)).toContain(problem);
  });
});

describe('looksLikeUrl (Go url.ParseRequestURI, agent-protocol §5.3)', () => {
  it.each([
    { value: 'https://sts.amazonaws.com/?Action=GetCallerIdentity', expected: true },
    { value: 'http://x', expected: true },
    { value: '/absolute/path', expected: true },
    { value: 'mailto:a@b', expected: true },
    { value: 'b4xjgN1rzk4O7spj7FVc', expected: false },
    { value: 'relative/path', expected: false },
    { value: '1http://x', expected: false },
  ])('$value → $expected', ({ value, expected }) => {
    expect(looksLikeUrl(value)).toBe(expected);
  });
});

describe('releaseAfterProblem (control-plane §1.2: 0 or ≥ 60)', () => {
  it.each([0, 60, 61, 3600, 2_592_000])('accepts %d', (seconds) => {
    expect(releaseAfterProblem(seconds)).toBeNull();
  });
  it.each([
    { seconds: 1, problem: 'release_after must be 0 (release at once) or at least 60 seconds; got 1' },
    { seconds: 59, problem: 'got 59' },
    { seconds: -1, problem: 'got -1' },
    { seconds: 0.5, problem: 'release_after must be a whole number of seconds' },
    { seconds: 2_592_001, problem: 'at most 2592000 seconds (30 days)' },
  ])('refuses $seconds', ({ seconds, problem }) => {
    expect(releaseAfterProblem(seconds)).toContain(problem);
  });
});
