/**
 * Row Level Security only protects tenants if the application's role cannot step around it: a
 * superuser or a BYPASSRLS role ignores policies, and a table owner can disable them (FORCE only
 * binds the owner until it runs ALTER TABLE). Services call `assertAppRoleIsSafe` at start and
 * refuse to run otherwise. Guarantees: it throws `UnsafeDatabaseRoleError` naming every problem
 * and the fix, and only reads the catalogs.
 */
import { type Kysely, sql } from 'kysely';

export class UnsafeDatabaseRoleError extends Error {
  readonly code = 'UnsafeDatabaseRole';
  override readonly name = 'UnsafeDatabaseRoleError';
  readonly role: string;
  readonly problems: readonly string[];

  constructor(role: string, problems: readonly string[]) {
    super(
      `The application is connected to Postgres as role "${role}", which can bypass Row Level ` +
        `Security: ${problems.join('; ')}. Connect services as the non-owner role konstruct_app ` +
        '(created by `konstruct migrate`; set DATABASE_APP_URL or leave it unset to derive it ' +
        'from DATABASE_URL), and keep DATABASE_URL (the owner) for migrations only.',
    );
    this.role = role;
    this.problems = problems;
  }
}

interface RoleFacts {
  role: string;
  is_superuser: boolean;
  bypasses_rls: boolean;
  privileged_roles: string[];
  owned_tables: string[];
}

/** Throws `UnsafeDatabaseRoleError` unless the connected role is bound by RLS on every table. */
export async function assertAppRoleIsSafe<DB>(db: Kysely<DB>): Promise<void> {
  const facts = await readRoleFacts(db);
  const problems: string[] = [];
  if (facts.is_superuser) problems.push('it is a superuser');
  if (facts.bypasses_rls) problems.push('it has BYPASSRLS');
  if (facts.privileged_roles.length > 0) {
    problems.push(
      `it is a member of superuser/BYPASSRLS roles (${facts.privileged_roles.join(', ')})`,
    );
  }
  if (facts.owned_tables.length > 0) {
    problems.push(
      `it owns (or can act as the owner of) tables in schema public (${facts.owned_tables.join(', ')})`,
    );
  }
  if (problems.length > 0) throw new UnsafeDatabaseRoleError(facts.role, problems);
}

async function readRoleFacts<DB>(db: Kysely<DB>): Promise<RoleFacts> {
  const { rows } = await sql<RoleFacts>`
    select
      r.rolname as role,
      r.rolsuper as is_superuser,
      r.rolbypassrls as bypasses_rls,
      array(
        select other.rolname::text from pg_roles other
        where (other.rolsuper or other.rolbypassrls)
          and other.oid <> r.oid
          and pg_has_role(r.oid, other.oid, 'MEMBER')
        order by 1
      ) as privileged_roles,
      array(
        select c.relname::text from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public'
          and c.relkind in ('r', 'p')
          and pg_has_role(r.oid, c.relowner, 'MEMBER')
        order by 1
      ) as owned_tables
    from pg_roles r
    where r.rolname = current_user
  `.execute(db);
  const facts = rows[0];
  if (facts === undefined) throw new Error('current_user is missing from pg_roles');
  return facts;
}
