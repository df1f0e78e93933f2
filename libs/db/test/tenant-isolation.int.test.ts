/**
 * Row Level Security as services meet it: connected as konstruct_app, two tenants A and B, every
 * read and write through withTenant. Each file gets its own migrated database.
 */
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@konstruct/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDb } from '../src/create-db.ts';
import { withTenant } from '../src/with-tenant.ts';

const tenantA = randomUUID();
const tenantB = randomUUID();
const RLS_VIOLATION = /new row violates row-level security policy/;
let testDb: TestDatabase;

async function seedTenant(tenantId: string, slug: string): Promise<void> {
  await withTenant(testDb.appDb, tenantId, async (trx) => {
    await trx.insertInto('tenants').values({ tenant_id: tenantId, slug, name: slug }).execute();
    await trx
      .insertInto('tenant_settings')
      .values({ tenant_id: tenantId, key: 'owner', value: JSON.stringify(slug) })
      .execute();
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedTenant(tenantA, 'tenant-a');
  await seedTenant(tenantB, 'tenant-b');
});

afterAll(async () => {
  await testDb?.drop();
});

describe('tenant isolation under RLS (as konstruct_app)', () => {
  test("a tenant's selects never return the other tenant's rows", async () => {
    const seenByA = await withTenant(testDb.appDb, tenantA, async (trx) => ({
      tenants: await trx.selectFrom('tenants').select('tenant_id').execute(),
      settings: await trx.selectFrom('tenant_settings').select(['tenant_id', 'value']).execute(),
      askedForB: await trx.selectFrom('tenants').where('tenant_id', '=', tenantB).execute(),
    }));
    expect(seenByA.tenants).toEqual([{ tenant_id: tenantA }]);
    expect(seenByA.settings).toEqual([{ tenant_id: tenantA, value: 'tenant-a' }]);
    expect(seenByA.askedForB).toEqual([]);
  });

  test("inserting a row with the other tenant's id is rejected (WITH CHECK)", async () => {
    const attempt = withTenant(testDb.appDb, tenantA, (trx) =>
      trx
        .insertInto('tenant_settings')
        .values({ tenant_id: tenantB, key: 'planted', value: '"by A"' })
        .execute(),
    );
    await expect(attempt).rejects.toThrow(RLS_VIOLATION);
  });

  test("moving one's own row to the other tenant is rejected (WITH CHECK on update)", async () => {
    const attempt = withTenant(testDb.appDb, tenantA, (trx) =>
      trx
        .updateTable('tenant_settings')
        .set({ tenant_id: tenantB })
        .where('key', '=', 'owner')
        .execute(),
    );
    await expect(attempt).rejects.toThrow(RLS_VIOLATION);
  });

  test("updating or deleting the other tenant's rows affects no row", async () => {
    const [updated, deleted] = await withTenant(testDb.appDb, tenantA, async (trx) => [
      await trx
        .updateTable('tenant_settings')
        .set({ value: '"hijacked"' })
        .where('tenant_id', '=', tenantB)
        .executeTakeFirstOrThrow(),
      await trx.deleteFrom('tenants').where('tenant_id', '=', tenantB).executeTakeFirstOrThrow(),
    ]);
    expect(updated.numUpdatedRows).toBe(0n);
    expect(deleted.numDeletedRows).toBe(0n);
    const bStillOwns = await withTenant(testDb.appDb, tenantB, (trx) =>
      trx.selectFrom('tenant_settings').select('value').executeTakeFirstOrThrow(),
    );
    expect(bStillOwns.value).toBe('tenant-b');
  });

  test('without a tenant scope nothing is visible and nothing can be inserted', async () => {
    expect(await testDb.appDb.selectFrom('tenants').selectAll().execute()).toEqual([]);
    expect(await testDb.appDb.selectFrom('tenant_settings').selectAll().execute()).toEqual([]);
    const attempt = testDb.appDb
      .insertInto('tenant_settings')
      .values({ tenant_id: tenantA, key: 'unscoped', value: '1' })
      .execute();
    await expect(attempt).rejects.toThrow(RLS_VIOLATION);
  });

  test('the tenant setting never leaks to the next user of a pooled connection', async () => {
    const pooled = createDb({ url: testDb.appUrl, poolSize: 1 });
    try {
      const pidInScope = await withTenant(pooled, tenantA, async (trx) => {
        const rows = await trx.selectFrom('tenants').select('tenant_id').execute();
        expect(rows).toEqual([{ tenant_id: tenantA }]);
        return (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0];
      });
      const after = await sql<{ pid: number; setting: string | null }>`
        select pg_backend_pid() as pid, current_setting('konstruct.tenant_id', true) as setting
      `.execute(pooled);
      expect(after.rows[0]?.pid).toBe(pidInScope?.pid);
      expect(after.rows[0]?.setting ?? '').toBe('');
      expect(await pooled.selectFrom('tenants').selectAll().execute()).toEqual([]);
    } finally {
      await pooled.destroy();
    }
  });

  test('platform-level checkpoints need no tenant scope and keep 64-bit sequences exact', async () => {
    const sequence = 2n ** 62n + 1n;
    await testDb.appDb
      .insertInto('projection_checkpoints')
      .values({ projection: 'tenants', last_sequence: sequence })
      .execute();
    const row = await testDb.appDb
      .selectFrom('projection_checkpoints')
      .select('last_sequence')
      .where('projection', '=', 'tenants')
      .executeTakeFirstOrThrow();
    expect(row.last_sequence).toBe(sequence);
  });

  test('a failing scope rolls back its writes', async () => {
    const attempt = withTenant(testDb.appDb, tenantA, async (trx) => {
      await trx
        .insertInto('tenant_settings')
        .values({ tenant_id: tenantA, key: 'doomed', value: 'true' })
        .execute();
      throw new Error('handler failed');
    });
    await expect(attempt).rejects.toThrow('handler failed');
    const doomed = await withTenant(testDb.appDb, tenantA, (trx) =>
      trx.selectFrom('tenant_settings').where('key', '=', 'doomed').selectAll().execute(),
    );
    expect(doomed).toEqual([]);
  });
});
