/**
 * A tenant as its own events describe it (`tenant.created`, `tenant.updated`, `tenant.deleted`),
 * folded by `evolveTenant`. `version` counts the events applied, for optimistic concurrency.
 */
import type { TenantCreated, TenantDeleted, TenantUpdated } from '@konstruct/schemas';
import { type AdminError, adminError } from '../admin-error.ts';
import { assertNever } from '../decision.ts';
import { definedOnly } from '../defined-only.ts';
import type { FactOf } from '../fact.ts';

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 30;

export interface TenantProfile {
  readonly name: string;
  readonly slug: string;
  readonly rateLimitPerMinute: number;
}

export interface AbsentTenant {
  readonly status: 'absent';
  readonly version: number;
}
export interface ActiveTenant {
  readonly status: 'active';
  readonly version: number;
  readonly profile: TenantProfile;
}
export interface DeletedTenant {
  readonly status: 'deleted';
  readonly version: number;
  readonly profile: TenantProfile;
}
export type TenantState = AbsentTenant | ActiveTenant | DeletedTenant;

export type TenantEvent = FactOf<
  typeof TenantCreated | typeof TenantUpdated | typeof TenantDeleted
>;

export function initialTenantState(): TenantState {
  return { status: 'absent', version: 0 };
}

export function evolveTenant(state: TenantState, event: TenantEvent): TenantState {
  const version = state.version + 1;
  switch (event.type) {
    case 'tenant.created':
      return { status: 'active', version, profile: { ...event.data } };
    case 'tenant.updated':
      if (state.status === 'absent') return { ...state, version };
      return { ...state, version, profile: { ...state.profile, ...definedOnly(event.data) } };
    case 'tenant.deleted':
      if (state.status === 'absent') return { ...state, version };
      return { status: 'deleted', version, profile: state.profile };
    default:
      return assertNever(event);
  }
}

/** True when the tenant exists and is not deleted: it may be changed and its messages answered. */
export function tenantIsActive(state: TenantState): state is ActiveTenant {
  return state.status === 'active';
}

/** Why a command cannot act on a tenant that is absent or deleted. */
export function inactiveTenantError(state: AbsentTenant | DeletedTenant): AdminError {
  if (state.status === 'absent') {
    return adminError('TenantNotFound', 'This tenant does not exist; check the tenant id.');
  }
  return adminError(
    'TenantDeleted',
    `Tenant "${state.profile.name}" was deleted; it can no longer be changed.`,
  );
}
