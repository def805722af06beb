import { describe, expect, it } from 'vitest';
import { CSRF_HEADER_NAME, JOB_STATES, NEXT_PAGE_TOKEN_HEADER, PIPELINE_RESULTS, PIPELINE_STATES, UNSET_PIPELINE_TIME } from '@outpost/protocol';
import { CSRF_HEADER, JOB_STATE_VALUES, NEXT_PAGE_HEADER, PIPELINE_RESULT_VALUES, PIPELINE_STATE_VALUES, UNSET_PIPELINE_TIME_TEXT } from './wire-constants.js';

describe('wire constants copied into the UI', () => {
  it('match the protocol', () => {
    expect(CSRF_HEADER).toBe(CSRF_HEADER_NAME);
    expect(JOB_STATE_VALUES).toEqual(JOB_STATES);
    expect(PIPELINE_STATE_VALUES).toEqual(PIPELINE_STATES);
    expect(PIPELINE_RESULT_VALUES).toEqual(PIPELINE_RESULTS);
    expect(UNSET_PIPELINE_TIME_TEXT).toBe(UNSET_PIPELINE_TIME);
    expect(NEXT_PAGE_HEADER).toBe(NEXT_PAGE_TOKEN_HEADER);
  });
});
