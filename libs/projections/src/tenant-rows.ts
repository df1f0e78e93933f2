/**
 * Pure mapping of tenant events to `tenants` row values: the row a `tenant.created` inserts and
 * the columns `tenant.updated` / `tenant.deleted` change. Timestamps are the events' own.
 */
import type { Database } from '@konstruct/db';
import type { Insertable, Updateable } from 'kysely';
import type { EventOfType } from './projection.ts';

export type TenantRow = Insertable<Database['tenants']>;
/** Changes besides `version`, which the projection increments in SQL. */
export type TenantChanges = Omit<Updateable<Database['tenants']>, 'version'>;

export function tenantCreatedRow(event: EventOfType<'tenant.created'>): TenantRow {
  return {
    tenant_id: event.tenantId,
    slug: event.data.slug,
    name: event.data.name,
    rate_limit_per_minute: event.data.rateLimitPerMinute,
    status: 'active',
    deleted_at: null,
    version: 1,
    created_at: event.occurredAt,
    updated_at: event.occurredAt,
  };
}

/** Only the fields the update carries change; absent ones keep their value. */
export function tenantUpdatedChanges(event: EventOfType<'tenant.updated'>): TenantChanges {
  const { name, slug, rateLimitPerMinute } = event.data;
  return {
    ...(name === undefined ? {} : { name }),
    ...(slug === undefined ? {} : { slug }),
    ...(rateLimitPerMinute === undefined ? {} : { rate_limit_per_minute: rateLimitPerMinute }),
    updated_at: event.occurredAt,
  };
}

export function tenantDeletedChanges(event: EventOfType<'tenant.deleted'>): TenantChanges {
  return { status: 'deleted', deleted_at: event.occurredAt, updated_at: event.occurredAt };
}
