/**
 * Pure mapping of `member.invited` to a `members` row (an invited person is an active member
 * until removed).
 */
import type { Database } from '@konstruct/db';
import type { Insertable } from 'kysely';
import type { EventOfType } from './projection.ts';

export type MemberRow = Insertable<Database['members']>;

export function memberInvitedRow(event: EventOfType<'member.invited'>): MemberRow {
  return {
    tenant_id: event.tenantId,
    user_id: event.data.userId,
    email: event.data.email,
    role: event.data.role,
    status: 'active',
    version: 1,
    created_at: event.occurredAt,
    updated_at: event.occurredAt,
  };
}
