/**
 * Tenant scope for every read and write of tenant data. Row Level Security policies compare each
 * row's `tenant_id` with the setting `konstruct.tenant_id`; this module is the one place that sets
 * it. Guarantees: the tenant id is validated as a UUID before the database is touched; the setting
 * is transaction-local (`set_config(…, true)`), so it ends with the transaction and never leaks to
 * the next user of a pooled connection.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from './database.ts';

/** The name of the Postgres setting the RLS policies read. */
export const TENANT_SETTING = 'konstruct.tenant_id';

export const tenantIdSchema = z.uuid();

export class InvalidTenantIdError extends Error {
  readonly code = 'InvalidTenantId';
  override readonly name = 'InvalidTenantIdError';
}

/**
 * Runs `fn` in a transaction scoped to `tenantId`: every query made through `trx` sees and writes
 * only that tenant's rows, as enforced by RLS on every table with a `tenant_id`.
 *
 * This is the only way application code reads or writes tenant data. Queries made on `db`
 * outside `withTenant` see no tenant rows and cannot insert any. Use `trx` (never `db`) inside
 * `fn`; the transaction commits when `fn` resolves and rolls back when it throws.
 *
 * @throws InvalidTenantIdError when `tenantId` is not a UUID (before any query runs).
 */
export async function withTenant<T, DB = Database>(
  db: Kysely<DB>,
  tenantId: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  const parsed = tenantIdSchema.safeParse(tenantId);
  if (!parsed.success) {
    throw new InvalidTenantIdError(`Tenant id must be a UUID, got ${JSON.stringify(tenantId)}`);
  }
  return db.transaction().execute(async (trx) => {
    await sql`select set_config(${TENANT_SETTING}, ${parsed.data}, true)`.execute(trx);
    return fn(trx);
  });
}
