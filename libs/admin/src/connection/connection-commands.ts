/**
 * Inputs of the channel-connection commands (PRTA-04). The bot token arrives already encrypted:
 * the shell encrypts what the operator typed (or what Slack's OAuth returned) before deciding,
 * so no plaintext secret ever reaches a command, an event or a log.
 */
import { AgentId, ConnectionId, EncryptedSecret, SlackConnection } from '@konstruct/schemas';
import { z } from 'zod';
import { commandFields } from '../command-fields.ts';

const slack = SlackConnection.shape;

export const AddSlackConnectionInput = z
  .object({
    ...commandFields,
    connectionId: ConnectionId,
    agentId: AgentId.nullable().describe("the agent that answers; null = the tenant's default"),
    teamId: slack.teamId,
    teamName: slack.teamName,
    botUserId: slack.botUserId,
    botToken: EncryptedSecret,
  })
  .strict();
export type AddSlackConnection = z.infer<typeof AddSlackConnectionInput>;

export const RemoveConnectionInput = z
  .object({ ...commandFields, connectionId: ConnectionId })
  .strict();
export type RemoveConnection = z.infer<typeof RemoveConnectionInput>;
