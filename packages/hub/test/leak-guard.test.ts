import pg from 'pg';
import { expect, it } from 'vitest';
import { describeEachDialect } from './support/hub-clients.js';
import { startHub } from './support/start-hub.js';

// The leak guard itself must be able to fail: a connection left open to the hub's database is reported, not dropped
// quietly with the database.
await describeEachDialect('the test-support leak guard (%s)', (dialect) => {
  it('fails stop() when a connection to the hub database is still open, and drops the database anyway', async () => {
    const hub = await startHub({ dialect });
    const leaked = new pg.Client({ connectionString: hub.db.databaseUrl });
    // DROP DATABASE … WITH (FORCE) ends this session; that is the expected end of it.
    leaked.on('error', () => undefined);
    await leaked.connect();
    await expect(hub.stop()).rejects.toThrow(/leak guard: the hub did not close everything: 1 connection\(s\) to .* still open/);
    await expect(leaked.query('SELECT 1')).rejects.toThrow();
    await leaked.end().catch(() => undefined);
  });
}, ['postgres']);
