/**
 * Channel connections: a Slack workspace (team) bound to a tenant and optionally one agent.
 * The bot token travels encrypted (TNNT-04); it is never in an event in the clear.
 */
import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { AgentId, ConnectionId, EncryptedSecret } from './common.ts';

export const SlackConnection = z
  .object({
    channel: z.literal('slack'),
    teamId: z.string().regex(/^[TE][A-Z0-9]+$/, 'a Slack team id looks like T0123ABCD'),
    teamName: z.string().max(200).optional(),
    botUserId: z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id looks like U0123ABCD'),
    botToken: EncryptedSecret,
  })
  .strict();

const onConnection = (data: { connectionId: string }) => ({
  entity: 'connection' as const,
  id: data.connectionId,
});

export const ConnectionAdded = defineEvent({
  type: 'connection.added',
  version: 1,
  description: 'A channel (a Slack workspace) was connected to the tenant.',
  data: z
    .object({
      connectionId: ConnectionId,
      agentId: AgentId.nullable().describe("the agent that answers; null = the tenant's default"),
      connection: z.discriminatedUnion('channel', [SlackConnection]),
    })
    .strict(),
  entityOf: onConnection,
});

export const ConnectionRemoved = defineEvent({
  type: 'connection.removed',
  version: 1,
  description: 'A channel connection was removed; its messages are ignored from now on.',
  data: z.object({ connectionId: ConnectionId }).strict(),
  entityOf: onConnection,
});
