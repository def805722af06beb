import { isBucketFull, takeToken, type Bucket, type BucketRule } from './rate-limit-policy.js';

export interface RateLimiter {
  /** Spends one token of `key`'s bucket; when none is left, says how long until one is. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

// Past this many remembered sources, full buckets are forgotten first, then the oldest, so a spray of source
// addresses cannot grow the map without bound.
const MAX_SOURCES = 10_000;

/** In-process buckets per key (one hub process; replicas each keep their own, which only loosens the limit). */
export function createRateLimiter(rule: BucketRule, now: () => number): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key) {
      const at = now();
      const result = takeToken(buckets.get(key), at, rule);
      buckets.delete(key);
      buckets.set(key, result.bucket);
      if (buckets.size > MAX_SOURCES) forgetSome(buckets, at, rule);
      return result.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)) };
    },
  };
}

function forgetSome(buckets: Map<string, Bucket>, now: number, rule: BucketRule): void {
  for (const [key, bucket] of buckets) if (isBucketFull(bucket, now, rule)) buckets.delete(key);
  for (const key of buckets.keys()) {
    if (buckets.size <= MAX_SOURCES * 0.9) break;
    buckets.delete(key);
  }
}
