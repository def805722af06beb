import { describe, expect, it } from 'vitest';
import { startHub } from '../support/start-hub.js';

const EMAIL = 'admin@outpost.local';
const PASSWORD = 'a long enough password';

/** A hub on a clock the test moves, behind one trusted proxy so each request can come from its own address. */
async function throttledHub() {
  let clock = Date.now();
  const hub = await startHub({ env: { OUTPOST_ADMIN_PASSWORD: PASSWORD, OUTPOST_TRUST_PROXY: '1' }, now: () => clock });
  const signIn = (email: string, password: string, from = '203.0.113.1') =>
    fetch(`${hub.url}/api/v1alpha/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ email, password }),
    });
  return { hub, signIn, advance: (ms: number) => (clock += ms) };
}

describe('sign-in throttling', () => {
  it('slows 50 wrong passwords in a row with 429 and Retry-After, then lets the owner in once the wait is over', async () => {
    const { signIn, advance } = await throttledHub();
    const statuses: number[] = [];
    let retryAfter = '';
    for (let i = 0; i < 50; i++) {
      const res = await signIn(EMAIL, `wrong password ${i}`);
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after') ?? '';
        expect(await res.json()).toMatchObject({ code: 'SIGN_IN_THROTTLED', message: expect.stringContaining('retry after') });
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await signIn(EMAIL, PASSWORD)).status).toBe(429);
    advance(Number(retryAfter) * 1000);
    expect((await signIn(EMAIL, PASSWORD)).status).toBe(200);
  });

  it('throttles one account guessed from 8 addresses at once', async () => {
    const { signIn } = await throttledHub();
    const guesses = Array.from({ length: 12 }, (_, i) => signIn(EMAIL, `guess ${i}`, `198.51.100.${i % 8}`));
    const statuses = (await Promise.all(guesses)).map((res) => res.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it('throttles one address trying many accounts, and the doubling delay grows', async () => {
    const { signIn, advance } = await throttledHub();
    for (let i = 0; i < 20; i++) expect((await signIn(`user${i}@example.com`, 'nope')).status).toBe(401);
    const first = await signIn('another@example.com', 'nope');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    advance(1000);
    expect((await signIn('another@example.com', 'nope')).status).toBe(401);
    expect((await signIn('another@example.com', 'nope')).headers.get('retry-after')).toBe('2');
    expect((await signIn(EMAIL, PASSWORD, '198.51.100.77')).status).toBe(200);
  });
});
