import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { describeSchemaError, type SchemaFailure } from './schema-error-policy.js';

const failure = (patch: Partial<SchemaFailure>): SchemaFailure => ({ part: 'body', path: '', schema: {}, value: undefined, missing: false, subject: 'request', ...patch });
const STATES = Type.Union([Type.Literal('waiting-for-jobs'), Type.Literal('running-job')]);

describe('describeSchemaError', () => {
  it.each([
    { name: 'a body that is no object names the request', input: failure({ schema: Type.Object({}), value: null, subject: 'register request' }), expected: { field: 'body', text: 'the register request body must be a JSON object', whole: true } },
    { name: 'a body that is a list', input: failure({ schema: Type.Object({}), value: [] }), expected: { field: 'body', text: 'the request body must be a JSON object', whole: true } },
    { name: 'an optional body shows its example', input: failure({ schema: Type.Union([Type.Object({}, { examples: [{ only_idle: true }] }), Type.Null()]), value: 5 }), expected: { field: 'body', text: 'the request body must be a JSON object such as {"only_idle":true}', whole: true } },
    { name: 'a missing field', input: failure({ path: '/pid', schema: Type.Integer(), missing: true }), expected: { field: 'pid', text: 'pid is required', whole: false } },
    { name: 'a nested path is dotted', input: failure({ path: '/spec/files/0/content', schema: Type.String(), value: 5 }), expected: { field: 'spec.files.0.content', text: 'spec.files.0.content must be a string; got 5', whole: false } },
    { name: 'text where a whole number belongs', input: failure({ path: '/pid', schema: Type.Integer(), value: '42' }), expected: { field: 'pid', text: 'pid must be a whole number; got "42"', whole: false } },
    { name: 'a fraction where a whole number belongs', input: failure({ path: '/n', schema: Type.Integer(), value: 1.5 }), expected: { field: 'n', text: 'n must be a whole number; got 1.5', whole: false } },
    { name: 'below the minimum', input: failure({ path: '/idle_timeout', schema: Type.Integer({ minimum: 0 }), value: -1 }), expected: { field: 'idle_timeout', text: 'idle_timeout must be at least 0; got -1', whole: false } },
    { name: 'above the maximum', input: failure({ path: '/priority', schema: Type.Integer({ maximum: 100 }), value: 101 }), expected: { field: 'priority', text: 'priority must be at most 100; got 101', whole: false } },
    { name: 'a word where a yes/no belongs', input: failure({ path: '/single_job', schema: Type.Boolean(), value: 'yes' }), expected: { field: 'single_job', text: 'single_job must be true or false; got "yes"', whole: false } },
    { name: 'a list where text belongs', input: failure({ path: '/metadata/name', schema: Type.String(), value: ['s1-a'] }), expected: { field: 'metadata.name', text: 'metadata.name must be a string; got a list', whole: false } },
    { name: 'text that is too long', input: failure({ path: '/name', schema: Type.String({ maxLength: 3 }), value: 'abcd' }), expected: { field: 'name', text: 'name may have at most 3 characters; got 4', whole: false } },
    { name: 'empty text where some is needed', input: failure({ path: '/email', schema: Type.String({ minLength: 1 }), value: '' }), expected: { field: 'email', text: 'email must not be empty', whole: false } },
    { name: 'a value outside a list of words', input: failure({ path: '/state', schema: STATES, value: 'dancing' }), expected: { field: 'state', text: 'state must be one of "waiting-for-jobs", "running-job"; got "dancing"', whole: false } },
    { name: 'a nullable field names what it takes', input: failure({ path: '/release_after', schema: Type.Union([Type.Integer(), Type.Null()]), value: 'soon' }), expected: { field: 'release_after', text: 'release_after must be a whole number; got "soon" (or null)', whole: false } },
    { name: 'too many entries', input: failure({ path: '/commands', schema: Type.Array(Type.String(), { maxItems: 2 }), value: ['a', 'b', 'c'] }), expected: { field: 'commands', text: 'commands may have at most 2 entries; got 3', whole: false } },
    { name: 'a query key given twice', input: failure({ part: 'querystring', path: '/agent_type', schema: Type.String(), value: ['a', 'b'] }), expected: { field: 'agent_type', text: 'give agent_type at most once', whole: false } },
    { name: "the schema's own words, with the value as sent", input: failure({ part: 'querystring', path: '/page_size', schema: Type.Integer({ errorMessage: 'page size of {raw} is invalid' }), value: 'lots' }), expected: { field: 'page_size', text: 'page size of lots is invalid', whole: false } },
    { name: "the schema's own words, with the value as JSON", input: failure({ path: '/only_idle', schema: Type.Boolean({ errorMessage: '{field} must be true or false; got {value}' }), value: 'sometimes' }), expected: { field: 'only_idle', text: 'only_idle must be true or false; got "sometimes"', whole: false } },
    { name: "the schema's own words also when the field is missing", input: failure({ part: 'querystring', path: '/start_from', schema: Type.Integer({ errorMessage: 'start_from must be a whole number from 0' }), missing: true }), expected: { field: 'start_from', text: 'start_from must be a whole number from 0', whole: false } },
    { name: 'a long value is cut', input: failure({ path: '/n', schema: Type.Integer(), value: 'x'.repeat(100) }), expected: { field: 'n', text: `n must be a whole number; got "${'x'.repeat(39)}…`, whole: false } },
  ])('$name', ({ input, expected }) => {
    expect(describeSchemaError(input)).toEqual(expected);
  });
});
