/**
 * Migrations against a real database: idempotent, reversible, and failures name the migration.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@konstruct/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MigrationFailedError, migrate, migrateDown, migrateToLatest } from '../src/migrate.ts';
import { readSqlMigrations } from '../src/sql-migration-provider.ts';

let testDb: TestDatabase;
let brokenFolder: string;

async function publicTables<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select tablename::text as name from pg_tables where schemaname = 'public' order by 1
  `.execute(db);
  return rows.map((row) => row.name);
}

beforeAll(async () => {
  testDb = await createTestDatabase({ migrate: false });
  brokenFolder = await mkdtemp(join(tmpdir(), 'konstruct-migrations-'));
  const ok = '-- migrate:up\nCREATE TABLE fine (id int);\n-- migrate:down\nDROP TABLE fine;\n';
  const bad = '-- migrate:up\nCREATE TABLE nope (id nosuchtype);\n-- migrate:down\nSELECT 1;\n';
  await writeFile(join(brokenFolder, '0001_fine.sql'), ok);
  await writeFile(join(brokenFolder, '0002_broken.sql'), bad);
});

afterAll(async () => {
  await testDb?.drop();
  if (brokenFolder !== undefined) await rm(brokenFolder, { recursive: true, force: true });
});

describe('migrate', () => {
  test('applies every migration once; a second run applies nothing', async () => {
    const names = (await readSqlMigrations()).map((migration) => migration.name);
    const first = await migrateToLatest(testDb.ownerDb);
    expect(first.applied).toEqual(names.map((name) => ({ name, direction: 'up' })));
    expect(await publicTables(testDb.ownerDb)).toEqual(
      expect.arrayContaining(['projection_checkpoints', 'tenant_settings', 'tenants']),
    );
    expect((await migrateToLatest(testDb.ownerDb)).applied).toEqual([]);
  });

  test('keeps its bookkeeping out of schema public, where the app role has DML rights', async () => {
    expect(await publicTables(testDb.ownerDb)).not.toContain('kysely_migration');
  });

  test('the app role cannot read or rewrite the migration bookkeeping', async () => {
    const attempt = sql`select * from konstruct_migrations.kysely_migration`.execute(testDb.appDb);
    await expect(attempt).rejects.toThrow(/permission denied/);
  });

  test('down undoes the last migration and up restores it', async () => {
    const last = (await readSqlMigrations()).at(-1)?.name;
    const tables = await publicTables(testDb.ownerDb);
    const down = await migrateDown(testDb.ownerDb);
    expect(down.applied).toEqual([{ name: last, direction: 'down' }]);
    const again = await migrate(testDb.ownerDb, { to: 'latest' });
    expect(again.applied).toEqual([{ name: last, direction: 'up' }]);
    expect(await publicTables(testDb.ownerDb)).toEqual(tables);
  });

  test('every migration can be undone and redone, one step at a time', async () => {
    const names = (await readSqlMigrations()).map((migration) => migration.name);
    for (const name of [...names].reverse()) {
      expect((await migrateDown(testDb.ownerDb)).applied).toEqual([{ name, direction: 'down' }]);
    }
    expect(await publicTables(testDb.ownerDb)).toEqual([]);
    const again = await migrateToLatest(testDb.ownerDb);
    expect(again.applied.map((m) => m.name)).toEqual(names);
  });

  test("to: 'none' undoes everything", async () => {
    const result = await migrate(testDb.ownerDb, { to: 'none' });
    expect(result.applied.every((m) => m.direction === 'down')).toBe(true);
    expect(await publicTables(testDb.ownerDb)).toEqual([]);
    await migrateToLatest(testDb.ownerDb);
  });

  test('a failing migration is named, and nothing from that run is applied', async () => {
    const scratch = await createTestDatabase({ migrate: false });
    try {
      const attempt = migrateToLatest(scratch.ownerDb, { folder: brokenFolder });
      await expect(attempt).rejects.toBeInstanceOf(MigrationFailedError);
      await expect(attempt).rejects.toMatchObject({ migrationName: '0002_broken' });
      await expect(attempt).rejects.toThrow(/Migration 0002_broken failed \(up\).*nosuchtype/);
      expect(await publicTables(scratch.ownerDb)).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });

  test('an unknown target is reported as a MigrationFailedError', async () => {
    const attempt = migrate(testDb.ownerDb, { to: '9999_missing' });
    await expect(attempt).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(attempt).rejects.toThrow(/9999_missing/);
  });
});
