/* global fetch */
/** What the phases share: the admin API client, job bodies, agent types, and arrival times keyed by job id. */

export function createApi(url, adminToken) {
  return async function api(method, path, body) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Token ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
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
