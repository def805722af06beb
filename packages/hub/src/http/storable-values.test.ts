import { describe, expect, it } from 'vitest';
import { Kind, Type } from '@sinclair/typebox';
import { INT32_MAX } from '@outpost/protocol';
import { findNulCharacter, withIntegerBounds } from './storable-values.js';

describe('findNulCharacter', () => {
  it.each([
    { name: 'plain text', value: 'hello', want: undefined },
    { name: 'a NUL in the text itself', value: 'a\u0000b', want: '' },
    { name: 'a NUL deep in a body', value: { spec: { env_vars: [{ name: 'A', value: 'x\u0000' }] } }, want: '/spec/env_vars/0/value' },
    { name: 'a NUL in a key', value: { 'k\u0000': 1 }, want: '/k\\u0000' },
    { name: 'numbers and null', value: [1, null, true], want: undefined },
  ])('$name', ({ value, want }) => {
    expect(findNulCharacter(value)).toBe(want);
  });
});

describe('withIntegerBounds', () => {
  it('bounds integers that declare nothing, keeps declared bounds and TypeBox kinds', () => {
    const bounded = withIntegerBounds(Type.Object({ pid: Type.Integer(), limit: Type.Integer({ minimum: 1, maximum: 10 }), at: Type.Array(Type.Integer()) }));
    expect(bounded.properties.pid).toMatchObject({ minimum: -INT32_MAX - 1, maximum: INT32_MAX });
    expect(bounded.properties.limit).toMatchObject({ minimum: 1, maximum: 10 });
    expect(bounded.properties.at.items).toMatchObject({ maximum: INT32_MAX });
    expect(bounded[Kind]).toBe('Object');
  });
});
