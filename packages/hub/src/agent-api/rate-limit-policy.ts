/** A token bucket: `burst` requests at once, refilled at `perSecond` (pure; the clock is a parameter). */
export interface BucketRule {
  perSecond: number;
  burst: number;
}

export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function takeToken(
  bucket: Bucket | undefined,
  now: number,
  rule: BucketRule,
): { allowed: true; bucket: Bucket } | { allowed: false; bucket: Bucket; retryAfterMs: number } {
  const elapsedMs = bucket ? Math.max(0, now - bucket.updatedAt) : 0;
  const tokens = bucket ? Math.min(rule.burst, bucket.tokens + (elapsedMs * rule.perSecond) / 1000) : rule.burst;
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, updatedAt: now } };
  return { allowed: false, bucket: { tokens, updatedAt: now }, retryAfterMs: Math.ceil(((1 - tokens) * 1000) / rule.perSecond) };
}

/** True once a bucket has refilled completely, so forgetting it changes nothing. */
export function isBucketFull(bucket: Bucket, now: number, rule: BucketRule): boolean {
  return bucket.tokens + ((now - bucket.updatedAt) * rule.perSecond) / 1000 >= rule.burst;
}
