import { describe, expect, it } from 'vitest';
import { CSRF_HEADER_NAME, JOB_STATES } from '@outpost/protocol';
import { CSRF_HEADER, JOB_STATE_VALUES } from './wire-constants.js';

describe('wire constants copied into the UI', () => {
  it('match the protocol', () => {
    expect(CSRF_HEADER).toBe(CSRF_HEADER_NAME);
    expect(JOB_STATE_VALUES).toEqual(JOB_STATES);
  });
});
