/**
 * `conversations` and `messages`: every user message (`message.received`) and agent reply
 * (`reply.completed`) becomes a `messages` row keyed by its event id (a repeat inserts nothing),
 * and its conversation row keeps the latest message's time and preview for listings
 * (`message.routed` only names the answering agent). A batch of one tenant's events costs one
 * statement: a multi-row insert of messages and a multi-row upsert of conversations together. A
 * conversation id of another tenant is never updated (the upsert names the tenant).
 */
import type { Database, Transaction } from '@konstruct/db';
import { sql } from 'kysely';
import {
  type ConversationEvent,
  foldConversationRows,
  type MessageRow,
  messageRowOf,
} from './conversation-rows.ts';
import { defineProjection, type ProjectedEvent } from './projection.ts';

const FIRST_KNOWN = [
  'channel',
  'agent_id',
  'connection_id',
  'slack_team_id',
  'slack_channel_id',
  'slack_thread_ts',
  'web_user_id',
] as const;
const LAST_MESSAGE = ['last_message_at', 'last_message_preview', 'last_message_sequence'] as const;

function firstKnown(column: string) {
  return sql`coalesce(conversations.${sql.ref(column)}, excluded.${sql.ref(column)})`;
}

function laterMessage(column: string) {
  return sql`case when excluded.last_message_sequence > coalesce(conversations.last_message_sequence, 0)
    then excluded.${sql.ref(column)} else conversations.${sql.ref(column)} end`;
}

function messageRows(entries: readonly ProjectedEvent<ConversationEvent>[]): MessageRow[] {
  return entries.map(messageRowOf).filter((row): row is MessageRow => row !== null);
}

/**
 * One statement: the messages (a data-modifying CTE; a repeat inserts nothing) and the
 * conversations upsert. The two touch different tables, so their order does not matter.
 */
async function applyConversationEvents(
  trx: Transaction<Database>,
  entries: readonly ProjectedEvent<ConversationEvent>[],
): Promise<void> {
  const conversations = foldConversationRows(entries);
  if (conversations.length === 0) return;
  const messages = messageRows(entries);
  const writer =
    messages.length === 0
      ? trx
      : trx.with('new_messages', (db) =>
          db
            .insertInto('messages')
            .values(messages)
            .onConflict((conflict) => conflict.column('message_id').doNothing())
            .returning('message_id'),
        );
  await writer
    .insertInto('conversations')
    .values(conversations)
    .onConflict((conflict) =>
      conflict
        .column('conversation_id')
        .doUpdateSet({
          ...Object.fromEntries(FIRST_KNOWN.map((column) => [column, firstKnown(column)])),
          started_at: sql`least(conversations.started_at, excluded.started_at)`,
          ...Object.fromEntries(LAST_MESSAGE.map((column) => [column, laterMessage(column)])),
        })
        .whereRef('conversations.tenant_id', '=', 'excluded.tenant_id'),
    )
    .execute();
}

export const conversationsProjection = defineProjection({
  name: 'conversations',
  eventTypes: ['message.received', 'message.routed', 'reply.completed'],
  tables: ['conversations', 'messages'],
  apply: (trx, event, sequence) => applyConversationEvents(trx, [{ event, sequence }]),
  applyMany: applyConversationEvents,
});
