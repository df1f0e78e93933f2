/**
 * @konstruct/db — the Postgres read model: connections, SQL migrations, and tenant-scoped
 * transactions under Row Level Security. Other packages import only from here.
 */
export type { Kysely, Transaction } from 'kysely';
export {
  type AppDatabaseUrlOptions,
  appDatabaseUrl,
  DEFAULT_APP_ROLE,
  InvalidDatabaseUrlError,
} from './app-database-url.ts';
export { assertAppRoleIsSafe, UnsafeDatabaseRoleError } from './app-role-safety.ts';
export { type CreateDbOptions, createDb } from './create-db.ts';
export type {
  AgentsTable,
  ChannelConnectionsTable,
  ConversationsTable,
  Database,
  JsonValue,
  MembersTable,
  MessagesTable,
  PlatformAccessLogTable,
  ProjectionCheckpointsTable,
  TenantSettingsTable,
  TenantsTable,
  UsageDailyTable,
  UsersTable,
} from './database.ts';
export {
  type AppliedMigration,
  MIGRATION_TABLE_SCHEMA,
  type MigrateOptions,
  type MigrateResult,
  MigrationFailedError,
  migrate,
  migrateDown,
  migrateToLatest,
} from './migrate.ts';
export {
  MigrationFileInvalidError,
  parseSqlMigration,
  type SqlMigration,
} from './sql-migration-file.ts';
export { DEFAULT_MIGRATIONS_FOLDER, readSqlMigrations } from './sql-migration-provider.ts';
export {
  type DbSslMode,
  type DbSslOptions,
  dbSslModeSchema,
  type PgSsl,
  toPgSsl,
} from './ssl-config.ts';
export {
  findTablesWithoutTenantIsolation,
  type TableWithoutTenantIsolation,
  type TenantIsolationProblem,
} from './tenant-isolation-check.ts';
export { InvalidTenantIdError, TENANT_SETTING, tenantIdSchema, withTenant } from './with-tenant.ts';
