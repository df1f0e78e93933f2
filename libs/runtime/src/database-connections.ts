/**
 * Postgres connections from the platform config: the owner (migrations, set-up) and the
 * application role every service uses, which is checked at start to be subject to RLS.
 */
import type { PlatformConfig } from '@konstruct/config';
import {
  appDatabaseUrl,
  assertAppRoleIsSafe,
  createDb,
  type Database,
  type DbSslOptions,
  type Kysely,
} from '@konstruct/db';

export function databaseSsl(config: PlatformConfig): DbSslOptions {
  return config.DATABASE_SSL_CA_FILE === undefined
    ? { mode: config.DATABASE_SSL }
    : { mode: config.DATABASE_SSL, caFile: config.DATABASE_SSL_CA_FILE };
}

/** The owner connection (DATABASE_URL): for migrations and operator tasks only. */
export function openOwnerDatabase(
  config: PlatformConfig,
  applicationName: string,
): Kysely<Database> {
  return createDb({
    url: config.DATABASE_URL,
    poolSize: 2,
    applicationName,
    ssl: databaseSsl(config),
  });
}

/**
 * The application connection (DATABASE_APP_URL, or DATABASE_URL with the `konstruct_app` role).
 * Refuses to return a connection whose role could bypass Row Level Security.
 */
export async function openAppDatabase(
  config: PlatformConfig,
  applicationName: string,
  poolSize = 10,
): Promise<Kysely<Database>> {
  const url = appDatabaseUrl(config.DATABASE_URL, { appUrl: config.DATABASE_APP_URL });
  const db = createDb({ url, poolSize, applicationName, ssl: databaseSsl(config) });
  try {
    await assertAppRoleIsSafe(db);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
