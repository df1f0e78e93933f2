/**
 * The catalog check behind the tenant-isolation rule: every table in schema public with a
 * `tenant_id` column must have Row Level Security enabled AND forced, and a policy for all
 * commands whose USING and WITH CHECK both read `konstruct.tenant_id` — and no other permissive
 * policy (permissive policies are OR'ed, so one extra `USING (true)` would open the table) except
 * the audited SELECT-only `platform_read` of migration 0005. Tests run it after
 * migrating, so a new tenant table without isolation fails the build by name; `konstruct doctor`
 * can run it against a live database. Guarantees: read-only, catalog queries only.
 */
import { type Kysely, sql } from 'kysely';

export type TenantIsolationProblem =
  | 'rls-disabled'
  | 'rls-not-forced'
  | 'no-tenant-policy'
  | 'unexpected-permissive-policy';

export interface TableWithoutTenantIsolation {
  readonly table: string;
  readonly problems: readonly TenantIsolationProblem[];
}

interface TenantTableFacts {
  table: string;
  rls_enabled: boolean;
  rls_forced: boolean;
  has_tenant_policy: boolean;
  has_unexpected_policy: boolean;
}

/** Lists the tenant tables in schema public that break the rule, by name; empty when all hold. */
export async function findTablesWithoutTenantIsolation<DB>(
  db: Kysely<DB>,
): Promise<TableWithoutTenantIsolation[]> {
  const { rows } = await sql<TenantTableFacts>`
    select
      c.relname::text as table,
      c.relrowsecurity as rls_enabled,
      c.relforcerowsecurity as rls_forced,
      exists (
        select 1 from pg_policy p
        where p.polrelid = c.oid
          and p.polcmd = '*'
          and p.polpermissive
          and pg_get_expr(p.polqual, p.polrelid) like '%konstruct.tenant_id%'
          and pg_get_expr(p.polwithcheck, p.polrelid) like '%konstruct.tenant_id%'
      ) as has_tenant_policy,
      exists (
        select 1 from pg_policy p
        where p.polrelid = c.oid
          and p.polpermissive
          and not (
            p.polname = 'tenant_isolation'
            and p.polcmd = '*'
            and pg_get_expr(p.polqual, p.polrelid) like '%konstruct.tenant_id%'
            and pg_get_expr(p.polwithcheck, p.polrelid) like '%konstruct.tenant_id%'
          )
          and not (
            p.polname = 'platform_read'
            and p.polcmd = 'r'
            and pg_get_expr(p.polqual, p.polrelid) like '%platform_access_log%txid_current()%'
          )
      ) as has_unexpected_policy
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid
    where n.nspname = 'public'
      and c.relkind in ('r', 'p')
      and a.attname = 'tenant_id'
      and not a.attisdropped
    order by c.relname
  `.execute(db);
  return rows.flatMap((row) => {
    const problems: TenantIsolationProblem[] = [];
    if (!row.rls_enabled) problems.push('rls-disabled');
    if (!row.rls_forced) problems.push('rls-not-forced');
    if (!row.has_tenant_policy) problems.push('no-tenant-policy');
    if (row.has_unexpected_policy) problems.push('unexpected-permissive-policy');
    return problems.length === 0 ? [] : [{ table: row.table, problems }];
  });
}
