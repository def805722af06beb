/**
 * The few values (not types) the UI needs from the protocol, copied so the bundle does not carry every TypeBox
 * schema of @outpost/protocol (about 100 kB); wire-constants.test.ts keeps them equal to the protocol's.
 */
export const CSRF_HEADER = 'x-csrf-token';
export const JOB_STATE_VALUES = ['QUEUED', 'RUNNING', 'FINISHED'] as const;
