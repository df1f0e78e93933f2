/**
 * Feeds kysely's `Migrator` from a folder of SQL files (default: the repository's top-level
 * `migrations/`), so migrations stay readable SQL rather than TypeScript. Guarantees: every
 * `.sql` file in the folder is parsed strictly (see `sql-migration-file.ts`); two files sharing a
 * number are rejected; each section runs as one multi-statement script.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import {
  MIGRATION_FILE_PATTERN,
  MigrationFileInvalidError,
  parseSqlMigration,
  type SqlMigration,
} from './sql-migration-file.ts';

/** `<repo>/migrations`, found from this file's place in `libs/db/src` (or `libs/db/dist`). */
export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(
  new URL('../../../migrations/', import.meta.url),
);

/** Reads and validates every migration in `folder`, ordered by name. */
export async function readSqlMigrations(
  folder: string = DEFAULT_MIGRATIONS_FOLDER,
): Promise<SqlMigration[]> {
  const fileNames = (await readdir(folder)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: SqlMigration[] = [];
  const seenNumbers = new Map<string, string>();
  for (const fileName of fileNames) {
    const migration = parseSqlMigration(fileName, await readFile(join(folder, fileName), 'utf8'));
    const number = MIGRATION_FILE_PATTERN.exec(fileName)?.[1] ?? '';
    const other = seenNumbers.get(number);
    if (other !== undefined) {
      throw new MigrationFileInvalidError(
        fileName,
        `its number ${number} is also used by ${other}`,
      );
    }
    seenNumbers.set(number, fileName);
    migrations.push(migration);
  }
  return migrations;
}

export class SqlMigrationProvider implements MigrationProvider {
  readonly #folder: string;

  constructor(folder: string = DEFAULT_MIGRATIONS_FOLDER) {
    this.#folder = folder;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations = await readSqlMigrations(this.#folder);
    return Object.fromEntries(migrations.map((m) => [m.name, toKyselyMigration(m)]));
  }
}

function toKyselyMigration(migration: SqlMigration): Migration {
  return {
    up: async <DB>(db: Kysely<DB>) => {
      await sql.raw(migration.up).execute(db);
    },
    down: async <DB>(db: Kysely<DB>) => {
      await sql.raw(migration.down).execute(db);
    },
  };
}
