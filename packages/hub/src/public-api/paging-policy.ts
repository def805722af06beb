import { CURSOR_PROBLEM, type PageSizeRule } from '@outpost/protocol';

/**
 * Paging of the v1alpha lists (control-plane §2.1, §8.3). The query schemas (protocol public-api/paging.ts) refuse
 * sizes outside the rule; what is left to decide is the default and what a cursor means.
 */

/** `page_size` absent or 0 → the rule's default. */
export function pageSizeOf(requested: number | undefined, rule: PageSizeRule): number {
  return requested === undefined || requested === 0 ? rule.fallback : requested;
}

export interface PagePosition {
  at: number;
  id: string;
}

/** A cursor is opaque to clients: base64url of "<time>:<id>" of the last row of the previous page. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(`${position.at}:${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(raw: unknown): { ok: true; position: PagePosition | undefined } | { ok: false; problem: string } {
  if (raw === undefined || raw === '') return { ok: true, position: undefined };
  const invalid = { ok: false as const, problem: CURSOR_PROBLEM };
  if (typeof raw !== 'string' || raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) return invalid;
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^(\d{1,15}):([A-Za-z0-9-]{1,64})$/.exec(text);
  if (!match || match[1] === undefined || match[2] === undefined) return invalid;
  return { ok: true, position: { at: Number(match[1]), id: match[2] } };
}
