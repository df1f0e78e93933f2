/**
 * Membership commands (PRTA-03 roles): invite, change role, remove. A person's user id is
 * derived from their e-mail address, so the same person is the same member in every command; a
 * tenant always keeps at least one admin (counted from the stream at decision time).
 */
import {
  ChangeMemberRoleInput,
  type DecisionResult,
  decideChangeMemberRole,
  decideInviteMember,
  decideRemoveMember,
  evolveMember,
  InviteMemberInput,
  initialMemberState,
  type MemberChangeGiven,
  type MemberPlannedEvent,
  memberRole,
  RemoveMemberInput,
} from '@konstruct/admin';
import { releaseClaim } from '@konstruct/event-store';
import { userIdForEmail } from '@konstruct/schemas';
import {
  type AdminStoreDeps,
  type CommandResult,
  commit,
  decided,
  fold,
  load,
  parseOrThrow,
} from './admin-store.ts';
import { loadTenant } from './tenant-commands.ts';
import { foldEntitiesOfKind } from './tenant-entities.ts';
import { claimOrFail } from './unique-claim.ts';

const memberEntity = (userId: string) => ({ entity: 'member' as const, id: userId });

async function loadMember(deps: AdminStoreDeps, tenantId: string, userId: string) {
  const loaded = await load(deps, tenantId, memberEntity(userId));
  return { loaded, state: fold(loaded, initialMemberState(), evolveMember) };
}

async function adminCount(deps: AdminStoreDeps, tenantId: string): Promise<number> {
  const members = await foldEntitiesOfKind(
    deps,
    tenantId,
    'member',
    initialMemberState,
    evolveMember,
  );
  return [...members.values()].filter((state) => memberRole(state) === 'admin').length;
}

export async function inviteMember(deps: AdminStoreDeps, input: unknown): Promise<CommandResult> {
  const given = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const email = typeof given.email === 'string' ? given.email : '';
  const command = parseOrThrow(InviteMemberInput, { userId: userIdForEmail(email), ...given });
  const [{ state: tenant }, { loaded, state: member }] = await Promise.all([
    loadTenant(deps, command.tenantId),
    loadMember(deps, command.tenantId, command.userId),
  ]);
  return commit(deps, loaded, decided(decideInviteMember({ tenant, member }, command)));
}

/**
 * Role changes and removals of one tenant run one at a time (a short-lived claim on the tenant's
 * admin roster), so two of them cannot each see "another admin remains" and together leave none.
 */
async function withAdminRoster<T>(
  deps: AdminStoreDeps,
  tenantId: string,
  userId: string,
  work: () => Promise<T>,
) {
  const holder = { tenantId, entity: 'member', id: userId };
  await claimOrFail(deps, {
    kind: 'admin-roster',
    value: tenantId,
    holder,
    stillHolds: async () => false,
    conflict: {
      code: 'StaleWrite',
      message: "Another change to this tenant's members is in progress; retry in a moment.",
    },
  });
  try {
    return await work();
  } finally {
    await releaseClaim(deps.bucket, deps.subjects, 'admin-roster', tenantId, holder);
  }
}

/** A role change or removal: decided over the member and the tenant's admin count. */
async function changeMember<C extends { tenantId: string; userId: string }>(
  deps: AdminStoreDeps,
  command: C,
  decide: (given: MemberChangeGiven, command: C) => DecisionResult<MemberPlannedEvent>,
): Promise<CommandResult> {
  return withAdminRoster(deps, command.tenantId, command.userId, async () => {
    const [{ loaded, state: member }, admins] = await Promise.all([
      loadMember(deps, command.tenantId, command.userId),
      adminCount(deps, command.tenantId),
    ]);
    return commit(deps, loaded, decided(decide({ member, adminCount: admins }, command)));
  });
}

export function changeMemberRole(deps: AdminStoreDeps, input: unknown): Promise<CommandResult> {
  return changeMember(deps, parseOrThrow(ChangeMemberRoleInput, input), decideChangeMemberRole);
}

export function removeMember(deps: AdminStoreDeps, input: unknown): Promise<CommandResult> {
  return changeMember(deps, parseOrThrow(RemoveMemberInput, input), decideRemoveMember);
}
