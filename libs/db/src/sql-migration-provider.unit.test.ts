import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MigrationFileInvalidError } from './sql-migration-file.ts';
import { readSqlMigrations } from './sql-migration-provider.ts';

const body = '-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n';

async function withFolder(files: Record<string, string>, fn: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'konstruct-migrations-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('readSqlMigrations', () => {
  test("the repository's migrations folder parses, starting with the tenancy foundation", async () => {
    const migrations = await readSqlMigrations();
    expect(migrations[0]?.name).toBe('0001_tenancy_foundation');
  });

  test('orders by name and ignores files that are not SQL', async () => {
    const files = { '0002_b.sql': body, '0001_a.sql': body, 'README.md': '# notes' };
    await withFolder(files, async (dir) => {
      const names = (await readSqlMigrations(dir)).map((migration) => migration.name);
      expect(names).toEqual(['0001_a', '0002_b']);
    });
  });

  test('rejects two migrations with the same number', async () => {
    await withFolder({ '0001_a.sql': body, '0001_b.sql': body }, async (dir) => {
      const attempt = readSqlMigrations(dir);
      await expect(attempt).rejects.toBeInstanceOf(MigrationFileInvalidError);
      await expect(attempt).rejects.toThrow(/0001_b\.sql: its number 0001 is also used by 0001_a/);
    });
  });
});
