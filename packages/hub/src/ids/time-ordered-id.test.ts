import { describe, expect, it } from 'vitest';
import { newTimeOrderedId } from './time-ordered-id.js';

describe('newTimeOrderedId', () => {
  it('makes RFC 9562 version-7 UUIDs', () => {
    expect(newTimeOrderedId(Date.now())).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts ids made in the same millisecond in the order they were made', () => {
    const at = Date.now() + 60_000;
    const ids = Array.from({ length: 5000 }, () => newTimeOrderedId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never goes backwards when the clock does', () => {
    const first = newTimeOrderedId(Date.now() + 120_000);
    const second = newTimeOrderedId(Date.now());
    expect(second > first).toBe(true);
  });
});
