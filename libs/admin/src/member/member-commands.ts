/**
 * Inputs of the membership commands (PRTA-03), validated the same way by the CLI, the portal and
 * the backend. The user id comes in: the shell resolves or creates the person's account first.
 */
import { MemberInvited, MemberRole, UserId } from '@konstruct/schemas';
import { z } from 'zod';
import { commandFields } from '../command-fields.ts';

export const InviteMemberInput = z
  .object({
    ...commandFields,
    userId: UserId,
    email: MemberInvited.data.shape.email,
    role: MemberRole,
  })
  .strict();
export type InviteMember = z.infer<typeof InviteMemberInput>;

export const ChangeMemberRoleInput = z
  .object({ ...commandFields, userId: UserId, role: MemberRole })
  .strict();
export type ChangeMemberRole = z.infer<typeof ChangeMemberRoleInput>;

export const RemoveMemberInput = z.object({ ...commandFields, userId: UserId }).strict();
export type RemoveMember = z.infer<typeof RemoveMemberInput>;
