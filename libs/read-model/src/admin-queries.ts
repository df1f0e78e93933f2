/**
 * Queries behind the admin views: tenants (across tenants, through the audited platform path),
 * and a tenant's agents, connections and members (inside its RLS scope). Lookups by a bare id
 * find the owning tenant through the platform path first, then read inside that tenant's scope.
 */
import { type Database, type Kysely, withTenant } from '@konstruct/db';
import { type PlatformReader, withPlatformRead } from './platform-read.ts';
import {
  agentResource,
  connectionResource,
  memberResource,
  type TenantResource,
  tenantResource,
} from './resources.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function listTenants(
  db: Kysely<Database>,
  reader: PlatformReader,
  options: { includeDeleted?: boolean } = {},
): Promise<TenantResource[]> {
  return withPlatformRead(db, reader, async (trx) => {
    let query = trx.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('tenant_id');
    if (options.includeDeleted !== true) query = query.where('status', '=', 'active');
    return (await query.execute()).map(tenantResource);
  });
}

/** A tenant by id or slug (an active tenant wins a slug shared with deleted ones). */
export function findTenant(
  db: Kysely<Database>,
  reader: PlatformReader,
  idOrSlug: string,
): Promise<TenantResource | undefined> {
  return withPlatformRead(db, reader, async (trx) => {
    const row = await trx
      .selectFrom('tenants')
      .selectAll()
      .where(UUID.test(idOrSlug) ? 'tenant_id' : 'slug', '=', idOrSlug)
      .orderBy('status')
      .executeTakeFirst();
    return row === undefined ? undefined : tenantResource(row);
  });
}

/** Which tenant owns a row of `table` with this id (platform path: the caller knows only the id). */
export function tenantOf(
  db: Kysely<Database>,
  reader: PlatformReader,
  table: 'agents' | 'channel_connections',
  id: string,
): Promise<string | undefined> {
  if (!UUID.test(id)) return Promise.resolve(undefined);
  return withPlatformRead(db, reader, async (trx) => {
    const row =
      table === 'agents'
        ? await trx
            .selectFrom('agents')
            .select('tenant_id')
            .where('agent_id', '=', id)
            .executeTakeFirst()
        : await trx
            .selectFrom('channel_connections')
            .select('tenant_id')
            .where('connection_id', '=', id)
            .executeTakeFirst();
    return row?.tenant_id;
  });
}

export function listAgents(db: Kysely<Database>, tenantId: string) {
  return withTenant(db, tenantId, async (trx) =>
    (
      await trx.selectFrom('agents').selectAll().orderBy('created_at').orderBy('agent_id').execute()
    ).map(agentResource),
  );
}

export function getAgent(db: Kysely<Database>, tenantId: string, agentId: string) {
  return withTenant(db, tenantId, async (trx) => {
    const row = await trx
      .selectFrom('agents')
      .selectAll()
      .where('agent_id', '=', agentId)
      .executeTakeFirst();
    return row === undefined ? undefined : agentResource(row);
  });
}

export function listConnections(
  db: Kysely<Database>,
  tenantId: string,
  describeToken: (encrypted: unknown, connectionId: string) => string,
) {
  return withTenant(db, tenantId, async (trx) =>
    (
      await trx
        .selectFrom('channel_connections')
        .selectAll()
        .orderBy('created_at')
        .orderBy('connection_id')
        .execute()
    ).map((row) => connectionResource(row, describeToken)),
  );
}

export function getConnection(
  db: Kysely<Database>,
  tenantId: string,
  connectionId: string,
  describeToken: (encrypted: unknown, connectionId: string) => string,
) {
  return withTenant(db, tenantId, async (trx) => {
    const row = await trx
      .selectFrom('channel_connections')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    return row === undefined ? undefined : connectionResource(row, describeToken);
  });
}

export function listMembers(db: Kysely<Database>, tenantId: string) {
  return withTenant(db, tenantId, async (trx) =>
    (
      await trx.selectFrom('members').selectAll().orderBy('created_at').orderBy('user_id').execute()
    ).map(memberResource),
  );
}

export function getMember(db: Kysely<Database>, tenantId: string, userId: string) {
  return withTenant(db, tenantId, async (trx) => {
    const row = await trx
      .selectFrom('members')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row === undefined ? undefined : memberResource(row);
  });
}
