/**
 * Switches a projector transaction to one tenant: the same transaction-local setting `withTenant`
 * uses, so Row Level Security admits exactly that tenant's rows. The projector switches tenants
 * inside one batch transaction (the setting is transaction-local and each switch replaces it);
 * the tenant id was validated as a UUID by the event registry.
 */
import { type Database, TENANT_SETTING, type Transaction } from '@konstruct/db';
import { sql } from 'kysely';

export async function setTenantScope(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await sql`select set_config(${TENANT_SETTING}, ${tenantId}, true)`.execute(trx);
}
