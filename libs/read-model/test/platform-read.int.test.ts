import { withTenant } from '@konstruct/db';
import { newEventId } from '@konstruct/schemas';
import { createTestDatabase, type TestDatabase } from '@konstruct/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findTenant, listTenants, withPlatformRead } from '../src/index.ts';

describe('cross-tenant reads for platform admins', () => {
  let database: TestDatabase;
  const tenantA = newEventId();
  const tenantB = newEventId();
  const reader = { actor: 'test:ops', reason: 'tenant list' };

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const [tenantId, slug] of [
      [tenantA, 'alpha'],
      [tenantB, 'beta'],
    ] as const) {
      await withTenant(database.appDb, tenantId, (trx) =>
        trx.insertInto('tenants').values({ tenant_id: tenantId, slug, name: slug }).execute(),
      );
    }
  });
  afterAll(async () => {
    await database.drop();
  });

  test('a tenant scope sees only its own tenant', async () => {
    const seen = await withTenant(database.appDb, tenantA, (trx) =>
      trx.selectFrom('tenants').select('slug').execute(),
    );
    expect(seen).toEqual([{ slug: 'alpha' }]);
  });

  test('the platform path sees every tenant and leaves a record of who read and why', async () => {
    const tenants = await listTenants(database.appDb, reader);
    expect(tenants.map((tenant) => tenant.slug)).toEqual(['alpha', 'beta']);
    expect((await findTenant(database.appDb, reader, 'beta'))?.id).toBe(tenantB);
    const log = await sql<{ actor: string; reason: string }>`
      select actor, reason from platform_access_log order by access_id`.execute(database.ownerDb);
    expect(log.rows).toEqual([reader, reader]);
  });

  test('the platform path reads but cannot write across tenants', async () => {
    await expect(
      withPlatformRead(database.appDb, reader, (trx) =>
        trx
          .updateTable('tenants')
          .set({ name: 'hijacked' })
          .where('tenant_id', '=', tenantB)
          .execute(),
      ),
    ).resolves.toEqual([expect.objectContaining({ numUpdatedRows: 0n })]);
    const stillThere = await withPlatformRead(database.appDb, reader, (trx) =>
      trx.selectFrom('tenants').select('name').where('tenant_id', '=', tenantB).executeTakeFirst(),
    );
    expect(stillThere?.name).toBe('beta');
  });

  test('the setting ends with its transaction: the next read on the pool sees nothing', async () => {
    await listTenants(database.appDb, reader);
    const after = await database.appDb.selectFrom('tenants').select('slug').execute();
    expect(after).toEqual([]);
  });

  test('setting konstruct.platform_read opens nothing: only a logged transaction reads across tenants', async () => {
    const seen = await database.appDb.transaction().execute(async (trx) => {
      await sql`select set_config('konstruct.platform_read', 'on', true)`.execute(trx);
      return trx.selectFrom('tenants').select('slug').execute();
    });
    expect(seen).toEqual([]);
  });

  test('a log row from an earlier transaction does not open a later one', async () => {
    await listTenants(database.appDb, reader);
    const later = await database.appDb
      .transaction()
      .execute((trx) => trx.selectFrom('tenants').select('slug').execute());
    expect(later).toEqual([]);
  });

  test('the application role cannot make anyone a platform admin', async () => {
    await expect(
      sql`insert into users (user_id, email, password_hash, platform_admin) values (${newEventId()}, 'x@example.com', '$argon2id$x', true)`.execute(
        database.appDb,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      sql`update users set platform_admin = true`.execute(database.appDb),
    ).rejects.toThrow(/permission denied/);
  });

  test('no cross-tenant read without an actor and a reason', async () => {
    await expect(listTenants(database.appDb, { actor: '', reason: 'x' })).rejects.toThrow(/actor/);
  });

  test('the access log is append-only for the application role', async () => {
    await listTenants(database.appDb, reader);
    await expect(sql`delete from platform_access_log`.execute(database.appDb)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      sql`update platform_access_log set actor = 'nobody'`.execute(database.appDb),
    ).rejects.toThrow(/permission denied/);
  });
});
