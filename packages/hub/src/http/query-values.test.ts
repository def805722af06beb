import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { convertQueryValues } from './query-values.js';

const QUERY = Type.Object({
  count: Type.Optional(Type.Integer()),
  ratio: Type.Optional(Type.Number()),
  follow: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String()),
  size: Type.Optional(Type.Union([Type.Literal(0), Type.Integer({ minimum: 5 })])),
  either: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
});

describe('convertQueryValues', () => {
  it.each([
    { name: 'a whole number', query: { count: '12' }, expected: { count: 12 } },
    { name: 'a negative whole number (the schema then says whether it may be)', query: { count: '-1' }, expected: { count: -1 } },
    { name: 'an exponent stays text', query: { count: '1e3' }, expected: { count: '1e3' } },
    { name: 'a hex number stays text', query: { count: '0x10' }, expected: { count: '0x10' } },
    { name: 'leading space stays text', query: { count: ' 5' }, expected: { count: ' 5' } },
    { name: 'more digits than a safe number stays text', query: { count: '1234567890123456' }, expected: { count: '1234567890123456' } },
    { name: 'a decimal for a number', query: { ratio: '0.5' }, expected: { ratio: 0.5 } },
    { name: 'a decimal for a whole number stays text', query: { count: '0.5' }, expected: { count: '0.5' } },
    { name: 'true, false, 1 and 0 for a yes/no', query: { follow: '1' }, expected: { follow: true } },
    { name: 'false for a yes/no', query: { follow: 'false' }, expected: { follow: false } },
    { name: 'another word for a yes/no stays text', query: { follow: 'yes' }, expected: { follow: 'yes' } },
    { name: 'text for text', query: { name: '42' }, expected: { name: '42' } },
    { name: 'a number inside a union of a literal and a range', query: { size: '4' }, expected: { size: 4 } },
    { name: 'a union that takes text keeps text', query: { either: '7' }, expected: { either: '7' } },
    { name: 'a repeated key stays a list', query: { count: ['1', '2'] }, expected: { count: ['1', '2'] } },
    { name: 'keys the schema does not know are kept as they are', query: { other: '1' }, expected: { other: '1' } },
  ])('$name', ({ query, expected }) => {
    expect(convertQueryValues(QUERY, query)).toEqual(expected);
  });

  it('leaves a value that is not an object alone', () => {
    expect(convertQueryValues(QUERY, null)).toBeNull();
  });
});
