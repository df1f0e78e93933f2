/**
 * Pure mapping of `connection.added` to a `channel_connections` row. The bot token is stored as
 * the event carries it — the encrypted secret — and is never decrypted by the projector.
 */
import type { Database } from '@konstruct/db';
import type { Insertable } from 'kysely';
import { jsonColumn } from './json-column.ts';
import type { EventOfType } from './projection.ts';

export type ConnectionRow = Insertable<Database['channel_connections']>;

export function connectionAddedRow(event: EventOfType<'connection.added'>): ConnectionRow {
  const { connectionId, agentId, connection } = event.data;
  return {
    tenant_id: event.tenantId,
    connection_id: connectionId,
    channel: connection.channel,
    team_id: connection.teamId,
    team_name: connection.teamName ?? null,
    bot_user_id: connection.botUserId,
    bot_token: jsonColumn(connection.botToken),
    agent_id: agentId,
    status: 'active',
    created_at: event.occurredAt,
    removed_at: null,
    version: 1,
    updated_at: event.occurredAt,
  };
}
