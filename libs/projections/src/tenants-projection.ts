/**
 * `tenants`: one row per tenant from `tenant.created`, changed by `tenant.updated`, marked deleted
 * (never removed) by `tenant.deleted`. `version` counts the tenant's events. An update or delete
 * for a tenant with no row (its creation no longer in the stream) changes nothing.
 */
import type { Database, Transaction } from '@konstruct/db';
import { sql } from 'kysely';
import { defineProjection } from './projection.ts';
import {
  type TenantChanges,
  tenantCreatedRow,
  tenantDeletedChanges,
  tenantUpdatedChanges,
} from './tenant-rows.ts';

async function changeTenant(trx: Transaction<Database>, tenantId: string, changes: TenantChanges) {
  await trx
    .updateTable('tenants')
    .set({ ...changes, version: sql<number>`version + 1` })
    .where('tenant_id', '=', tenantId)
    .execute();
}

export const tenantsProjection = defineProjection({
  name: 'tenants',
  eventTypes: ['tenant.created', 'tenant.updated', 'tenant.deleted'],
  tables: ['tenants'],
  async apply(trx, event) {
    switch (event.type) {
      case 'tenant.created':
        await trx
          .insertInto('tenants')
          .values(tenantCreatedRow(event))
          .onConflict((conflict) =>
            conflict.column('tenant_id').doUpdateSet((eb) => ({
              slug: eb.ref('excluded.slug'),
              name: eb.ref('excluded.name'),
              rate_limit_per_minute: eb.ref('excluded.rate_limit_per_minute'),
              status: eb.ref('excluded.status'),
              deleted_at: null,
              version: sql<number>`tenants.version + 1`,
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
        return;
      case 'tenant.updated':
        return changeTenant(trx, event.tenantId, tenantUpdatedChanges(event));
      case 'tenant.deleted':
        return changeTenant(trx, event.tenantId, tenantDeletedChanges(event));
      default: {
        const never: never = event;
        return never;
      }
    }
  },
});
