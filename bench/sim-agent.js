/* global Buffer, setTimeout, clearTimeout */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * A minimal agent for the bench: the official agent's sync loop (no Content-Type, Token auth, next_sync_after) or,
 * with `longPoll`, an Outpost agent's (X-Outpost-Wait, sync again at once). What a job does is its first directive:
 *   bench-instant   finish at once (passed)
 *   bench-hold      run until stop-job
 *   bench-logs <n>  push <n> bytes of log events, 2000 per request, then finish
 */
export function startSimAgent({ url, token, longPoll, observe }) {
  const connection = new http.Agent({ keepAlive: true, maxSockets: 2 });
  let state = 'waiting-for-jobs';
  let jobId = '';
  let jobResult = '';
  let stopped = false;
  let inFlight = null;
  let wake = null;

  const request = (method, path, body, headers = {}, isSync = false) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const req = http.request(`${url}${path}`, {
        method,
        agent: connection,
        headers: { authorization: `Token ${token}`, 'user-agent': 'SemaphoreAgent/v2.4.0', ...(payload ? { 'content-length': payload.length } : {}), ...headers },
      });
      if (isSync) inFlight = req;
      req.on('response', (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });

  async function runJob(id) {
    const res = await request('GET', `/api/v1/self_hosted_agents/jobs/${id}`);
    if (res.status !== 200) return finish('failed');
    const pickedAt = performance.now();
    const job = JSON.parse(res.text);
    observe.picked?.(id, pickedAt);
    const [verb, arg] = (job.commands?.[0]?.directive ?? 'bench-instant').split(' ');
    state = 'running-job';
    if (verb === 'bench-hold') return; // finishes on stop-job
    if (verb === 'bench-logs') await pushLogs(job, Number(arg));
    finish('passed');
  }

  async function pushLogs(job, bytes) {
    const line = JSON.stringify({ event: 'cmd_output', timestamp: Math.floor(Date.now() / 1000), output: `${'x'.repeat(80)}\n` });
    const perBatch = 2000;
    const batch = `${Array.from({ length: perBatch }, () => line).join('\n')}\n`;
    let sent = 0;
    let index = 0;
    while (sent < bytes && !stopped) {
      const res = await pushBatch(job.logger, index, batch);
      if (res !== 200) throw new Error(`log push answered ${res}`);
      index += perBatch;
      sent += Buffer.byteLength(batch);
    }
    observe.logged?.(sent);
  }

  function pushBatch(logger, startFrom, body) {
    return new Promise((resolve, reject) => {
      const req = http.request(`${logger.url}?start_from=${startFrom}`, {
        method: 'POST',
        agent: connection,
        headers: { authorization: `Bearer ${logger.token}`, 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  function finish(result) {
    state = 'finished-job';
    jobResult = result;
    // A finished job forces a sync (spec §2.1); a long-polling agent gives up its held one.
    if (longPoll) inFlight?.destroy();
    wake?.();
  }

  function act(answer) {
    if (answer.action === 'run-job') {
      state = 'starting-job';
      jobId = answer.job_id;
      jobResult = '';
      runJob(answer.job_id).catch((err) => observe.error?.(err));
    } else if (answer.action === 'stop-job') {
      observe.stopped?.(answer.job_id, performance.now());
      finish('stopped');
    } else if (answer.action === 'wait-for-jobs') {
      state = 'waiting-for-jobs';
      jobId = '';
      jobResult = '';
    }
  }

  const loop = (async () => {
    while (!stopped) {
      const sent = { state, job_id: jobId, job_result: jobResult, interrupted_at: 0 };
      const startedAt = performance.now();
      let delay = 3000 + Math.random() * 3000;
      try {
        const res = await request('POST', '/api/v1/self_hosted_agents/sync', sent, longPoll ? { 'x-outpost-wait': '25' } : {}, true);
        if (res.status === 200) {
          const answer = JSON.parse(res.text);
          if (!longPoll) observe.synced?.(performance.now() - startedAt);
          act(answer);
          delay = longPoll ? 0 : answer.next_sync_after;
        } else {
          observe.error?.(new Error(`sync answered ${res.status}`));
        }
      } catch {
        // Given up for a forced sync, or the bench is stopping.
        delay = 0;
      }
      if (stopped) break;
      if (state === 'finished-job') delay = 0;
      if (delay > 0) await new Promise((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
      });
    }
  })();

  return {
    state: () => state,
    /** Ends the loop; with `disconnect`, says goodbye like an agent shutting down (POST /disconnect). */
    async stop({ disconnect = false } = {}) {
      stopped = true;
      inFlight?.destroy();
      wake?.();
      await loop;
      if (disconnect) await request('POST', '/api/v1/self_hosted_agents/disconnect').catch((err) => observe.error?.(err));
      connection.destroy();
    },
  };
}
