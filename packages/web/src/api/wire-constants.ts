/**
 * The few values (not types) the UI needs from the protocol, copied so the bundle does not carry every TypeBox
 * schema of @outpost/protocol (about 100 kB); wire-constants.test.ts keeps them equal to the protocol's.
 */
export const CSRF_HEADER = 'x-csrf-token';
export const JOB_STATE_VALUES = ['QUEUED', 'RUNNING', 'FINISHED'] as const;
export const PIPELINE_STATE_VALUES = ['initializing', 'pending', 'queuing', 'running', 'stopping', 'done'] as const;
export const PIPELINE_RESULT_VALUES = ['passed', 'failed', 'stopped', 'canceled'] as const;
export const UNSET_PIPELINE_TIME_TEXT = '1970-01-01 00:00:00.000000Z';
export const NEXT_PAGE_HEADER = 'x-next-page-token';
