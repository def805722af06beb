import { Type } from '@sinclair/typebox';

/** Paging rules of the v1alpha lists (control-plane §2.1, §8.3): one place for the numbers, the schemas and the words. */
export interface PageSizeRule {
  fallback: number;
  min: number;
  max: number;
}

/** Agents: 0 or absent means 200, else 5–200 (production's rule). */
export const AGENTS_PAGE_SIZE: PageSizeRule = { fallback: 200, min: 5, max: 200 };
export const JOBS_PAGE_SIZE: PageSizeRule = { fallback: 100, min: 1, max: 1000 };
export const AUDIT_PAGE_SIZE: PageSizeRule = { fallback: 100, min: 1, max: 500 };
export const PIPELINES_PAGE_SIZE: PageSizeRule = { fallback: 30, min: 1, max: 200 };
export const WORKFLOWS_PAGE_SIZE: PageSizeRule = { fallback: 30, min: 1, max: 200 };
export const PROJECTS_PAGE_SIZE: PageSizeRule = { fallback: 100, min: 1, max: 200 };

/** `page_size`: 0 (the default) or a whole number from min to max; the refusal keeps production's wording. */
export function PageSize(rule: PageSizeRule) {
  return Type.Union([Type.Literal(0), Type.Integer({ minimum: rule.min, maximum: rule.max })], {
    description: `results per page, ${rule.min} to ${rule.max}; 0 or absent means ${rule.fallback}`,
    errorMessage: `page size of {raw} is invalid; use 0 for the default of ${rule.fallback}, or a whole number from ${rule.min} to ${rule.max}`,
  });
}

export const CURSOR_PROBLEM = 'the cursor is not valid; pass the cursor of the previous page unchanged, or none for the first page';

/** An opaque position handed out with the previous page (base64url). */
export function PageCursor(description: string) {
  return Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$', description, errorMessage: CURSOR_PROBLEM });
}
