/* global Buffer */
import http from 'node:http';

/** What the phases share: the admin API client, job bodies, agent types, and arrival times keyed by job id. */

/**
 * The admin API over node:http with kept-alive sockets, like the simulated agents: pickup is timed from before the
 * POST, and fetch's own client-side work (streams, header objects) cost more than the hub's answer.
 */
export function createApi(url, adminToken) {
  const connection = new http.Agent({ keepAlive: true, maxSockets: 32 });
  return (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers = { authorization: `Token ${adminToken}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) };
      const req = http.request(`${url}${path}`, { method, agent: connection, headers });
      req.on('response', (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode < 200 || res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(text ? JSON.parse(text) : undefined);
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
}

export function createAgentType(api, name) {
  return api('POST', '/api/v1alpha/self_hosted_agent_types', { metadata: { name }, spec: { agent_name_settings: {} } });
}

export function jobBody(type, directive) {
  return { metadata: { name: 'bench' }, spec: { agent: { machine: { type } }, commands: [directive] } };
}

/** When each job's event arrived, whether it came before or after someone asked (an agent can beat the POST's answer). */
export function arrivals() {
  const times = new Map();
  const waiting = new Map();
  return {
    arrive(id, at) {
      times.set(id, at);
      waiting.get(id)?.(at);
    },
    when(id) {
      if (times.has(id)) return Promise.resolve(times.get(id));
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    count: () => times.size,
  };
}
