/**
 * Pure mapping of conversation events to rows: each `message.received` is a user message and each
 * `reply.completed` an agent message (`messages`, keyed by event id), and every conversation event
 * contributes to its `conversations` row. Several events of one conversation in a batch fold into
 * one row with `mergeConversationRows`, which is the same rule the upsert applies in SQL: the
 * first known channel, agent and external references stay, `started_at` is the earliest event,
 * and the last message is the one with the highest stream sequence.
 */
import type { EventOfType, ProjectedEvent } from './projection.ts';

export type ConversationEvent = EventOfType<
  'message.received' | 'message.routed' | 'reply.completed'
>;

export interface ConversationRow {
  readonly tenant_id: string;
  readonly conversation_id: string;
  readonly channel: 'slack' | 'web' | null;
  readonly agent_id: string | null;
  readonly connection_id: string | null;
  readonly slack_team_id: string | null;
  readonly slack_channel_id: string | null;
  readonly slack_thread_ts: string | null;
  readonly web_user_id: string | null;
  readonly started_at: string;
  readonly last_message_at: string | null;
  readonly last_message_preview: string | null;
  readonly last_message_sequence: number | null;
}

export interface MessageRow {
  readonly tenant_id: string;
  readonly message_id: string;
  readonly conversation_id: string;
  readonly role: 'user' | 'agent';
  readonly sender_id: string;
  readonly sender_display_name: string | null;
  readonly sender_is_bot: boolean;
  readonly agent_id: string | null;
  readonly reply_to_message_id: string | null;
  readonly text: string;
  readonly attachments: string;
  readonly occurred_at: string;
  readonly stream_sequence: number;
}

export const PREVIEW_LENGTH = 200;

/** The text shown in conversation lists: whitespace collapsed, at most PREVIEW_LENGTH chars. */
export function messagePreview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= PREVIEW_LENGTH) return flat;
  return `${chars
    .slice(0, PREVIEW_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}

const NO_REFERENCES = {
  connection_id: null,
  slack_team_id: null,
  slack_channel_id: null,
  slack_thread_ts: null,
  web_user_id: null,
} as const;

function receivedReferences(event: EventOfType<'message.received'>) {
  const { metadata, connectionId } = event.data;
  if (metadata.channel === 'slack') {
    return {
      ...NO_REFERENCES,
      connection_id: connectionId,
      slack_team_id: metadata.teamId,
      slack_channel_id: metadata.channelId,
      slack_thread_ts: metadata.threadTs,
    };
  }
  return { ...NO_REFERENCES, connection_id: connectionId, web_user_id: metadata.userId };
}

/** What one event says about its conversation. */
export function conversationRowOf({
  event,
  sequence,
}: ProjectedEvent<ConversationEvent>): ConversationRow {
  const base = {
    tenant_id: event.tenantId,
    conversation_id: event.data.conversationId,
    started_at: event.occurredAt,
  };
  switch (event.type) {
    case 'message.received': {
      const { metadata } = event.data;
      return {
        ...base,
        ...receivedReferences(event),
        channel: metadata.channel,
        agent_id: metadata.channel === 'web' ? metadata.agentId : null,
        last_message_at: event.occurredAt,
        last_message_preview: messagePreview(event.data.text),
        last_message_sequence: sequence,
      };
    }
    case 'message.routed':
      return {
        ...base,
        ...NO_REFERENCES,
        channel: event.data.channel,
        agent_id: event.data.agentId,
        last_message_at: null,
        last_message_preview: null,
        last_message_sequence: null,
      };
    case 'reply.completed':
      return {
        ...base,
        ...NO_REFERENCES,
        channel: null,
        agent_id: event.data.agentId,
        last_message_at: event.occurredAt,
        last_message_preview: messagePreview(event.data.text),
        last_message_sequence: sequence,
      };
    default: {
      const never: never = event;
      return never;
    }
  }
}

const isLater = (candidate: number | null, current: number | null) =>
  candidate !== null && (current === null || candidate > current);

/** `earlier` then `later` (in stream order) as one row; mirrors the upsert's SQL. */
export function mergeConversationRows(
  earlier: ConversationRow,
  later: ConversationRow,
): ConversationRow {
  const laterLast = isLater(later.last_message_sequence, earlier.last_message_sequence);
  const last = laterLast ? later : earlier;
  return {
    tenant_id: earlier.tenant_id,
    conversation_id: earlier.conversation_id,
    channel: earlier.channel ?? later.channel,
    agent_id: earlier.agent_id ?? later.agent_id,
    connection_id: earlier.connection_id ?? later.connection_id,
    slack_team_id: earlier.slack_team_id ?? later.slack_team_id,
    slack_channel_id: earlier.slack_channel_id ?? later.slack_channel_id,
    slack_thread_ts: earlier.slack_thread_ts ?? later.slack_thread_ts,
    web_user_id: earlier.web_user_id ?? later.web_user_id,
    started_at:
      Date.parse(later.started_at) < Date.parse(earlier.started_at)
        ? later.started_at
        : earlier.started_at,
    last_message_at: last.last_message_at,
    last_message_preview: last.last_message_preview,
    last_message_sequence: last.last_message_sequence,
  };
}

/** One row per conversation for a run of events in stream order. */
export function foldConversationRows(
  entries: readonly ProjectedEvent<ConversationEvent>[],
): ConversationRow[] {
  const rows = new Map<string, ConversationRow>();
  for (const entry of entries) {
    const row = conversationRowOf(entry);
    const earlier = rows.get(row.conversation_id);
    rows.set(
      row.conversation_id,
      earlier === undefined ? row : mergeConversationRows(earlier, row),
    );
  }
  return [...rows.values()];
}

/** The message an event adds to its conversation; null for events that carry none. */
export function messageRowOf({
  event,
  sequence,
}: ProjectedEvent<ConversationEvent>): MessageRow | null {
  const common = {
    tenant_id: event.tenantId,
    message_id: event.id,
    occurred_at: event.occurredAt,
    stream_sequence: sequence,
  };
  switch (event.type) {
    case 'message.received':
      return {
        ...common,
        conversation_id: event.data.conversationId,
        role: 'user',
        sender_id: event.data.sender.id,
        sender_display_name: event.data.sender.displayName,
        sender_is_bot: event.data.sender.isBot,
        agent_id: null,
        reply_to_message_id: null,
        text: event.data.text,
        attachments: JSON.stringify(event.data.attachments),
      };
    case 'reply.completed':
      return {
        ...common,
        conversation_id: event.data.conversationId,
        role: 'agent',
        sender_id: event.data.agentId,
        sender_display_name: null,
        sender_is_bot: true,
        agent_id: event.data.agentId,
        reply_to_message_id: event.data.messageId,
        text: event.data.text,
        attachments: '[]',
      };
    case 'message.routed':
      return null;
    default: {
      const never: never = event;
      return never;
    }
  }
}
