/**
 * A fresh Postgres database per test file: created on the server named by DATABASE_URL (see
 * `serviceUrls`), migrated as the owner, and reachable both as the owner and as the application
 * role `konstruct_app`, so tests exercise Row Level Security exactly as services do.
 * Guarantees: the name is unique across parallel files and repeated runs; `drop()` closes both
 * pools and drops the database even if a session is still connected; a failed setup drops what
 * it created before rethrowing.
 */
import {
  appDatabaseUrl,
  createDb,
  type Database,
  type Kysely,
  type MigrateResult,
  migrateToLatest,
} from '@konstruct/db';
import { Client, escapeIdentifier } from 'pg';
import { serviceUrls } from './service-urls.ts';
import { uniqueName } from './unique-name.ts';

export interface TestDatabaseOptions {
  /** Run the migrations after creating it (default true); false gives an empty database. */
  readonly migrate?: boolean;
  /** Migrations folder (default: the repository's `migrations/`). */
  readonly migrationsFolder?: string;
  /** Pool size of each of the two kysely instances (default 5). */
  readonly poolSize?: number;
  /** A server URL to create the database on (default: `serviceUrls().databaseUrl`). */
  readonly serverUrl?: string;
}

export interface TestDatabase {
  readonly name: string;
  /** Connects as the owner (the role in DATABASE_URL): migrations, fixtures, catalog checks. */
  readonly ownerUrl: string;
  /** Connects as `konstruct_app`: what services use, subject to RLS. */
  readonly appUrl: string;
  readonly ownerDb: Kysely<Database>;
  readonly appDb: Kysely<Database>;
  /** What the migrations applied (empty when `migrate: false`). */
  readonly migrations: MigrateResult;
  /** Closes both pools and drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

/** Creates, migrates and opens a uniquely named database; call `drop()` in `afterAll`. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? serviceUrls().databaseUrl;
  const name = uniqueName('db');
  const ownerUrl = withDatabase(serverUrl, name);
  const appUrl = appDatabaseUrl(ownerUrl);
  const poolSize = options.poolSize ?? 5;
  await onServer(serverUrl, `create database ${escapeIdentifier(name)}`);
  const ownerDb = createDb({ url: ownerUrl, poolSize, applicationName: name });
  const appDb = createDb({ url: appUrl, poolSize, applicationName: name });
  let dropped = false;
  const drop = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    await Promise.all([ownerDb.destroy(), appDb.destroy()]);
    await dropDatabase(serverUrl, name);
  };
  try {
    const migrations =
      options.migrate === false
        ? { applied: [] }
        : await migrateToLatest(ownerDb, withFolder(options.migrationsFolder));
    return { name, ownerUrl, appUrl, ownerDb, appDb, migrations, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** Drops a database created by `createTestDatabase`, disconnecting whoever still uses it. */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, `drop database if exists ${escapeIdentifier(name)} with (force)`);
}

/** `url` with its database (the path) replaced by `database`. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Runs one statement (CREATE/DROP DATABASE cannot run in a transaction) on the server. */
async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function withFolder(folder: string | undefined): { readonly folder?: string } {
  return folder === undefined ? {} : { folder };
}
