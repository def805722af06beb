import { expect, it } from 'vitest';
import { api, startHubWithAdmin, describeEachDialect } from '../support/hub-clients.js';
import { pushLog, takeJob } from '../support/log-push.js';
import type { TestHub } from '../support/start-hub.js';

// The push is stored as the bytes it came in (migration 0013): what readers get back must not change.
const TYPE = 's1-logbytes';
const event = (output: string) => JSON.stringify({ event: 'cmd_output', timestamp: 1_700_000_000, output });
const ASCII = event('plain ascii\n');
const ACCENTS = event('é à ü ß — “quoted”\n');
const WIDE = event('日本語のログ 🎉🚀 \u2028 end\n');
const ESCAPED = '{"event":"cmd_output","timestamp":1,"output":"\\u003cb\\u003e \\ud83d\\ude00 \\"q\\"\\n"}';

async function logText(hub: TestHub, jobId: string, startFrom = 0): Promise<string> {
  const res = await api(hub, 'GET', `/api/v1alpha/logs/${jobId}?start_from=${startFrom}`);
  expect(res.status).toBe(200);
  return res.text;
}

async function logCounts(hub: TestHub, jobId: string) {
  return hub.services.store.db.selectFrom('jobs').select(['log_event_count', 'log_bytes']).where('id', '=', jobId).executeTakeFirstOrThrow();
}

const bytesOf = (events: string[]) => events.reduce((n, e) => n + Buffer.byteLength(e, 'utf8'), 0);

await describeEachDialect('log pushes stored as bytes (%s)', (dialect) => {
  it('stores a clean push (multi-byte UTF-8, escapes, trailing newline) and reads back the same events and byte counts', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { jobId, logUrl, logToken } = await takeJob(hub, TYPE);
    const events = [ASCII, ACCENTS, WIDE, ESCAPED];
    expect((await pushLog(logUrl, logToken, `${events.join('\n')}\n`)).status).toBe(200);
    expect(await logText(hub, jobId)).toBe(`{"events":[${events.join(',')}]}`);
    expect(await logText(hub, jobId, 2)).toBe(`{"events":[${WIDE},${ESCAPED}]}`);
    expect(await logCounts(hub, jobId)).toEqual({ log_event_count: 4, log_bytes: bytesOf(events) });
  });

  it('drops \\r\\n endings, blank and whitespace-only lines, and keeps the rest of each line as sent', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { jobId, logUrl, logToken } = await takeJob(hub, TYPE);
    const spaced = `  ${ACCENTS}\t`;
    // A line that starts blank is dropped when String.prototype.trim empties it (no-break and em spaces too).
    const body = `\n${ASCII}\r\n\r\n   \n${spaced}\r\n \u00a0\u2003\n${WIDE}`;
    expect((await pushLog(logUrl, logToken, body)).status).toBe(200);
    expect(await logText(hub, jobId)).toBe(`{"events":[${ASCII},${spaced},${WIDE}]}`);
    expect(await logCounts(hub, jobId)).toEqual({ log_event_count: 3, log_bytes: bytesOf([ASCII, spaced, WIDE]) });
  });

  it('answers 400 naming the bad line of a non-ASCII push and keeps the log as it was', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { jobId, logUrl, logToken } = await takeJob(hub, TYPE);
    expect((await pushLog(logUrl, logToken, `${ASCII}\n`)).status).toBe(200);
    const res = await pushLog(logUrl, logToken, `${WIDE}\r\n\n{"event":"cmd_output","output":"日本\u0001"}\n${ACCENTS}\n`, '?start_from=1');
    expect(res.status).toBe(400);
    expect(res.body?.message).toContain('line 3 of the batch is not a JSON log event');
    expect(await logText(hub, jobId)).toBe(`{"events":[${ASCII}]}`);
    expect(await logCounts(hub, jobId)).toEqual({ log_event_count: 1, log_bytes: bytesOf([ASCII]) });
  });

  it('refuses a raw NUL byte and bytes that are not JSON structure, whatever the encoding', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { jobId, logUrl, logToken } = await takeJob(hub, TYPE);
    const nul = Buffer.concat([Buffer.from(`${ASCII}\n{"event":"x","o":"a`), Buffer.of(0), Buffer.from('"}\n')]);
    expect((await pushLog(logUrl, logToken, nul)).body?.message).toContain('line 2 of the batch');
    // A stray UTF-8 byte between tokens is no JSON whitespace, in the decoded text or in the bytes.
    const stray = Buffer.concat([Buffer.from('{"event":"x"}'), Buffer.of(0xc2, 0xa0), Buffer.from('\n')]);
    expect((await pushLog(logUrl, logToken, stray)).body?.message).toContain('line 1 of the batch');
    expect(await logText(hub, jobId)).toBe('{"events":[]}');
  });

  it('cuts a stored push of multi-byte events at start_from and counts only the bytes kept', async () => {
    const hub = await startHubWithAdmin({ dialect });
    const { jobId, logUrl, logToken } = await takeJob(hub, TYPE);
    const first = [ASCII, WIDE, ACCENTS, WIDE, ESCAPED];
    expect((await pushLog(logUrl, logToken, `${first.join('\n')}\n`)).status).toBe(200);
    expect((await pushLog(logUrl, logToken, `${ACCENTS}\r\n${ASCII}\n`, '?start_from=2')).status).toBe(200);
    const kept = [ASCII, WIDE, ACCENTS, ASCII];
    expect(await logText(hub, jobId)).toBe(`{"events":[${kept.join(',')}]}`);
    expect(await logCounts(hub, jobId)).toEqual({ log_event_count: 4, log_bytes: bytesOf(kept) });
    // Cut again inside the row the second push wrote, down to its first event.
    expect((await pushLog(logUrl, logToken, `${ESCAPED}\n`, '?start_from=3')).status).toBe(200);
    expect(await logText(hub, jobId)).toBe(`{"events":[${[ASCII, WIDE, ACCENTS, ESCAPED].join(',')}]}`);
    expect(await logCounts(hub, jobId)).toEqual({ log_event_count: 4, log_bytes: bytesOf([ASCII, WIDE, ACCENTS, ESCAPED]) });
  });
});
