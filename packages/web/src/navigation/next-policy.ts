/**
 * Where `?next=` may send a person after signing in: a path of this site only. Browsers read `\` as `/`, so
 * `/\evil.example/` is really `//evil.example/` — another origin, which history.pushState refuses with a
 * SecurityError (a blank page). The path is resolved against this origin and kept only if it stays on it.
 */
export function sameOriginNext(next: string | null, origin: string, fallback: string): string {
  if (!next || !next.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that still begins with two slashes would be read as another host by the next URL parser.
  return path.startsWith('//') ? fallback : path;
}
