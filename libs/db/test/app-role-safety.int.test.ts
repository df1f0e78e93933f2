/**
 * The start-up guard: services refuse to run as a role that could step around RLS.
 */
import { createTestDatabase, type TestDatabase } from '@konstruct/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertAppRoleIsSafe, UnsafeDatabaseRoleError } from '../src/app-role-safety.ts';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

describe('assertAppRoleIsSafe', () => {
  test('passes for konstruct_app, the role the app side connects as', async () => {
    const { rows } = await sql<{ role: string }>`select current_user as role`.execute(testDb.appDb);
    expect(rows[0]?.role).toBe('konstruct_app');
    await expect(assertAppRoleIsSafe(testDb.appDb)).resolves.toBeUndefined();
  });

  test('throws UnsafeDatabaseRole for the owner superuser, saying why and how to fix it', async () => {
    const attempt = assertAppRoleIsSafe(testDb.ownerDb);
    await expect(attempt).rejects.toBeInstanceOf(UnsafeDatabaseRoleError);
    await expect(attempt).rejects.toMatchObject({ code: 'UnsafeDatabaseRole' });
    await expect(attempt).rejects.toThrow(/is a superuser.*it has BYPASSRLS/);
    await expect(attempt).rejects.toThrow(/owns .*tenants/);
    await expect(attempt).rejects.toThrow(/Connect services as the non-owner role konstruct_app/);
  });

  test('the tables belong to the migrating owner, never to konstruct_app', async () => {
    const { rows } = await sql<{ owner: string }>`
      select distinct pg_get_userbyid(relowner)::text as owner from pg_class
      where relnamespace = 'public'::regnamespace and relkind = 'r'
    `.execute(testDb.ownerDb);
    expect(rows.map((row) => row.owner)).not.toContain('konstruct_app');
    expect(rows.length).toBeGreaterThan(0);
  });
});
