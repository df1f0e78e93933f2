/**
 * `channel_connections`: a Slack workspace connected to a tenant (`connection.added`), marked
 * removed — not deleted — by `connection.removed`. `version` counts the connection's events. The
 * named agent need not be projected yet (no foreign key). Writes name the event's tenant, so a
 * connection id of another tenant is never touched, RLS or not.
 */
import { sql } from 'kysely';
import { connectionAddedRow } from './connection-rows.ts';
import { defineProjection } from './projection.ts';

const REPLACED_COLUMNS = [
  'channel',
  'team_id',
  'team_name',
  'bot_user_id',
  'bot_token',
  'agent_id',
  'status',
  'removed_at',
  'updated_at',
] as const;

export const channelConnectionsProjection = defineProjection({
  name: 'channel-connections',
  eventTypes: ['connection.added', 'connection.removed'],
  tables: ['channel_connections'],
  async apply(trx, event) {
    switch (event.type) {
      case 'connection.added':
        await trx
          .insertInto('channel_connections')
          .values(connectionAddedRow(event))
          .onConflict((conflict) =>
            conflict
              .column('connection_id')
              .doUpdateSet((eb) => ({
                ...Object.fromEntries(
                  REPLACED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)]),
                ),
                version: sql<number>`channel_connections.version + 1`,
              }))
              .whereRef('channel_connections.tenant_id', '=', 'excluded.tenant_id'),
          )
          .execute();
        return;
      case 'connection.removed':
        await trx
          .updateTable('channel_connections')
          .set({
            status: 'removed',
            removed_at: event.occurredAt,
            updated_at: event.occurredAt,
            version: sql<number>`version + 1`,
          })
          .where('tenant_id', '=', event.tenantId)
          .where('connection_id', '=', event.data.connectionId)
          .execute();
        return;
      default: {
        const never: never = event;
        return never;
      }
    }
  },
});
