import type { ForgeRequest } from './forge-api-policy.js';

/** What one send came back with: an HTTP status (null when no answer came), Retry-After, and a message for people. */
export interface ForgeAnswer {
  httpStatus: number | null;
  retryAfterS: number | null;
  /** Null on 2xx; otherwise what went wrong, without the token. */
  error: string | null;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

// A forge's error body is a short JSON message; more than this is not worth keeping.
const ERROR_BODY_MAX_CHARS = 300;

/**
 * The one outbound call of status reporting: a POST with a timeout, never following redirects (a redirect could carry
 * the token to another host), the token added here and nowhere else.
 */
export async function sendForgeRequest(
  fetchFn: FetchLike,
  request: ForgeRequest & { tokenHeader: { name: string; prefix: string } },
  token: string,
  timeoutMs: number,
): Promise<ForgeAnswer> {
  let response: Response;
  try {
    response = await fetchFn(request.url, {
      method: 'POST',
      headers: { ...request.headers, [request.tokenHeader.name]: `${request.tokenHeader.prefix}${token}` },
      body: JSON.stringify(request.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return { httpStatus: null, retryAfterS: null, error: `no answer from ${new URL(request.url).host}: ${describeFetchError(err)}` };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 200 && response.status < 300) return { httpStatus: response.status, retryAfterS: null, error: null };
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return {
    httpStatus: response.status,
    retryAfterS: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
    error: `${new URL(request.url).host} answered ${response.status}${forgeMessage(text, token)}`,
  };
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
  return cause ?? (err instanceof Error ? err.message : String(err));
}

/** The forge's own message ({"message": …} on all three), cut short, with the token blanked should a forge echo it. */
function forgeMessage(text: string, token: string): string {
  let message = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
    else if (parsed.message !== undefined) message = JSON.stringify(parsed.message);
  } catch {
    // Not JSON: keep the text as it came (an HTML error page, a proxy's plain text).
  }
  if (token) message = message.split(token).join('[MASKED]');
  message = message.replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_MAX_CHARS);
  return message ? `: ${message}` : '';
}
