import { ACCOUNT_RULE, ADDRESS_RULE, decideAttempt, type FailureRecord } from './sign-in-throttle-policy.js';

export interface SignInThrottle {
  /** Counts an attempt against the account and the source address, or says how long to wait first. */
  begin(email: string, address: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  /** The password was right: the account starts afresh and the address gets its attempt back. */
  succeeded(email: string, address: string): void;
}

// Past this many remembered accounts or addresses the oldest are forgotten, so a spray of names stays bounded.
const MAX_RECORDS = 10_000;

/**
 * In this hub process's memory (sign-in-throttle-policy.ts decides): a restart forgets the counts, and each replica
 * counts on its own, which multiplies an attacker's rate by the number of replicas but still slows every one.
 */
export function createSignInThrottle(now: () => number, rules = { account: ACCOUNT_RULE, address: ADDRESS_RULE }): SignInThrottle {
  const accounts = new Map<string, FailureRecord>();
  const addresses = new Map<string, FailureRecord>();
  return {
    begin(email, address) {
      const at = now();
      const account = decideAttempt(accounts.get(accountKey(email)), at, rules.account);
      const source = decideAttempt(addresses.get(address), at, rules.address);
      if (!account.allowed || !source.allowed) {
        const waitMs = Math.max(account.allowed ? 0 : account.retryAfterMs, source.allowed ? 0 : source.retryAfterMs);
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      }
      remember(accounts, accountKey(email), account.record);
      remember(addresses, address, source.record);
      return { allowed: true };
    },
    succeeded(email, address) {
      accounts.delete(accountKey(email));
      const source = addresses.get(address);
      if (source) remember(addresses, address, { ...source, failures: Math.max(0, source.failures - 1) });
    },
  };
}

const accountKey = (email: string) => email.trim().toLowerCase();

function remember(records: Map<string, FailureRecord>, key: string, record: FailureRecord): void {
  records.delete(key);
  records.set(key, record);
  if (records.size > MAX_RECORDS) records.delete(records.keys().next().value as string);
}

