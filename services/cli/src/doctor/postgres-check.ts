/**
 * Doctor checks for Postgres: the owner connection answers (version), migrations are applied,
 * the read model is whole and isolated, and the application role can log in and is subject to
 * Row Level Security.
 */
import type { PlatformConfig } from '@konstruct/config';
import { readSqlMigrations } from '@konstruct/db';
import { openAppDatabase, openOwnerDatabase } from '@konstruct/runtime';
import { sql } from 'kysely';
import { type CheckResult, errorText, failed, passed, withDeadline } from './check-result.ts';
import { checkReadModel } from './read-model-check.ts';

const START_POSTGRES =
  'start PostgreSQL (Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start; or `docker compose up postgres`) or point DATABASE_URL at it';

export async function checkPostgres(config: PlatformConfig): Promise<CheckResult[]> {
  const ownerDb = openOwnerDatabase(config, 'konstruct-doctor');
  try {
    const version = await withDeadline(
      () => sql<{ server_version: string }>`show server_version`.execute(ownerDb),
      3_000,
      'Postgres',
    );
    const results = [
      passed(
        'postgres',
        `PostgreSQL ${version.rows[0]?.server_version ?? '?'} at ${redact(config.DATABASE_URL)}`,
      ),
    ];
    const migrations = await checkMigrations(ownerDb);
    results.push(migrations);
    if (migrations.ok) results.push(...(await checkReadModel(ownerDb)));
    results.push(await checkAppRole(config));
    return results;
  } catch (error) {
    return [
      failed(
        'postgres',
        `cannot reach ${redact(config.DATABASE_URL)}: ${errorText(error)}`,
        START_POSTGRES,
      ),
    ];
  } finally {
    await ownerDb.destroy();
  }
}

async function checkMigrations(
  ownerDb: ReturnType<typeof openOwnerDatabase>,
): Promise<CheckResult> {
  const known = (await readSqlMigrations()).map((migration) => migration.name);
  let applied: string[] = [];
  try {
    const rows = await sql<{
      name: string;
    }>`select name from konstruct_migrations.kysely_migration`.execute(ownerDb);
    applied = rows.rows.map((row) => row.name);
  } catch {
    applied = [];
  }
  const pending = known.filter((name) => !applied.includes(name));
  return pending.length === 0
    ? passed('migrations', `${applied.length} applied, none pending`)
    : failed(
        'migrations',
        `${pending.length} pending: ${pending.join(', ')}`,
        'run `konstruct migrate`',
      );
}

async function checkAppRole(config: PlatformConfig): Promise<CheckResult> {
  try {
    const appDb = await withDeadline(
      () => openAppDatabase(config, 'konstruct-doctor', { poolSize: 1 }),
      3_000,
      'Postgres (app role)',
    );
    await appDb.destroy();
    return passed('postgres app role', 'logs in, owns nothing, cannot bypass Row Level Security');
  } catch (error) {
    return failed(
      'postgres app role',
      errorText(error),
      'run `konstruct migrate` (it creates the konstruct_app role), and set DATABASE_APP_URL if the role has a password',
    );
  }
}

/** A URL fit for output: the password replaced by `***`. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}
