/**
 * Decides the membership commands. A tenant always keeps at least one admin: the count spans
 * members, so the shell passes the tenant's current number of admins (this member included) and
 * the decision refuses to remove or demote the last one.
 */
import { MemberInvited, MemberRemoved, MemberRoleChanged } from '@konstruct/schemas';
import {
  accept,
  type DecisionResult,
  fail,
  type PlannedEventOf,
  plan,
  reject,
} from '../decision.ts';
import { checkExpectedVersion } from '../expected-version.ts';
import { inactiveTenantError, type TenantState, tenantIsActive } from '../tenant/tenant-state.ts';
import type { ChangeMemberRole, InviteMember, RemoveMember } from './member-commands.ts';
import type { MemberState } from './member-state.ts';

export type MemberPlannedEvent = PlannedEventOf<
  typeof MemberInvited | typeof MemberRoleChanged | typeof MemberRemoved
>;
type MemberDecision = DecisionResult<MemberPlannedEvent>;

export interface InviteMemberGiven {
  readonly tenant: TenantState;
  readonly member: MemberState;
}

export interface MemberChangeGiven {
  readonly member: MemberState;
  /** How many admins the tenant has right now, this member included. */
  readonly adminCount: number;
}

const NOT_FOUND = 'This person is not a member of the tenant; check the user id.';
const LAST_ADMIN = 'a tenant needs at least one admin, so make someone else admin first.';

export function decideInviteMember(
  { tenant, member }: InviteMemberGiven,
  command: InviteMember,
): MemberDecision {
  if (!tenantIsActive(tenant)) return fail(inactiveTenantError(tenant));
  if (member.status === 'member') {
    return reject(
      'MemberAlreadyExists',
      `This person is already a ${member.member.role} of the tenant; change their role instead.`,
    );
  }
  const stale = checkExpectedVersion('This membership', member.version, command.expectedVersion);
  if (stale !== null) return fail(stale);
  const { userId, email, role } = command;
  return accept(plan(MemberInvited, { userId, email, role }));
}

export function decideChangeMemberRole(
  { member, adminCount }: MemberChangeGiven,
  command: ChangeMemberRole,
): MemberDecision {
  if (member.status !== 'member') return reject('MemberNotFound', NOT_FOUND);
  const stale = checkExpectedVersion('This membership', member.version, command.expectedVersion);
  if (stale !== null) return fail(stale);
  const previousRole = member.member.role;
  if (command.role === previousRole) {
    return reject(
      'NothingToChange',
      `This person is already a ${previousRole}; nothing was saved.`,
    );
  }
  if (previousRole === 'admin' && adminCount <= 1) {
    return reject('LastAdmin', `The last admin cannot be made a ${command.role}; ${LAST_ADMIN}`);
  }
  return accept(
    plan(MemberRoleChanged, { userId: command.userId, role: command.role, previousRole }),
  );
}

export function decideRemoveMember(
  { member, adminCount }: MemberChangeGiven,
  command: RemoveMember,
): MemberDecision {
  if (member.status !== 'member') return reject('MemberNotFound', NOT_FOUND);
  const stale = checkExpectedVersion('This membership', member.version, command.expectedVersion);
  if (stale !== null) return fail(stale);
  if (member.member.role === 'admin' && adminCount <= 1) {
    return reject('LastAdmin', `The last admin cannot be removed; ${LAST_ADMIN}`);
  }
  return accept(plan(MemberRemoved, { userId: command.userId }));
}
