/** The UI shows "last used" to the minute, so a token's `last_used_at` is rewritten at most once a minute. */
export const API_TOKEN_USE_PRECISION_MS = 60_000;

/**
 * Whether a call with an API token records its time: the first use always, then only once the stored time is a
 * minute or more away (either way: a hub whose clock is behind another's still corrects a far-off value). Saves a
 * write statement on every API call of a busy client (POST /jobs in a loop).
 */
export function shouldRecordApiTokenUse(lastUsedAt: number | null, now: number): boolean {
  return lastUsedAt === null || Math.abs(now - lastUsedAt) >= API_TOKEN_USE_PRECISION_MS;
}
