/**
 * The stored events a conversation starts with in these tests: a Slack `message.received` as
 * slack-ingress publishes it, and the router's `message.routed` for it.
 */
import { randomBytes } from 'node:crypto';
import { createReaction } from '@konstruct/bus';
import {
  createEvent,
  type EventOf,
  MessageReceived,
  MessageRouted,
  stableId,
} from '@konstruct/schemas';

export type Received = EventOf<typeof MessageReceived>;
export type Routed = EventOf<typeof MessageRouted>;

export function slackMessageReceived(tenantId: string, conversationId: string, text: string) {
  return createEvent(
    MessageReceived,
    { tenantId },
    {
      conversationId,
      connectionId: null,
      sender: { id: 'U0ANA', displayName: 'Ana', isBot: false },
      text,
      metadata: {
        channel: 'slack',
        teamId: 'T0ACME',
        channelId: 'C0GENERAL',
        channelType: 'channel',
        eventId: `Ev${randomBytes(6).toString('hex')}`,
        ts: '1700000000.000100',
        threadTs: stableId([conversationId]),
        mentioned: true,
      },
    },
  );
}

/** What the router publishes for an accepted message. */
export const routedTo = (message: Received, agentId: string): Routed =>
  createReaction(MessageRouted, message, 'router', {
    conversationId: message.data.conversationId,
    messageId: message.id,
    agentId,
    channel: 'slack',
  });
