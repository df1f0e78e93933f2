/**
 * Given conversation events, the message rows and the one conversation row they fold into; the
 * fold of a run of events equals merging the folds of any split of it (so a batch boundary never
 * changes the result, just as the SQL upsert merges a new batch into the stored row).
 */
import { randomUUID } from 'node:crypto';
import { createEvent, MessageReceived, MessageRouted, ReplyCompleted } from '@konstruct/schemas';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type ConversationEvent,
  conversationRowOf,
  foldConversationRows,
  mergeConversationRows,
  messagePreview,
  messageRowOf,
  PREVIEW_LENGTH,
} from './conversation-rows.ts';
import type { ProjectedEvent } from './projection.ts';

const tenantId = randomUUID();
const conversationId = randomUUID();
const agentId = randomUUID();
const userId = randomUUID();

function received(minute: number, text = `hello ${minute}`) {
  return createEvent(
    MessageReceived,
    { tenantId, occurredAt: new Date(Date.UTC(2026, 0, 1, 10, minute)) },
    {
      conversationId,
      connectionId: null,
      sender: { id: userId, displayName: 'Ada', isBot: false },
      text,
      metadata: { channel: 'web', userId, agentId, clientMessageId: `c${minute}` },
    },
  );
}

function reply(minute: number, text = `answer ${minute}`) {
  const question = received(minute);
  return createEvent(
    ReplyCompleted,
    { tenantId, causedBy: question, occurredAt: new Date(Date.UTC(2026, 0, 1, 10, minute, 30)) },
    {
      conversationId,
      replyId: randomUUID(),
      messageId: question.id,
      agentId,
      text,
      finishReason: 'stop',
      model: 'm',
      usage: { inputTokens: 1, outputTokens: 1, estimated: false },
    },
  );
}

function routed(minute: number) {
  const question = received(minute);
  return createEvent(
    MessageRouted,
    { tenantId, causedBy: question },
    {
      conversationId,
      messageId: question.id,
      agentId,
      channel: 'web',
    },
  );
}

describe('messagePreview', () => {
  test('collapses whitespace and keeps short texts whole', () => {
    expect(messagePreview('  Hello\n\n  there\t!  ')).toBe('Hello there !');
  });

  test('cuts long texts to the preview length with an ellipsis', () => {
    const preview = messagePreview('word '.repeat(100));
    expect([...preview]).toHaveLength(PREVIEW_LENGTH);
    expect(preview.endsWith('…')).toBe(true);
  });

  test('never exceeds the preview length, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1_000 }), (text) => {
        expect([...messagePreview(text)].length).toBeLessThanOrEqual(PREVIEW_LENGTH);
      }),
    );
  });
});

describe('message rows', () => {
  test('a received message is a user turn; a completed reply an agent turn answering it', () => {
    const question = received(1);
    const answer = reply(1);
    expect(messageRowOf({ event: question, sequence: 7 })).toMatchObject({
      message_id: question.id,
      role: 'user',
      sender_id: userId,
      sender_display_name: 'Ada',
      text: 'hello 1',
      attachments: '[]',
      stream_sequence: 7,
    });
    expect(messageRowOf({ event: answer, sequence: 8 })).toMatchObject({
      role: 'agent',
      sender_id: agentId,
      sender_is_bot: true,
      agent_id: agentId,
      reply_to_message_id: answer.data.messageId,
    });
    expect(messageRowOf({ event: routed(1), sequence: 9 })).toBeNull();
  });
});

describe('conversation rows', () => {
  test('a conversation keeps its first channel and agent, earliest start and latest message', () => {
    const entries: ProjectedEvent<ConversationEvent>[] = [
      { event: received(1), sequence: 1 },
      { event: routed(1), sequence: 2 },
      { event: reply(1, 'the answer'), sequence: 3 },
    ];
    expect(foldConversationRows(entries)).toEqual([
      {
        tenant_id: tenantId,
        conversation_id: conversationId,
        channel: 'web',
        agent_id: agentId,
        connection_id: null,
        slack_team_id: null,
        slack_channel_id: null,
        slack_thread_ts: null,
        web_user_id: userId,
        started_at: '2026-01-01T10:01:00.000Z',
        last_message_at: '2026-01-01T10:01:30.000Z',
        last_message_preview: 'the answer',
        last_message_sequence: 3,
      },
    ]);
  });

  test('folding a run equals merging the folds of any two parts of it', () => {
    const makers = [received, reply, routed] as const;
    const run = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 59 })),
      {
        minLength: 2,
        maxLength: 12,
      },
    );
    fc.assert(
      fc.property(run, fc.nat(), (specs, cut) => {
        const entries = specs.map(([kind, minute], index) => ({
          event: (makers[kind] ?? received)(minute) as ConversationEvent,
          sequence: index + 1,
        }));
        const split = 1 + (cut % (entries.length - 1));
        const [head] = foldConversationRows(entries.slice(0, split));
        const [tail] = foldConversationRows(entries.slice(split));
        if (head === undefined || tail === undefined) throw new Error('empty fold');
        expect(mergeConversationRows(head, tail)).toEqual(foldConversationRows(entries)[0]);
      }),
    );
  });

  test('a routed message alone starts the conversation without a last message', () => {
    expect(conversationRowOf({ event: routed(5), sequence: 4 })).toMatchObject({
      channel: 'web',
      agent_id: agentId,
      last_message_at: null,
      last_message_sequence: null,
    });
  });
});
