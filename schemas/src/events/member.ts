/**
 * Tenant membership (PRTA-03 roles): who may use a tenant's portal, as admin or member.
 */
import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { MemberRole, UserId } from './common.ts';

const onMember = (data: { userId: string }) => ({ entity: 'member' as const, id: data.userId });

export const MemberInvited = defineEvent({
  type: 'member.invited',
  version: 1,
  description: 'A person was invited to the tenant with a role.',
  data: z.object({ userId: UserId, email: z.email().toLowerCase(), role: MemberRole }).strict(),
  entityOf: onMember,
});

export const MemberRoleChanged = defineEvent({
  type: 'member.role_changed',
  version: 1,
  description: "A member's role in the tenant changed.",
  data: z.object({ userId: UserId, role: MemberRole, previousRole: MemberRole }).strict(),
  entityOf: onMember,
});

export const MemberRemoved = defineEvent({
  type: 'member.removed',
  version: 1,
  description: 'A member lost access to the tenant.',
  data: z.object({ userId: UserId }).strict(),
  entityOf: onMember,
});
