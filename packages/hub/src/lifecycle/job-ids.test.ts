import { describe, expect, it } from 'vitest';
import { newJobId } from './job-ids.js';

describe('newJobId', () => {
  it('makes RFC 9562 version-7 UUIDs', () => {
    expect(newJobId(Date.now())).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts ids made in the same millisecond in the order they were made', () => {
    const at = Date.now() + 60_000;
    const ids = Array.from({ length: 5000 }, () => newJobId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never goes backwards when the clock does', () => {
    const first = newJobId(Date.now() + 120_000);
    const second = newJobId(Date.now());
    expect(second > first).toBe(true);
  });
});
