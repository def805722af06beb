import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { ONE_ROW, preparedQuery } from '../../src/store/prepared-query.js';
import { describeEachDialect } from '../support/hub-clients.js';
import { seedOrg } from '../support/seed.js';
import { openTestStore, type TestStore } from '../support/test-database.js';

const NOW = 1_800_000_000_000;

// The organizations table is the simplest to write to; names differ by a suffix so the queries can tell them apart.
const namedLike = preparedQuery((db, prefix: string, createdBefore: number) =>
  db.selectFrom('organizations').select(['name', 'created_at']).where('name', 'like', prefix).where('created_at', '<', createdBefore).where('id', '<>', 'x').orderBy('name').limit(ONE_ROW),
);
const rename = preparedQuery((db, id: string, name: string) => db.updateTable('organizations').set({ name }).where('id', '=', id).returning(['id', 'name']));

await describeEachDialect('store/prepared-query (%s)', (dialect) => {
  let testStore: TestStore;
  let store: Store;

  beforeEach(async () => {
    testStore = await openTestStore(dialect);
    store = testStore.store;
  });
  afterEach(async () => {
    await testStore.close();
  });

  it('binds each call’s arguments where its placeholders were, beside the query’s own constants', async () => {
    const { orgId } = await seedOrg(store.db, NOW);
    await rename.all(store.db, orgId, 'prepared-a');
    expect(await namedLike.first(store.db, 'prepared-%', NOW + 1)).toEqual({ name: 'prepared-a', created_at: NOW });
    expect(await namedLike.first(store.db, 'prepared-%', NOW)).toBeUndefined();
    expect(await namedLike.first(store.db, 'other-%', NOW + 1)).toBeUndefined();
  });

  it('runs the same prepared query inside a transaction and outside it', async () => {
    const { orgId } = await seedOrg(store.db, NOW);
    const renamed = await store.db.transaction().execute((trx) => rename.first(trx, orgId, 'prepared-in-trx'));
    expect(renamed).toEqual({ id: orgId, name: 'prepared-in-trx' });
    expect(await rename.first(store.db, orgId, 'prepared-after')).toEqual({ id: orgId, name: 'prepared-after' });
  });

  it('refuses a build that does not bind every argument (a branch on an argument would freeze one shape)', async () => {
    const branching = preparedQuery((db, name: string) => db.selectFrom('organizations').select('id').where('name', '=', name === 'x' ? 'x' : 'y'));
    await expect(branching.all(store.db, 'x')).rejects.toThrow(/argument 0 is not a bound value/);
  });
});
