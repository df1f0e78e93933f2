/**
 * Decides, per Slack event, whether a person addressed the AI employee (CHAN-02): an
 * `app_mention`, a direct message, or a plain message in a channel thread (a `thread_reply`,
 * which the router answers only in threads the agent is engaged in). Everything else is ignored
 * with a reason: bots (its own messages included), edits, deletes, joins and other subtypes.
 * Pure: no I/O, the bot's user id is given.
 */
import type { SlackInnerEvent } from './slack-event.ts';
import { mentionsBot } from './strip-mention.ts';

export type SlackChannelType = 'channel' | 'group' | 'im' | 'mpim';
export type SlackMessageKind = 'mention' | 'direct_message' | 'thread_reply';

export type IgnoreReason =
  | 'bot_message'
  | 'own_message'
  | 'edited'
  | 'deleted'
  | 'channel_join'
  | 'other_subtype'
  | 'unsupported_event'
  | 'incomplete_event'
  | 'not_addressed'
  | 'mention_handled_as_app_mention';

/** The parts of an addressed message the received event is built from. */
export interface AddressedMessage {
  readonly kind: SlackMessageKind;
  readonly userId: string;
  readonly displayName: string;
  readonly text: string;
  readonly channelId: string;
  readonly channelType: SlackChannelType;
  readonly ts: string;
  readonly threadTs: string | undefined;
}

export type Classification =
  | { readonly decision: 'publish'; readonly message: AddressedMessage }
  | { readonly decision: 'ignore'; readonly reason: IgnoreReason };

const ignore = (reason: IgnoreReason): Classification => ({ decision: 'ignore', reason });

const SUBTYPE_REASONS: Readonly<Record<string, IgnoreReason>> = {
  bot_message: 'bot_message',
  message_changed: 'edited',
  message_deleted: 'deleted',
  channel_join: 'channel_join',
  group_join: 'channel_join',
};

export function classifySlackEvent(event: SlackInnerEvent, botUserId: string): Classification {
  if (event.type !== 'app_mention' && event.type !== 'message') return ignore('unsupported_event');
  if (event.subtype !== undefined) return ignore(SUBTYPE_REASONS[event.subtype] ?? 'other_subtype');
  // an edited mention comes again as an `app_mention` with a new event id, no subtype and an
  // `edited` field: the original was answered, the edit is not a new question
  if (event.edited !== undefined) return ignore('edited');
  if (event.user === botUserId) return ignore('own_message');
  if (event.bot_id !== undefined) return ignore('bot_message');
  const { user, channel, ts } = event;
  if (user === undefined || channel === undefined || ts === undefined) {
    return ignore('incomplete_event');
  }
  const channelType = channelTypeOf(event.channel_type, channel);
  const kind = kindOf(event, channelType, botUserId);
  if (typeof kind !== 'string' || !isKind(kind)) return ignore(kind);
  return {
    decision: 'publish',
    message: {
      kind,
      userId: user,
      displayName: displayNameOf(event, user),
      text: event.text ?? '',
      channelId: channel,
      channelType,
      ts,
      threadTs: event.thread_ts,
    },
  };
}

function kindOf(
  event: SlackInnerEvent,
  channelType: SlackChannelType,
  botUserId: string,
): SlackMessageKind | IgnoreReason {
  if (event.type === 'app_mention') return 'mention';
  if (channelType === 'im') return 'direct_message';
  // Slack also sends the mention as a `message`; the `app_mention` copy is the one we answer.
  if (mentionsBot(event.text ?? '', botUserId)) return 'mention_handled_as_app_mention';
  if (event.thread_ts !== undefined && event.thread_ts !== event.ts) return 'thread_reply';
  return 'not_addressed';
}

function isKind(value: string): value is SlackMessageKind {
  return value === 'mention' || value === 'direct_message' || value === 'thread_reply';
}

/** `channel_type` when Slack sends it (message events), else the channel id's prefix. */
export function channelTypeOf(
  channelType: string | undefined,
  channelId: string,
): SlackChannelType {
  if (
    channelType === 'channel' ||
    channelType === 'group' ||
    channelType === 'im' ||
    channelType === 'mpim'
  ) {
    return channelType;
  }
  if (channelId.startsWith('D')) return 'im';
  if (channelId.startsWith('G')) return 'group';
  return 'channel';
}

function displayNameOf(event: SlackInnerEvent, userId: string): string {
  const profile = event.user_profile;
  const name = profile?.display_name?.trim() || profile?.real_name?.trim();
  return name === undefined || name === '' ? userId : name;
}
