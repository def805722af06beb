import type { FormFlag } from '@outpost/protocol';

/**
 * A yes/no that arrived as JSON or as a form field (`only_idle` of disable_all, `disconnect_agents` of
 * reset_token); the FormFlag schema already refused other spellings. Absent, null or "" means `fallback`
 * (control-plane §1.4: only_idle defaults to true).
 */
export function toFlag(value: FormFlag | undefined, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  return value === true || value === 'true' || value === '1';
}
