/**
 * The one way to open Postgres: a kysely instance over a bounded `pg.Pool`.
 * Guarantees: the pool never exceeds `poolSize` connections; when `ssl` is given, TLS follows it
 * and nothing else (TLS parameters in the URL and PGSSLMODE are ignored, so they cannot weaken
 * it); without `ssl`, node-postgres reads them as libpq does. `bigint` columns read back as JS
 * `bigint`, never as a lossy number or a string. Call `db.destroy()` to close the pool.
 */
import { Kysely, PostgresDialect } from 'kysely';
import { Pool, TypeOverrides } from 'pg';
import type { Database } from './database.ts';
import { type DbSslOptions, toPgSsl } from './ssl-config.ts';

export interface CreateDbOptions {
  /** `postgres://user[:password]@host:port/database` */
  readonly url: string;
  /** Upper bound on open connections (default 10). */
  readonly poolSize?: number;
  /** TLS settings (DATABASE_SSL); when omitted, the URL's `sslmode` or PGSSLMODE decide. */
  readonly ssl?: DbSslOptions;
  /**
   * Called when an idle pooled connection fails (server restart, admin termination). The pool
   * drops that connection and opens a new one on the next query; without a listener node-postgres
   * would crash the process, so one is always installed.
   */
  readonly onIdleError?: (error: Error) => void;
  /** Shown in `pg_stat_activity.application_name`, e.g. the service name. */
  readonly applicationName?: string;
}

const DEFAULT_POOL_SIZE = 10;
const INT8_OID = 20;
const URL_TLS_PARAMS = ['ssl', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslnegotiation'];

/** Opens a pool to `options.url`; typed by default with the read model's `Database`. */
export function createDb<DB = Database>(options: CreateDbOptions): Kysely<DB> {
  const types = new TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', (value: string) => BigInt(value));
  const pool = new Pool({
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    types,
    ...(options.ssl === undefined
      ? { connectionString: options.url }
      : { connectionString: withoutTlsParams(options.url), ssl: toPgSsl(options.ssl) }),
    ...(options.applicationName === undefined ? {} : { application_name: options.applicationName }),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** node-postgres lets URL parameters override the `ssl` option; strip them so config wins. */
function withoutTlsParams(url: string): string {
  const parsed = new URL(url);
  if (!URL_TLS_PARAMS.some((name) => parsed.searchParams.has(name))) return url;
  for (const name of URL_TLS_PARAMS) parsed.searchParams.delete(name);
  return parsed.toString();
}
