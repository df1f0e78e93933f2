/**
 * Turns one addressed Slack message into the platform's `message.received` event (CHAN-01): the
 * tenant and connection the workspace resolved to, the thread's conversation id, the text without
 * the bot's mention, and the Slack metadata the egress replies with. Its id is derived from
 * Slack's `event_id`, so a retried delivery builds the identical event.
 */
import { createEvent, type KonstructEvent, MessageReceived } from '@konstruct/schemas';
import type { AddressedMessage } from './classify-slack-event.ts';
import { slackConversationId, threadRootOf } from './conversation-id.ts';
import { type SlackDelivery, slackMessageEventId } from './slack-message-id.ts';
import { stripMention } from './strip-mention.ts';

/** The longest text `message.received` carries (Slack's own limit is the same). */
const MAX_TEXT_LENGTH = 40_000;

/** The connection a workspace's team id resolved to. */
export interface SlackWorkspace {
  readonly tenantId: string;
  readonly connectionId: string;
  readonly botUserId: string;
}

export function buildMessageReceived(
  delivery: SlackDelivery,
  workspace: SlackWorkspace,
  message: AddressedMessage,
): KonstructEvent {
  const thread = {
    teamId: delivery.teamId,
    channelId: message.channelId,
    ts: message.ts,
    threadTs: message.threadTs,
  };
  return createEvent(
    MessageReceived,
    {
      tenantId: workspace.tenantId,
      id: slackMessageEventId(delivery),
      occurredAt: new Date(delivery.eventTime * 1000),
    },
    {
      conversationId: slackConversationId(thread),
      connectionId: workspace.connectionId,
      sender: { id: message.userId, displayName: message.displayName, isBot: false },
      text: stripMention(message.text, workspace.botUserId).slice(0, MAX_TEXT_LENGTH),
      attachments: [],
      metadata: {
        channel: 'slack',
        teamId: delivery.teamId,
        channelId: message.channelId,
        channelType: message.channelType,
        eventId: delivery.eventId,
        ts: message.ts,
        threadTs: threadRootOf(thread),
        mentioned: message.kind === 'mention',
      },
    },
  );
}
