/**
 * Plans one batch, purely: which events each projection still needs (those after its own
 * checkpoint, of the types it reads), grouped by tenant so the transaction sets the tenant scope
 * once per tenant and each projection writes a tenant's events in as few statements as it can.
 * Tenants are independent (every row belongs to one tenant), so only the order within a tenant
 * matters, and it is kept: stream order.
 */
import type { Checkpoints } from './checkpoints.ts';
import type { ProjectedEvent, Projection } from './projection.ts';

export interface ProjectionWork {
  readonly projection: Projection;
  readonly entries: readonly ProjectedEvent[];
}

export interface TenantWork {
  readonly tenantId: string;
  readonly work: readonly ProjectionWork[];
}

/** `entries` in stream order; tenants come out in order of first appearance. */
export function planBatch(
  entries: readonly ProjectedEvent[],
  projections: readonly Projection[],
  checkpoints: Checkpoints,
): TenantWork[] {
  const byTenant = new Map<string, Map<Projection, ProjectedEvent[]>>();
  const readers = projections.map((projection) => ({
    projection,
    types: new Set<string>(projection.eventTypes),
    after: checkpoints.get(projection.name) ?? 0,
  }));
  for (const entry of entries) {
    for (const { projection, types, after } of readers) {
      if (entry.sequence <= after || !types.has(entry.event.type)) continue;
      let tenant = byTenant.get(entry.event.tenantId);
      if (tenant === undefined) {
        tenant = new Map();
        byTenant.set(entry.event.tenantId, tenant);
      }
      const list = tenant.get(projection);
      if (list === undefined) tenant.set(projection, [entry]);
      else list.push(entry);
    }
  }
  return [...byTenant].map(([tenantId, work]) => ({
    tenantId,
    work: projections.flatMap((projection) => {
      const list = work.get(projection);
      return list === undefined ? [] : [{ projection, entries: list }];
    }),
  }));
}
