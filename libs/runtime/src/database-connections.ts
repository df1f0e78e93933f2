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
import type { Logger } from '@konstruct/observability';

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

const logIdleError = (logger: Logger | undefined) => (error: Error) =>
  logger?.warn({ err: error }, 'an idle Postgres connection failed; the pool replaces it');

/**
 * The application connection (DATABASE_APP_URL, or DATABASE_URL with the `konstruct_app` role).
 * Refuses to return a connection whose role could bypass Row Level Security.
 */
export async function openAppDatabase(
  config: PlatformConfig,
  applicationName: string,
  options: { readonly poolSize?: number; readonly logger?: Logger } = {},
): Promise<Kysely<Database>> {
  const url = appDatabaseUrl(config.DATABASE_URL, { appUrl: config.DATABASE_APP_URL });
  const db = createDb({
    url,
    poolSize: options.poolSize ?? 10,
    applicationName,
    ssl: databaseSsl(config),
    onIdleError: logIdleError(options.logger),
  });
  try {
    await assertAppRoleIsSafe(db);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
