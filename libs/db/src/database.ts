/**
 * The kysely table types of the Postgres read model, one interface per table created by
 * `migrations/`. They mirror the SQL exactly (snake_case columns); a migration that changes a
 * table changes its interface here in the same commit.
 *
 * Every table with a `tenant_id` is tenant-scoped under Row Level Security and is only read or
 * written inside `withTenant`. `projection_checkpoints` is platform-level and has no tenant.
 */
import type { ColumnType } from 'kysely';

/** A value as Postgres `jsonb` returns it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A timestamp the database fills in on insert; readable as a `Date`. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp with a default on insert that writers set on update. */
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** One row per tenant; the tenant's id is its `tenant_id`, so the RLS rule stays uniform. */
export interface TenantsTable {
  tenant_id: string;
  /** Lowercase url-safe handle, unique across the platform. */
  slug: string;
  name: string;
  created_at: CreatedAt;
}

/**
 * Per-tenant configuration by key (rate limits, model preference, …). `value` reads back as
 * parsed JSON; write it serialized (`JSON.stringify(value)`), because node-postgres would turn a
 * JS array into a Postgres array literal.
 */
export interface TenantSettingsTable {
  tenant_id: string;
  key: string;
  value: ColumnType<JsonValue, string, string>;
  updated_at: UpdatedAt;
}

/**
 * How far each projection has read the event stream (the JetStream stream sequence it last
 * applied). Platform-level: no `tenant_id`, no RLS. `bigint` is read back as a JS `bigint`.
 */
export interface ProjectionCheckpointsTable {
  projection: string;
  last_sequence: ColumnType<bigint, bigint | number, bigint | number>;
  updated_at: UpdatedAt;
}

export interface Database {
  tenants: TenantsTable;
  tenant_settings: TenantSettingsTable;
  projection_checkpoints: ProjectionCheckpointsTable;
}
