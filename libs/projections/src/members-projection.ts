/**
 * `members`: who belongs to a tenant and as what (`member.invited`, `member.role_changed`),
 * marked removed by `member.removed`; a new invitation makes a removed member active again.
 * `version` counts the member's events.
 */
import type { Database, Transaction } from '@konstruct/db';
import { sql, type Updateable } from 'kysely';
import { memberInvitedRow } from './member-rows.ts';
import { defineProjection } from './projection.ts';

async function changeMember(
  trx: Transaction<Database>,
  tenantId: string,
  userId: string,
  changes: Omit<Updateable<Database['members']>, 'version'>,
) {
  await trx
    .updateTable('members')
    .set({ ...changes, version: sql<number>`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export const membersProjection = defineProjection({
  name: 'members',
  eventTypes: ['member.invited', 'member.role_changed', 'member.removed'],
  tables: ['members'],
  async apply(trx, event) {
    const { tenantId, occurredAt } = event;
    switch (event.type) {
      case 'member.invited':
        await trx
          .insertInto('members')
          .values(memberInvitedRow(event))
          .onConflict((conflict) =>
            conflict.columns(['tenant_id', 'user_id']).doUpdateSet((eb) => ({
              email: eb.ref('excluded.email'),
              role: eb.ref('excluded.role'),
              status: eb.ref('excluded.status'),
              updated_at: eb.ref('excluded.updated_at'),
              version: sql<number>`members.version + 1`,
            })),
          )
          .execute();
        return;
      case 'member.role_changed':
        return changeMember(trx, tenantId, event.data.userId, {
          role: event.data.role,
          updated_at: occurredAt,
        });
      case 'member.removed':
        return changeMember(trx, tenantId, event.data.userId, {
          status: 'removed',
          updated_at: occurredAt,
        });
      default: {
        const never: never = event;
        return never;
      }
    }
  },
});
