import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { resolveHubConfig } from '../../src/config.js';
import { startHub, type RunningHub } from '../../src/main.js';
import { verifyPassword } from '../../src/auth/passwords.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';
import { describeEachDialect } from '../support/hub-clients.js';

interface Started {
  hub: RunningHub;
  printed: string[];
  logLines: string[];
}

const opened: RunningHub[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const hub of opened.splice(0)) await hub.close();
  for (const db of databases.splice(0)) await db.drop();
});

async function freshDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const db = await testDatabase(dialect);
  databases.push(db);
  return db;
}

/** Starts the real hub on `db` (twice on the same database when called twice), capturing stdout prints and logs. */
async function start(db: TestDatabase, env: Record<string, string> = {}): Promise<Started> {
  const printed: string[] = [];
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      callback();
    },
  });
  const config = { ...resolveHubConfig({ port: 0, host: '127.0.0.1', dataDir: db.dataDir, logLevel: 'debug' }, env), databaseUrl: db.databaseUrl };
  const hub = await startHub(config, { logDestination: destination, print: (text) => printed.push(text) });
  opened.push(hub);
  return { hub, printed, logLines };
}

function tokenFrom(printed: string): string {
  const match = /API token: +(\S+)/.exec(printed);
  if (!match?.[1]) throw new Error(`no API token in:\n${printed}`);
  return match[1];
}

await describeEachDialect('first start (%s)', (dialect) => {
  it('creates an organization, an owner and an API token, and prints them once', async () => {
    const db = await freshDatabase(dialect);
    const first = await start(db);
    expect(first.printed).toHaveLength(1);
    const text = first.printed[0] ?? '';
    expect(text).toContain(`Sign in:    ${first.hub.url}  as admin@outpost.local, password `);
    const token = tokenFrom(text);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain(`curl -sS -X POST ${first.hub.url}/api/v1alpha/self_hosted_agent_types`);
    expect(text).toContain(`-H "Authorization: Token ${token}"`);

    const password = /password (\S+)/.exec(text)?.[1] ?? '';
    const store = first.hub.services.store.db;
    const users = await store.selectFrom('users').select(['email', 'role', 'password_hash']).execute();
    expect(users.map((u) => [u.email, u.role])).toEqual([['admin@outpost.local', 'owner']]);
    expect(await verifyPassword(password, users[0]?.password_hash ?? '')).toBe(true);
    expect(await store.selectFrom('organizations').selectAll().execute()).toHaveLength(1);

    // The printed token works, and the printout never went through the log.
    const res = await fetch(`${first.hub.url}/api/v1alpha/self_hosted_agent_types`, { headers: { authorization: `Token ${token}` } });
    expect(res.status).toBe(200);
    const log = first.logLines.join('');
    expect(log).not.toContain(token);
    expect(log).not.toContain(password);
    expect(log).toContain('first start: organization and owner created');

    await first.hub.close();
    const second = await start(db);
    expect(second.printed).toEqual([]);
    expect(await second.hub.services.store.db.selectFrom('users').selectAll().execute()).toHaveLength(1);
  });

  it('uses OUTPOST_BOOTSTRAP_TOKEN, OUTPOST_ADMIN_EMAIL and OUTPOST_ADMIN_PASSWORD, naming the variables instead of echoing secrets', async () => {
    const db = await freshDatabase(dialect);
    const secret = 'automation-token-0123456789';
    const password = 'a chosen password 42';
    const started = await start(db, { OUTPOST_BOOTSTRAP_TOKEN: secret, OUTPOST_ADMIN_EMAIL: 'ops@example.com', OUTPOST_ADMIN_PASSWORD: password });
    const text = started.printed.join('');
    expect(text).toContain('as ops@example.com, password (the value of OUTPOST_ADMIN_PASSWORD)');
    expect(text).not.toContain(password);
    const owner = await started.hub.services.store.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(await verifyPassword(password, owner.password_hash)).toBe(true);
    expect(text).toContain('API token:  the value of OUTPOST_BOOTSTRAP_TOKEN');
    expect(text).toContain('-H "Authorization: Token $OUTPOST_BOOTSTRAP_TOKEN"');
    expect(text).not.toContain(secret);
    expect(started.logLines.join('')).not.toContain(secret);
    const res = await fetch(`${started.hub.url}/api/v1alpha/self_hosted_agent_types`, { headers: { authorization: `Token ${secret}` } });
    expect(res.status).toBe(200);
  });

  it('refuses to start with a bootstrap token too short to be a secret', async () => {
    const db = await freshDatabase(dialect);
    const failure = await start(db, { OUTPOST_BOOTSTRAP_TOKEN: 'short' }).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toBe('create the first organization');
    expect((failure?.cause as Error).message).toBe('OUTPOST_BOOTSTRAP_TOKEN must be 16–512 characters without spaces');
  });
});

// Several hubs share one PostgreSQL database behind a load balancer (DESIGN §4); SQLite is one hub per data directory.
await describeEachDialect('first start of several hubs at once (%s)', (dialect) => {
  it('creates exactly one organization when three hubs start on the same database at once', async () => {
    const db = await freshDatabase(dialect);
    const hubs = await Promise.all([start(db), start(db), start(db)]);
    expect(hubs.flatMap((h) => h.printed)).toHaveLength(1);
    const store = hubs[0]?.hub.services.store.db;
    expect(await store?.selectFrom('organizations').selectAll().execute()).toHaveLength(1);
    expect(await store?.selectFrom('users').selectAll().execute()).toHaveLength(1);
    expect(await store?.selectFrom('api_tokens').selectAll().execute()).toHaveLength(1);
  });
}, ['postgres']);
