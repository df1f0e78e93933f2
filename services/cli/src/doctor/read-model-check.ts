/**
 * Doctor check for the read model itself, once migrations are applied: every table a projection
 * writes exists (a table dropped by hand is not noticed by the migrator), and every tenant table
 * is isolated (RLS enabled and forced, the tenant policy, no other permissive policy).
 */
import { type Database, findTablesWithoutTenantIsolation, type Kysely } from '@konstruct/db';
import { allProjections } from '@konstruct/projections';
import { sql } from 'kysely';
import { type CheckResult, failed, passed } from './check-result.ts';

export async function checkReadModel(ownerDb: Kysely<Database>): Promise<CheckResult[]> {
  const wanted = [
    ...new Set(allProjections.flatMap((projection) => projection.tables.map(String))),
  ];
  const present = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public'`.execute(
    ownerDb,
  );
  const have = new Set(present.rows.map((row) => row.table_name));
  const missing = wanted.filter((table) => !have.has(table));
  const tables =
    missing.length === 0
      ? passed('read model', `${wanted.length} projection tables present`)
      : failed(
          'read model',
          `missing tables: ${missing.join(', ')}`,
          'the database was changed by hand: recreate it (`konstruct migrate --to none`, then `konstruct migrate`), then `konstruct projections rebuild`',
        );
  const unisolated = await findTablesWithoutTenantIsolation(ownerDb);
  const isolation =
    unisolated.length === 0
      ? passed('tenant isolation', 'every tenant table has forced RLS and only the tenant policies')
      : failed(
          'tenant isolation',
          unisolated.map((row) => `${row.table}: ${row.problems.join(', ')}`).join('; '),
          'restore the policies from migrations/ (or drop the policy that was added by hand)',
        );
  return [tables, isolation];
}
