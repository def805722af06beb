/** Which unmatched requests get the web UI's index.html (pure). */

/** Paths that belong to the APIs or the hub itself: an unknown one is a JSON 404, never the UI. */
const NON_UI_PREFIXES = ['/api/', '/healthz', '/metrics', '/downloads/'];

export type FallbackDecision = 'index-html' | 'not-found';

/**
 * Client-side routes (`/self-hosted-agents/s1-linux`, `/jobs/…`) are browser navigations (they accept text/html) of
 * extension-less paths outside the APIs. curl and scripts keep getting a JSON 404, and a missing `/assets/x.js` stays
 * a 404 so a stale bundle fails loudly instead of parsing HTML as JavaScript.
 */
export function decideFallback(method: string, url: string, accept: string | undefined): FallbackDecision {
  if (method !== 'GET' && method !== 'HEAD') return 'not-found';
  if (!accept || !accept.toLowerCase().includes('text/html')) return 'not-found';
  const path = url.split('?')[0] ?? '';
  if (path === '/api' || NON_UI_PREFIXES.some((prefix) => path.startsWith(prefix))) return 'not-found';
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  if (/\.[A-Za-z0-9]+$/.test(lastSegment)) return 'not-found';
  return 'index-html';
}
