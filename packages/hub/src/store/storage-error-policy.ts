/**
 * Whether an error thrown by the store means the storage itself failed (a full disk, an I/O error, a lost or refused
 * database connection) rather than the request: such a failure is the hub's, answered 503 with Retry-After, and the
 * hub stops judging agents' silence while it lasts (hearing-policy.ts).
 */
const SQLITE_STORAGE = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|READONLY|NOMEM|PROTOCOL)/;
// SQLSTATE classes: 08 connection exception, 53 insufficient resources (53100 disk full), 57P0x shutdown, 58 system error.
const PG_STORAGE = /^(08|53|57P0|58)/;
const NODE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'ENOSPC', 'EIO']);
const PG_POOL_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /^Client has encountered a connection error/];

export function isStorageError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (isStorageFailure(current)) return true;
  }
  return false;
}

function isStorageFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SQLITE_STORAGE.test(code) || NODE_NETWORK.has(code)) return true;
    if (code.length === 5 && PG_STORAGE.test(code)) return true;
  }
  return typeof message === 'string' && PG_POOL_MESSAGES.some((pattern) => pattern.test(message));
}
