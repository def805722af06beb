/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { compilePipeline, validatePipeline, type CompileResult, type ConditionContext } from '@outpost/pipeline';

// Whole pipeline files, accepted and refused, each beside the exact result it compiles to (the woodpecker linter
// idea): `name.yml` is the file, `name.json` the context it is compiled with and the plan or the errors.
// Most are examples from Semaphore's docs; the comment on each file's first line says which.
const sources = import.meta.glob<string>('./fixtures/*.yml', { query: '?raw', import: 'default', eager: true });
const expectations = import.meta.glob<Expectation>('./fixtures/*.json', { import: 'default', eager: true });

interface Expectation {
  context: ConditionContext;
  result: CompileResult;
}

const fixtures = Object.entries(sources).map(([path, source]) => {
  const name = path.replace('./fixtures/', '').replace(/\.yml$/, '');
  const expectation = expectations[`./fixtures/${name}.json`];
  if (expectation === undefined) throw new Error(`fixture ${name}.yml has no ${name}.json`);
  return { name, source, ...expectation };
});

describe('pipeline fixtures', () => {
  it('has an accepted and a refused file for most keys', () => {
    expect(fixtures.filter(({ name }) => name.startsWith('accepted-')).length).toBeGreaterThanOrEqual(15);
    expect(fixtures.filter(({ name }) => name.startsWith('refused-')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(fixtures)('$name compiles to exactly its expected result', ({ name, source, context, result }) => {
    expect(result.ok).toBe(name.startsWith('accepted-'));
    expect(compilePipeline(source, { fileName: `.semaphore/${name}.yml`, context })).toEqual(result);
  });

  it.each(fixtures.filter(({ name }) => !name.includes('change-in')))('$name validates to the same errors', ({ name, source, result }) => {
    expect(validatePipeline(source, { fileName: `.semaphore/${name}.yml` })).toEqual(result.ok ? [] : result.errors);
  });
});
