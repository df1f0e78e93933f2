/**
 * The stored events a conversation starts with in these tests: a Slack `message.received` as
 * slack-ingress publishes it, and the router's `message.routed` for it.
 */
import { createReaction } from '@konstruct/bus';
import { type EventOf, type MessageReceived, MessageRouted, stableId } from '@konstruct/schemas';
import { slackMessageReceived as slackMessage } from '@konstruct/testing';

export type Received = EventOf<typeof MessageReceived>;
export type Routed = EventOf<typeof MessageRouted>;

export const slackMessageReceived = (tenantId: string, conversationId: string, text: string) =>
  slackMessage({ tenantId, conversationId, text, threadTs: stableId([conversationId]) });

/** What the router publishes for an accepted message. */
export const routedTo = (message: Received, agentId: string): Routed =>
  createReaction(MessageRouted, message, 'router', {
    conversationId: message.data.conversationId,
    messageId: message.id,
    agentId,
    channel: 'slack',
  });
