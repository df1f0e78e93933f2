/**
 * The catalog rule "every tenant table is isolated by forced RLS with a tenant policy", checked
 * against the migrated schema, and proven able to fail on scratch tables that break it.
 */
import { createTestDatabase, type TestDatabase } from '@konstruct/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findTablesWithoutTenantIsolation } from '../src/tenant-isolation-check.ts';

const POLICY = sql.raw(
  "nullif(current_setting('konstruct.tenant_id', true), '')::uuid = tenant_id",
);
let migrated: TestDatabase;
let scratch: TestDatabase;

beforeAll(async () => {
  [migrated, scratch] = await Promise.all([
    createTestDatabase(),
    createTestDatabase({ migrate: false }),
  ]);
});

afterAll(async () => {
  await Promise.all([migrated?.drop(), scratch?.drop()]);
});

describe('findTablesWithoutTenantIsolation', () => {
  test('every table with a tenant_id in the migrated schema is isolated', async () => {
    expect(await findTablesWithoutTenantIsolation(migrated.ownerDb)).toEqual([]);
  });

  test('the migrated schema has tenant tables for the check to look at', async () => {
    const { rows } = await sql<{ table: string }>`
      select table_name as table from information_schema.columns
      where table_schema = 'public' and column_name = 'tenant_id' order by 1
    `.execute(migrated.ownerDb);
    expect(rows.map((row) => row.table)).toEqual(
      expect.arrayContaining([
        'agents',
        'channel_connections',
        'conversations',
        'members',
        'messages',
        'tenant_settings',
        'tenants',
        'usage_daily',
      ]),
    );
  });

  test('it names each tenant table that is not enabled, not forced, has no tenant policy, or has another permissive policy', async () => {
    const db = scratch.ownerDb;
    await sql`create table no_rls (tenant_id uuid not null)`.execute(db);
    await sql`create table not_forced (tenant_id uuid not null)`.execute(db);
    await sql`alter table not_forced enable row level security`.execute(db);
    await sql`create policy p on not_forced using (${POLICY}) with check (${POLICY})`.execute(db);
    await sql`create table using_only (tenant_id uuid not null)`.execute(db);
    await sql`alter table using_only enable row level security`.execute(db);
    await sql`alter table using_only force row level security`.execute(db);
    await sql`create policy p on using_only using (${POLICY})`.execute(db);
    await sql`create table open_policy (tenant_id uuid not null)`.execute(db);
    await sql`alter table open_policy enable row level security`.execute(db);
    await sql`alter table open_policy force row level security`.execute(db);
    await sql`create policy p on open_policy using (true) with check (true)`.execute(db);
    await sql`create table extra_leak (tenant_id uuid not null)`.execute(db);
    await sql`alter table extra_leak enable row level security`.execute(db);
    await sql`alter table extra_leak force row level security`.execute(db);
    await sql`create policy tenant_isolation on extra_leak using (${POLICY}) with check (${POLICY})`.execute(
      db,
    );
    await sql`create policy leak on extra_leak for select using (true)`.execute(db);
    await sql`create table platform_level (id int)`.execute(db);

    expect(await findTablesWithoutTenantIsolation(db)).toEqual([
      { table: 'extra_leak', problems: ['unexpected-permissive-policy'] },
      { table: 'no_rls', problems: ['rls-disabled', 'rls-not-forced', 'no-tenant-policy'] },
      { table: 'not_forced', problems: ['rls-not-forced', 'unexpected-permissive-policy'] },
      { table: 'open_policy', problems: ['no-tenant-policy', 'unexpected-permissive-policy'] },
      { table: 'using_only', problems: ['no-tenant-policy', 'unexpected-permissive-policy'] },
    ]);
  });
});
