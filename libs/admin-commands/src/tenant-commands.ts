/**
 * Tenant commands (PRTA-01) around the pure deciders: a tenant's slug is unique across the
 * platform (an atomic claim, released when the slug changes or the tenant is deleted).
 */
import {
  CreateTenantInput,
  DeleteTenantInput,
  decideCreateTenant,
  decideDeleteTenant,
  decideUpdateTenant,
  evolveTenant,
  initialTenantState,
  type TenantState,
  UpdateTenantInput,
} from '@konstruct/admin';
import { releaseClaim } from '@konstruct/event-store';
import { newEventId } from '@konstruct/schemas';
import {
  type AdminStoreDeps,
  type CommandResult,
  commit,
  decided,
  fold,
  load,
  parseOrThrow,
} from './admin-store.ts';
import { claimOrFail } from './unique-claim.ts';

const tenantEntity = (tenantId: string) => ({ entity: 'tenant' as const, id: tenantId });

export async function loadTenant(deps: AdminStoreDeps, tenantId: string) {
  const loaded = await load(deps, tenantId, tenantEntity(tenantId));
  return { loaded, state: fold(loaded, initialTenantState(), evolveTenant) };
}

const slugOf = (state: TenantState) => (state.status === 'absent' ? undefined : state.profile.slug);

function claimSlug(deps: AdminStoreDeps, tenantId: string, slug: string) {
  return claimOrFail(deps, {
    kind: 'tenant-slug',
    value: slug,
    holder: { tenantId, entity: 'tenant', id: tenantId },
    stillHolds: async (holder) => {
      const { state } = await loadTenant(deps, holder.tenantId);
      return state.status === 'active' && state.profile.slug === slug;
    },
    conflict: {
      code: 'SlugTaken',
      message: `The slug "${slug}" is used by another tenant; choose another.`,
    },
  });
}

/** After a failed write: give the slug back unless the tenant (written concurrently) uses it. */
async function releaseSlugUnlessUsed(deps: AdminStoreDeps, tenantId: string, slug: string) {
  const { state } = await loadTenant(deps, tenantId);
  if (state.status === 'active' && state.profile.slug === slug) return;
  await releaseSlug(deps, tenantId, slug);
}

function releaseSlug(deps: AdminStoreDeps, tenantId: string, slug: string) {
  const holder = { tenantId, entity: 'tenant', id: tenantId };
  return releaseClaim(deps.bucket, deps.subjects, 'tenant-slug', slug, holder);
}

export async function createTenant(deps: AdminStoreDeps, input: unknown): Promise<CommandResult> {
  const given = typeof input === 'object' && input !== null ? input : {};
  const command = parseOrThrow(CreateTenantInput, { tenantId: newEventId(), ...given });
  const { loaded, state } = await loadTenant(deps, command.tenantId);
  const planned = decided(decideCreateTenant(state, command));
  const slug =
    planned[0]?.definition.type === 'tenant.created'
      ? (planned[0].data as { slug: string }).slug
      : '';
  await claimSlug(deps, command.tenantId, slug);
  try {
    return await commit(deps, loaded, planned);
  } catch (error) {
    await releaseSlugUnlessUsed(deps, command.tenantId, slug);
    throw error;
  }
}

export async function updateTenant(deps: AdminStoreDeps, input: unknown): Promise<CommandResult> {
  const command = parseOrThrow(UpdateTenantInput, input);
  const { loaded, state } = await loadTenant(deps, command.tenantId);
  const planned = decided(decideUpdateTenant(state, command));
  const oldSlug = slugOf(state);
  const newSlug = command.slug !== undefined && command.slug !== oldSlug ? command.slug : undefined;
  if (newSlug !== undefined) await claimSlug(deps, command.tenantId, newSlug);
  try {
    const result = await commit(deps, loaded, planned);
    if (newSlug !== undefined && oldSlug !== undefined)
      await releaseSlug(deps, command.tenantId, oldSlug);
    return result;
  } catch (error) {
    if (newSlug !== undefined) await releaseSlugUnlessUsed(deps, command.tenantId, newSlug);
    throw error;
  }
}

export async function deleteTenant(deps: AdminStoreDeps, input: unknown): Promise<CommandResult> {
  const command = parseOrThrow(DeleteTenantInput, input);
  const { loaded, state } = await loadTenant(deps, command.tenantId);
  const result = await commit(deps, loaded, decided(decideDeleteTenant(state, command)));
  const slug = slugOf(state);
  if (slug !== undefined) await releaseSlug(deps, command.tenantId, slug);
  return result;
}
