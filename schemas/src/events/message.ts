/**
 * Inbound messages: received from a channel (CHAN-01), then routed to an agent or rejected
 * (rate limit, inactive agent, …). All are facts on the conversation's subject.
 */
import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { Uuid } from '../ids.ts';
import { AgentId, ChannelKind, ConnectionId, ConversationId } from './common.ts';

export const MessageSender = z
  .object({
    id: z.string().min(1).describe('the sender id in its channel (Slack user id, portal user id)'),
    displayName: z.string(),
    isBot: z.boolean(),
  })
  .strict();

export const MessageAttachment = z
  .object({
    name: z.string(),
    mimeType: z.string().optional(),
    url: z.url().optional(),
    sizeBytes: z.number().int().nonnegative().optional(),
  })
  .strict();

export const SlackMessageMetadata = z
  .object({
    channel: z.literal('slack'),
    teamId: z.string().min(1),
    channelId: z.string().min(1),
    channelType: z.enum(['channel', 'group', 'im', 'mpim']),
    eventId: z.string().min(1).describe("Slack's event_id, the dedup key of retries"),
    ts: z.string().min(1),
    threadTs: z.string().min(1).describe('the root of the thread the reply goes to'),
    mentioned: z.boolean().describe('the message @mentioned the bot'),
  })
  .strict();

export const WebMessageMetadata = z
  .object({
    channel: z.literal('web'),
    userId: Uuid,
    agentId: AgentId,
    clientMessageId: z.string().min(1).max(128).describe('browser-chosen id, the dedup key'),
  })
  .strict();

export const ChannelMetadata = z.discriminatedUnion('channel', [
  SlackMessageMetadata,
  WebMessageMetadata,
]);

export const MessageReceivedData = z
  .object({
    conversationId: ConversationId,
    connectionId: ConnectionId.nullable().describe('the channel connection it came through'),
    sender: MessageSender,
    text: z.string().max(40_000),
    attachments: z.array(MessageAttachment).max(50).default([]),
    metadata: ChannelMetadata,
  })
  .strict();

export const MessageReceived = defineEvent({
  type: 'message.received',
  version: 1,
  description: 'A person sent a message to an agent through a channel (Slack, web chat).',
  data: MessageReceivedData,
  entityOf: (data) => ({ entity: 'conversation', id: data.conversationId }),
});

export const MessageRouted = defineEvent({
  type: 'message.routed',
  version: 1,
  description: 'A received message was accepted and assigned to the agent that will answer it.',
  data: z
    .object({
      conversationId: ConversationId,
      messageId: Uuid.describe('the id of the message.received event'),
      agentId: AgentId,
      channel: ChannelKind,
    })
    .strict(),
  entityOf: (data) => ({ entity: 'conversation', id: data.conversationId }),
});

export const RejectionReason = z.enum([
  'rate_limited',
  'agent_inactive',
  'no_agent',
  'tenant_deleted',
  'connection_removed',
]);
export type RejectionReason = z.infer<typeof RejectionReason>;

export const MessageRejected = defineEvent({
  type: 'message.rejected',
  version: 1,
  description: 'A received message will not be answered by an agent, and why.',
  data: z
    .object({
      conversationId: ConversationId,
      messageId: Uuid.describe('the id of the message.received event'),
      channel: ChannelKind,
      reason: RejectionReason,
      scope: z.enum(['tenant', 'channel']).optional().describe('which rate limit was hit'),
      retryAfterMs: z.number().int().nonnegative().optional(),
      detail: z.string().max(500).describe('a sentence an operator can read'),
    })
    .strict(),
  entityOf: (data) => ({ entity: 'conversation', id: data.conversationId }),
});
