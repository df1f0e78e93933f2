/**
 * Decides the tenant commands: create, update, delete. Pure: the tenant id comes in the command,
 * the current state from folding the tenant's events; the result is the events to append or the
 * reason the command is refused.
 */
import { TenantCreated, TenantDeleted, TenantUpdated } from '@konstruct/schemas';
import type { z } from 'zod';
import {
  accept,
  type DecisionResult,
  fail,
  type PlannedEventOf,
  plan,
  reject,
} from '../decision.ts';
import { checkExpectedVersion } from '../expected-version.ts';
import { slugify } from '../slugify.ts';
import type { CreateTenant, DeleteTenant, UpdateTenant } from './tenant-commands.ts';
import {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  inactiveTenantError,
  type TenantProfile,
  type TenantState,
  tenantIsActive,
} from './tenant-state.ts';

export type TenantPlannedEvent = PlannedEventOf<
  typeof TenantCreated | typeof TenantUpdated | typeof TenantDeleted
>;
type TenantDecision = DecisionResult<TenantPlannedEvent>;

export function decideCreateTenant(tenant: TenantState, command: CreateTenant): TenantDecision {
  if (tenant.status !== 'absent') {
    return reject(
      'TenantAlreadyExists',
      tenant.status === 'deleted'
        ? 'A tenant with this id existed and was deleted; create the tenant with a new id.'
        : `A tenant with this id already exists ("${tenant.profile.name}"); update it instead.`,
    );
  }
  const stale = checkExpectedVersion('This tenant', tenant.version, command.expectedVersion);
  if (stale !== null) return fail(stale);
  const slug =
    command.slug === undefined
      ? slugify(command.name)
      : ({ ok: true, slug: command.slug } as const);
  if (!slug.ok) return slug;
  return accept(
    plan(TenantCreated, {
      name: command.name,
      slug: slug.slug,
      rateLimitPerMinute: command.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    }),
  );
}

type TenantChanges = z.input<typeof TenantUpdated.data>;

function changesOf(profile: TenantProfile, command: UpdateTenant): TenantChanges {
  const changes: { -readonly [K in keyof TenantProfile]?: TenantProfile[K] } = {};
  if (command.name !== undefined && command.name !== profile.name) changes.name = command.name;
  if (command.slug !== undefined && command.slug !== profile.slug) changes.slug = command.slug;
  const rate = command.rateLimitPerMinute;
  if (rate !== undefined && rate !== profile.rateLimitPerMinute) changes.rateLimitPerMinute = rate;
  return changes;
}

export function decideUpdateTenant(tenant: TenantState, command: UpdateTenant): TenantDecision {
  if (!tenantIsActive(tenant)) return fail(inactiveTenantError(tenant));
  const what = `Tenant "${tenant.profile.name}"`;
  const stale = checkExpectedVersion(what, tenant.version, command.expectedVersion);
  if (stale !== null) return fail(stale);
  const changes = changesOf(tenant.profile, command);
  if (Object.keys(changes).length === 0) {
    return reject('NothingToChange', `${what} already has these settings; nothing was saved.`);
  }
  return accept(plan(TenantUpdated, changes));
}

export function decideDeleteTenant(tenant: TenantState, command: DeleteTenant): TenantDecision {
  if (!tenantIsActive(tenant)) return fail(inactiveTenantError(tenant));
  const what = `Tenant "${tenant.profile.name}"`;
  const stale = checkExpectedVersion(what, tenant.version, command.expectedVersion);
  if (stale !== null) return fail(stale);
  const data = command.reason === undefined ? {} : { reason: command.reason };
  return accept(plan(TenantDeleted, data));
}
