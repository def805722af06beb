import { describe, expect, it } from 'vitest';
import { pipelineTimeToMs, UNSET_PIPELINE_TIME } from './pipelines.js';

describe('pipelineTimeToMs', () => {
  it.each([
    { name: 'a describe time with microseconds', text: '2019-10-14 18:31:17.293456Z', ms: Date.UTC(2019, 9, 14, 18, 31, 17, 293) },
    { name: 'a time without a fraction', text: '2019-10-14 18:31:17Z', ms: Date.UTC(2019, 9, 14, 18, 31, 17) },
    { name: 'the unset time is no time', text: UNSET_PIPELINE_TIME, ms: null },
    { name: 'ISO 8601 with a T is not the describe format', text: '2019-10-14T18:31:17Z', ms: null },
    { name: 'empty text', text: '', ms: null },
  ])('$name', ({ text, ms }) => {
    expect(pipelineTimeToMs(text)).toBe(ms);
  });
});
