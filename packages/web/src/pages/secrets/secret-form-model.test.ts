import { describe, expect, it } from 'vitest';
import type { Secret } from '@outpost/protocol';
import { addEnv, addFile, changeEnv, emptyForm, envField, fieldOfError, fileField, formFromSecret, formToInput, isTooShortToMask, localProblems, removeEnv, type SecretFormState } from './secret-form-model.js';

const stored: Secret = {
  metadata: { name: 'aws', id: 'i', create_time: '1', update_time: '1', content_included: false, description: 'keys' },
  data: { env_vars: [{ name: 'KEY', value: '' }, { name: 'SECRET', value: '' }], files: [{ path: '.aws/config', content: '' }] },
};

const withRows = (patch: Partial<SecretFormState>): SecretFormState => ({ ...emptyForm(), name: 'aws', ...patch });

describe('the secret form', () => {
  it('loads a secret with its names and paths and blank values, and sends blanks back to keep them', () => {
    const form = formFromSecret(stored);
    expect(form.envVars.map((r) => [r.name, r.value, r.storedName])).toEqual([['KEY', '', 'KEY'], ['SECRET', '', 'SECRET']]);
    expect(localProblems(form)).toEqual({});
    expect(formToInput(form)).toEqual({
      metadata: { name: 'aws', description: 'keys' },
      data: { env_vars: [{ name: 'KEY', value: '' }, { name: 'SECRET', value: '' }], files: [{ path: '.aws/config', content: '' }] },
    });
  });

  it('ignores the blank row a new form starts with', () => {
    expect(formToInput(withRows({}))).toEqual({ metadata: { name: 'aws', description: '' }, data: { env_vars: [], files: [] } });
    expect(localProblems(withRows({}))).toEqual({});
  });

  it.each([
    { name: 'no name', state: withRows({ name: '' }), field: 'name', problem: 'A secret needs a name.' },
    { name: 'a name with a space', state: withRows({ name: 'a b' }), field: 'name', problem: "'a b' is not a valid secret name" },
    { name: 'a bad variable name', state: withRows({ envVars: [{ key: 0, name: 'A-B', value: 'v', storedName: null }] }), field: 'env.0.name', problem: "'A-B' is not a valid environment variable name" },
    { name: 'a new variable without a value', state: withRows({ envVars: [{ key: 0, name: 'A', value: '', storedName: null }] }), field: 'env.0.value', problem: 'Enter a value.' },
    { name: 'a stored variable renamed without a value', state: withRows({ envVars: [{ key: 0, name: 'B', value: '', storedName: 'A' }] }), field: 'env.0.value', problem: 'Enter a value.' },
    {
      name: 'a variable twice',
      state: withRows({ envVars: [{ key: 0, name: 'A', value: 'x', storedName: null }, { key: 1, name: 'A', value: 'y', storedName: null }] }),
      field: 'env.1.name',
      problem: 'A is already in this secret.',
    },
    { name: 'a file without a path', state: withRows({ files: [{ key: 3, path: '', content: 'eA==', fileName: 'x', bytes: 1, storedPath: null }] }), field: 'file.3.path', problem: 'Enter the path' },
    { name: 'a new file row without a file', state: withRows({ files: [{ key: 3, path: 'f', content: null, fileName: '', bytes: 0, storedPath: null }] }), field: 'file.3.content', problem: 'Choose a file.' },
  ])('points at the field for $name', ({ state, field, problem }) => {
    expect(localProblems(state)[field]).toContain(problem);
  });

  it('maps a hub error on the n-th sent row to that row, skipping blank rows', () => {
    const state = withRows({
      envVars: [{ key: 7, name: '', value: '', storedName: null }, { key: 8, name: 'A', value: 'x', storedName: null }],
      files: [{ key: 9, path: 'f', content: 'eA==', fileName: 'f', bytes: 1, storedPath: null }],
    });
    expect(fieldOfError('data.env_vars[0].value', state)).toBe(envField(state.envVars[1]!, 'value'));
    expect(fieldOfError('data.files[0].content', state)).toBe(fileField(state.files[0]!, 'content'));
    expect(fieldOfError('metadata.name', state)).toBe('name');
    expect(fieldOfError('data', state)).toBe('form');
    expect(fieldOfError(undefined, state)).toBe('form');
  });

  it.each([
    { value: '', short: false },
    { value: 'abc12', short: true },
    { value: ' abc12 ', short: true },
    { value: 'abc123', short: false },
  ])('warns that $value is too short to mask: $short', ({ value, short }) => {
    expect(isTooShortToMask(value)).toBe(short);
  });
});

describe('row edits', () => {
  it('adds rows with fresh keys, changes and removes one by key', () => {
    let form = addFile(addEnv(emptyForm()));
    expect(form.envVars.map((r) => r.key)).toEqual([0, 1]);
    expect(form.files.map((r) => r.key)).toEqual([2]);
    form = changeEnv(form, 1, { name: 'B', value: 'value-b' });
    form = removeEnv(form, 0);
    expect(form.envVars).toEqual([{ key: 1, name: 'B', value: 'value-b', storedName: null }]);
    expect(form.nextKey).toBe(3);
  });
});
