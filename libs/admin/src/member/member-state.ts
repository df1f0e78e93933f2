/**
 * A tenant member (PRTA-03: admin or member of a tenant) as its events describe it.
 * `version` counts the events applied, for optimistic concurrency.
 */
import type {
  MemberInvited,
  MemberRemoved,
  MemberRole,
  MemberRoleChanged,
} from '@konstruct/schemas';
import { assertNever } from '../decision.ts';
import type { FactOf } from '../fact.ts';

export type MemberEvent = FactOf<
  typeof MemberInvited | typeof MemberRoleChanged | typeof MemberRemoved
>;

export interface MemberDetails {
  readonly userId: string;
  readonly email: string;
  readonly role: MemberRole;
}

export interface AbsentMember {
  readonly status: 'absent';
  readonly version: number;
}
export interface CurrentMember {
  readonly status: 'member';
  readonly version: number;
  readonly member: MemberDetails;
}
export interface RemovedMember {
  readonly status: 'removed';
  readonly version: number;
  readonly member: MemberDetails;
}
export type MemberState = AbsentMember | CurrentMember | RemovedMember;

export function initialMemberState(): MemberState {
  return { status: 'absent', version: 0 };
}

export function evolveMember(state: MemberState, event: MemberEvent): MemberState {
  const version = state.version + 1;
  switch (event.type) {
    case 'member.invited':
      return { status: 'member', version, member: { ...event.data } };
    case 'member.role_changed':
      if (state.status === 'absent') return { ...state, version };
      return { ...state, version, member: { ...state.member, role: event.data.role } };
    case 'member.removed':
      if (state.status === 'absent') return { ...state, version };
      return { status: 'removed', version, member: state.member };
    default:
      return assertNever(event);
  }
}

/** True while the person belongs to the tenant (invited and not removed). */
export function isCurrentMember(state: MemberState): state is CurrentMember {
  return state.status === 'member';
}

/** The member's role while they belong to the tenant; null otherwise. */
export function memberRole(state: MemberState): MemberRole | null {
  return state.status === 'member' ? state.member.role : null;
}
