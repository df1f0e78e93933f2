/**
 * A `message.received` as slack-ingress stores it for a Slack message, for tests and benchmarks
 * that start after the ingress: every field has a plain default, and the conversation id is
 * derived from the thread the way the ingress derives it unless a test names one.
 */
import { randomBytes } from 'node:crypto';
import { createEvent, type EventOf, MessageReceived, stableId } from '@konstruct/schemas';

export interface SlackMessageOptions {
  readonly tenantId: string;
  readonly teamId?: string;
  readonly channelId?: string;
  /** The message's own ts (default `1700000000.000100`). */
  readonly ts?: string;
  /** The thread root's ts (default: the message's own, a new thread). */
  readonly threadTs?: string;
  /** Default: derived from team, channel and thread root, as slack-ingress does. */
  readonly conversationId?: string;
  readonly connectionId?: string | null;
  readonly senderId?: string;
  readonly text?: string;
  readonly mentioned?: boolean;
  /** Default: `im` for a `D…` channel, else `channel`. */
  readonly channelType?: 'channel' | 'im';
}

export function slackMessageReceived(
  options: SlackMessageOptions,
): EventOf<typeof MessageReceived> {
  const teamId = options.teamId ?? 'T0ACME';
  const channelId = options.channelId ?? 'C0GENERAL';
  const ts = options.ts ?? '1700000000.000100';
  const threadTs = options.threadTs ?? ts;
  return createEvent(
    MessageReceived,
    { tenantId: options.tenantId },
    {
      conversationId: options.conversationId ?? stableId(['slack', teamId, channelId, threadTs]),
      connectionId: options.connectionId ?? null,
      sender: { id: options.senderId ?? 'U0ANA', displayName: 'Ana', isBot: false },
      text: options.text ?? 'what is our refund policy?',
      metadata: {
        channel: 'slack',
        teamId,
        channelId,
        channelType: options.channelType ?? (channelId.startsWith('D') ? 'im' : 'channel'),
        eventId: `Ev${randomBytes(6).toString('hex')}`,
        ts,
        threadTs,
        mentioned: options.mentioned ?? true,
      },
    },
  );
}
