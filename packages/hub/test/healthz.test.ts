import { describe, expect, it } from 'vitest';
import { startHub } from './support/start-hub.js';

describe('GET /healthz', () => {
  it('answers ok from a hub started on an empty SQLite data directory', async () => {
    const hub = await startHub();
    const res = await fetch(`${hub.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers an unknown route with 404 and a readable message', async () => {
    const hub = await startHub();
    const res = await fetch(`${hub.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: 'there is no route GET /nope' });
  });
});
