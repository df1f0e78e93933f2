/**
 * Which tenant and connection a Slack workspace belongs to (TNNT-02): the active connection with
 * this team id. Slack's requests name only the team, so this is a cross-tenant read and goes
 * through the audited platform path (`withPlatformRead`); the caller names itself as the actor.
 */
import type { Database, Kysely } from '@konstruct/db';
import { type PlatformReader, withPlatformRead } from './platform-read.ts';

export interface SlackConnectionOfTeam {
  readonly tenantId: string;
  readonly connectionId: string;
  readonly botUserId: string;
  /** The agent bound to the connection; null = the tenant's default. */
  readonly agentId: string | null;
}

export function findSlackConnectionByTeam(
  db: Kysely<Database>,
  reader: PlatformReader,
  teamId: string,
): Promise<SlackConnectionOfTeam | undefined> {
  return withPlatformRead(db, reader, async (trx) => {
    const row = await trx
      .selectFrom('channel_connections')
      .select(['tenant_id', 'connection_id', 'bot_user_id', 'agent_id'])
      .where('channel', '=', 'slack')
      .where('team_id', '=', teamId)
      .where('status', '=', 'active')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : {
          tenantId: row.tenant_id,
          connectionId: row.connection_id,
          botUserId: row.bot_user_id,
          agentId: row.agent_id,
        };
  });
}
