/**
 * Runs the SQL migrations as the owner role (DATABASE_URL), never as the application role.
 * Migration bookkeeping lives in its own schema, `konstruct_migrations`, so the application
 * role (granted DML on schema public) can neither read nor rewrite it. Guarantees: a run holds
 * kysely's migration lock and one transaction, so concurrent runs against the same database
 * serialise and a failed run leaves the database as it was; a failure throws
 * `MigrationFailedError` naming the migration that failed.
 */
import type { Kysely } from 'kysely';
import { type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely/migration';
import { DEFAULT_MIGRATIONS_FOLDER, SqlMigrationProvider } from './sql-migration-provider.ts';

export const MIGRATION_TABLE_SCHEMA = 'konstruct_migrations';

export interface MigrateOptions {
  /** Folder of `NNNN_description.sql` files (default: the repository's `migrations/`). */
  readonly folder?: string;
  /**
   * Target: `'latest'` (default), a migration name such as `0001_tenancy_foundation` (migrates up
   * or down until it is the last one applied), or `'none'` (undo every migration).
   */
  readonly to?: string;
}

export interface AppliedMigration {
  readonly name: string;
  readonly direction: 'up' | 'down';
}

export interface MigrateResult {
  /** Migrations run by this call, in order; empty when the database was already at the target. */
  readonly applied: readonly AppliedMigration[];
}

export class MigrationFailedError extends Error {
  readonly code = 'MigrationFailed';
  override readonly name = 'MigrationFailedError';
  /** The migration whose SQL failed; undefined when the run failed before any migration ran. */
  readonly migrationName: string | undefined;

  constructor(migrationName: string | undefined, direction: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      migrationName === undefined
        ? `Migrations could not run: ${reason}`
        : `Migration ${migrationName} failed (${direction}); nothing from this run was applied: ${reason}`,
      { cause },
    );
    this.migrationName = migrationName;
  }
}

/** Migrates `ownerDb` to `options.to` (default: latest). */
export async function migrate<DB>(
  ownerDb: Kysely<DB>,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const migrator = createMigrator(ownerDb, options.folder);
  const to = options.to ?? 'latest';
  const resultSet = await runMigrator(() => {
    if (to === 'latest') return migrator.migrateToLatest();
    if (to === 'none') return migrator.migrateTo(NO_MIGRATIONS);
    return migrator.migrateTo(to);
  });
  return toMigrateResult(resultSet);
}

/** Applies every pending migration. */
export function migrateToLatest<DB>(
  ownerDb: Kysely<DB>,
  options: { readonly folder?: string } = {},
): Promise<MigrateResult> {
  return migrate(ownerDb, { ...options, to: 'latest' });
}

/** Undoes the last applied migration (none when nothing is applied). */
export async function migrateDown<DB>(
  ownerDb: Kysely<DB>,
  options: { readonly folder?: string } = {},
): Promise<MigrateResult> {
  const migrator = createMigrator(ownerDb, options.folder);
  return toMigrateResult(await runMigrator(() => migrator.migrateDown()));
}

function createMigrator<DB>(db: Kysely<DB>, folder: string = DEFAULT_MIGRATIONS_FOLDER): Migrator {
  return new Migrator({
    db,
    provider: new SqlMigrationProvider(folder),
    migrationTableSchema: MIGRATION_TABLE_SCHEMA,
    nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  });
}

/** kysely reports failures as a value; the unexpected ones (bad target) it throws. */
async function runMigrator(run: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  try {
    return await run();
  } catch (cause) {
    throw new MigrationFailedError(undefined, 'up', cause);
  }
}

function toMigrateResult(resultSet: MigrationResultSet): MigrateResult {
  const results = resultSet.results ?? [];
  if (resultSet.error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationFailedError(
      failed?.migrationName,
      failed?.direction.toLowerCase() ?? 'up',
      resultSet.error,
    );
  }
  return {
    applied: results
      .filter((result) => result.status === 'Success')
      .map((result) => ({
        name: result.migrationName,
        direction: result.direction === 'Up' ? 'up' : 'down',
      })),
  };
}
