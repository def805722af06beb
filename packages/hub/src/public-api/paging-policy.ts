/** Paging rules of the v1alpha lists (control-plane §2.1, §8.3): pure, so every edge is a table row. */

export const AGENTS_PAGE_SIZE_DEFAULT = 200;
export const AGENTS_PAGE_SIZE_MIN = 5;
export const AGENTS_PAGE_SIZE_MAX = 200;

export interface PageSizeRule {
  fallback: number;
  min: number;
  max: number;
}

export const AGENTS_PAGE_SIZE: PageSizeRule = { fallback: AGENTS_PAGE_SIZE_DEFAULT, min: AGENTS_PAGE_SIZE_MIN, max: AGENTS_PAGE_SIZE_MAX };
export const AUDIT_PAGE_SIZE: PageSizeRule = { fallback: 100, min: 1, max: 500 };

/** `page_size`: absent or 0 → the default; otherwise min–max (agents: 5–200, production's rule); else the reason. */
export function parsePageSize(raw: unknown, rule: PageSizeRule): { ok: true; size: number } | { ok: false; problem: string } {
  if (raw === undefined || raw === '') return { ok: true, size: rule.fallback };
  const text = String(raw);
  const n = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (n === 0) return { ok: true, size: rule.fallback };
  if (n >= rule.min && n <= rule.max) return { ok: true, size: n };
  return {
    ok: false,
    problem: `page size of ${text.slice(0, 40)} is invalid; use 0 for the default of ${rule.fallback}, or a whole number from ${rule.min} to ${rule.max}`,
  };
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
  const invalid = { ok: false as const, problem: 'the cursor is not valid; pass the cursor of the previous page unchanged, or none for the first page' };
  if (typeof raw !== 'string' || raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) return invalid;
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const match = /^(\d{1,15}):([A-Za-z0-9-]{1,64})$/.exec(text);
  if (!match || match[1] === undefined || match[2] === undefined) return invalid;
  return { ok: true, position: { at: Number(match[1]), id: match[2] } };
}
