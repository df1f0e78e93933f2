/**
 * `konstruct migrate`: applies the SQL migrations as the owner (DATABASE_URL), then, when
 * DATABASE_APP_URL carries a password for the application role, sets that password so the
 * services can log in (docker-compose relies on this).
 */
import type { PlatformConfig } from '@konstruct/config';
import {
  type Database,
  DEFAULT_APP_ROLE,
  type Kysely,
  type MigrateResult,
  migrate,
} from '@konstruct/db';
import { openOwnerDatabase } from '@konstruct/runtime';
import { sql } from 'kysely';
import type { Output } from '../cli-output.ts';

export interface MigrateCommandOptions {
  readonly to?: string;
  readonly json?: boolean;
}

export async function runMigrate(
  config: PlatformConfig,
  options: MigrateCommandOptions,
  output: Output,
): Promise<MigrateResult> {
  const ownerDb = openOwnerDatabase(config, 'konstruct-migrate');
  try {
    const result = await migrate(ownerDb, options.to === undefined ? {} : { to: options.to });
    const passwordSet = await syncAppRolePassword(ownerDb, config.DATABASE_APP_URL);
    if (options.json) {
      output.json({ applied: result.applied, appRolePasswordSet: passwordSet });
    } else if (result.applied.length === 0) {
      output.line('database is up to date; no migration to run');
    } else {
      for (const step of result.applied) output.line(`${step.direction}  ${step.name}`);
    }
    return result;
  } finally {
    await ownerDb.destroy();
  }
}

async function syncAppRolePassword(
  ownerDb: Kysely<Database>,
  appUrl: string | undefined,
): Promise<boolean> {
  if (appUrl === undefined) return false;
  const url = new URL(appUrl);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (user !== DEFAULT_APP_ROLE || password === '') return false;
  await sql`alter role ${sql.id(user)} with password ${sql.lit(password)}`.execute(ownerDb);
  return true;
}
